from __future__ import annotations

import io
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from .conftest import run_cong

PASSWORD = "Quan-tri-cong-2026!"


@pytest.mark.slow
def test_init_prepares_a_data_dir_and_is_idempotent(tmp_path: Path) -> None:
    data = tmp_path / "var"
    sqlite = {"DATABASE_URL": "", "REDIS_URL": ""}  # this drill reads the SQLite file directly
    first = run_cong(
        data,
        "init",
        "--username",
        "quantri",
        "--email",
        "qt@example.gov.vn",
        CONG_ADMIN_PASSWORD=PASSWORD,
        **sqlite,
    )
    key_file = data / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()
    assert len(key) >= 50
    assert "Đã tạo khóa bí mật" in first.stdout
    assert "Đã tạo tài khoản quản trị quantri" in first.stdout
    assert "[ ] Tên miền" in first.stdout and "[ ] Sao lưu" in first.stdout
    assert (data / "static" / "staticfiles.json").exists()
    with sqlite3.connect(data / "cong.sqlite3") as db:
        rows = db.execute(
            "SELECT u.is_superuser, g.name FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE u.username = 'quantri'"
        ).fetchall()
    assert rows == [(1, "Quản trị")]

    again = run_cong(
        data,
        "init",
        CONG_BASE_URL="https://cong.example.gov.vn",
        CONG_ALLOWED_HOSTS="cong.example.gov.vn",
        **sqlite,
    )
    assert key_file.read_text() == key, "init must never overwrite the key"
    assert "giữ nguyên, không ghi đè" in again.stdout
    assert "Đã có tài khoản quản trị quantri" in again.stdout
    assert "[x] Tên miền" in again.stdout
    with sqlite3.connect(data / "cong.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM auth_user").fetchone() == (1,)
    # The production settings start with the key init wrote (no manual step).
    check = run_cong(data, "check", "--deploy", check=False, **sqlite)
    assert "no secret key" not in check.stderr.lower()


def test_weak_password_is_refused_and_no_user_created(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONG_ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError, match="Mật khẩu chưa đạt"):
        call_command("init", username="quantri", interactive=False, stdout=io.StringIO())
    assert not User.objects.filter(username="quantri").exists()


def test_missing_password_without_terminal_is_an_error(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONG_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="CONG_ADMIN_PASSWORD"):
        call_command("init", username="quantri", interactive=False, stdout=io.StringIO())


def test_existing_user_joins_the_admin_group_and_keeps_password(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = User.objects.create_user("biên-tập", password="old-password-123")
    monkeypatch.setenv("CONG_ADMIN_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("init", username="biên-tập", interactive=False, stdout=out)
    user.refresh_from_db()
    assert user.check_password("old-password-123")
    assert user.groups.filter(name="Quản trị").exists()
    assert "giữ nguyên mật khẩu" in out.getvalue()


def test_secret_key_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cong.cli import ensure_secret_key

    monkeypatch.delenv("CONG_SECRET_KEY", raising=False)
    monkeypatch.setenv("CONG_DATA_DIR", str(tmp_path))
    (tmp_path / "secret_key").write_text("existing")
    os.chmod(tmp_path / "secret_key", 0o644)
    message = ensure_secret_key()
    assert (tmp_path / "secret_key").read_text() == "existing"
    assert "không ghi đè" in message and "chmod 600" in message
