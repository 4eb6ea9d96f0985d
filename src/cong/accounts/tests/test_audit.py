"""Sign-ins, failures, lockouts, two-factor and role changes in the audit log and its CSV export;
retention of at least a year; passwords of at least 12 characters."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry, PageLogEntry

from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

WRONG = "mat-khau-sai-bi-mat-XYZ"


def label(action: str) -> str:
    with translation.override("vi"):
        return str(registry.get_action_label(action))


def export(client: Client) -> list[list[str]]:
    today = timezone.localdate()
    response = client.get(
        "/admin/reports/site-history/",
        {
            "export": "csv",
            "timestamp_from": (today - timedelta(days=1)).isoformat(),
            "timestamp_to": today.isoformat(),
        },
    )
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def test_sign_in_events_are_in_the_site_history_export(make_user: Any) -> None:
    make_user("bientap")
    quantri = make_user("quantri")
    client = Client()
    sign_in(client, "bientap", WRONG, address="203.0.113.50")
    sign_in(client, "khong-ton-tai", WRONG, address="203.0.113.50")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "bientap", WRONG, address="203.0.113.51")
    client2 = Client()
    sign_in(client2, "bientap", PASSWORD, address="192.0.2.9")  # locked out now: refused
    reporter = make_user("phongvien")
    admin = Client()
    sign_in(admin, "quantri")
    admin.post(
        f"/admin/users/edit/{reporter.pk}/",
        {
            "username": "phongvien",
            "email": reporter.email,
            "first_name": "Người",
            "last_name": "phongvien",
            "is_active": "on",
            "groups": [str(Group.objects.get(name="Biên tập viên").pk)],
        },
    )
    admin.post("/admin/logout/")
    admin2 = Client()
    sign_in(admin2, "quantri")

    rows = export(admin2)
    actions = {(row[1], row[3], row[4]) for row in rows[1:]}
    expected_labels = {label(a) for a in ("cong.accounts.login", "cong.accounts.logout")}
    assert all(lbl not in ("Log in", "Log out") for lbl in expected_labels)
    assert any(r[1] == "quantri" and r[3] == label("cong.accounts.login") for r in rows[1:]), actions
    assert any(r[1] == "quantri" and r[3] == label("cong.accounts.logout") for r in rows[1:]), actions
    assert any(r[1] == "bientap" and r[3] == label("cong.accounts.login_failed") for r in rows[1:]), actions
    assert any(r[1] == "bientap" and r[3] == label("cong.accounts.locked_out") for r in rows[1:]), actions
    assert any(
        r[1].startswith("khong-ton-tai") and r[3] == label("cong.accounts.login_failed") for r in rows[1:]
    )
    changed = [r for r in rows[1:] if r[1] == "phongvien" and r[3] == label("cong.accounts.roles_changed")]
    assert changed and any("quantri" in r[4] for r in changed), actions
    entry = ModelLogEntry.objects.filter(
        action="cong.accounts.roles_changed", object_id=str(reporter.pk)
    ).latest("pk")
    assert entry.user == quantri

    # Never a password, an attempted password or a client address.
    everything = " ".join(f"{e.label} {e.data}" for e in ModelLogEntry.objects.all())
    for secret in (WRONG, PASSWORD, "203.0.113.5", "192.0.2.9"):
        assert secret not in everything
    assert "\n".join(",".join(r) for r in rows).count(WRONG) == 0


def test_prune_keeps_at_least_a_year(make_user: Any, home: Any) -> None:
    user = make_user("bientap")
    now = timezone.now()
    for days in (10, 300, 364, 366, 800):
        ModelLogEntry.objects.log_action(user, "cong.accounts.login", timestamp=now - timedelta(days=days))
        PageLogEntry.objects.log_action(home, "wagtail.edit", timestamp=now - timedelta(days=days))
    with pytest.raises(CommandError):
        call_command("prune_audit_log", days=90, stdout=io.StringIO())
    assert ModelLogEntry.objects.filter(timestamp__lt=now - timedelta(days=365)).count() >= 2

    out = io.StringIO()
    call_command("prune_audit_log", stdout=out)
    for model in (ModelLogEntry, PageLogEntry):
        ages = sorted(
            (now - e.timestamp).days
            for e in model.objects.filter(action__in=["cong.accounts.login", "wagtail.edit"])
        )
        assert ages and max(ages) < 365, (model, ages)
        assert 364 in ages
    assert "Đã xóa 4 mục" in out.getvalue()


def test_prune_never_cuts_below_twelve_calendar_months(
    make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year with 29 February has 366 days: 365 days back is less than 12 months then."""
    from cong.accounts.management.commands import prune_audit_log

    now = datetime(2028, 3, 10, 12, 0, tzinfo=UTC)  # twelve months back is 2027-03-10 12:00, 366 days
    monkeypatch.setattr(prune_audit_log.timezone, "now", lambda: now)
    user = make_user("bientap")
    inside = now - timedelta(days=365, hours=12)  # 2027-03-11 00:00: within the last 12 months
    outside = now - timedelta(days=366, hours=1)  # 2027-03-10 11:00: older than 12 months
    for when in (inside, outside):
        ModelLogEntry.objects.log_action(user, "cong.accounts.login", timestamp=when)
    call_command("prune_audit_log", days=365, stdout=io.StringIO())
    kept = set(ModelLogEntry.objects.filter(action="cong.accounts.login").values_list("timestamp", flat=True))
    assert kept == {inside}


def test_retention_below_a_year_is_refused_at_start() -> None:
    # A production start (the suite's own CONG_TESTING would stop it for another reason first).
    env = {k: v for k, v in os.environ.items() if k not in ("CONG_TESTING", "DJANGO_SETTINGS_MODULE")}
    env |= {"CONG_AUDIT_RETENTION_DAYS": "90", "CONG_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import cong.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "CONG_AUDIT_RETENTION_DAYS" in result.stderr


def test_passwords_have_at_least_twelve_characters() -> None:
    with pytest.raises(ValidationError):
        validate_password("Xk9#mT2q!vB")  # 11 characters
    validate_password("Xk9#mT2q!vBz")
