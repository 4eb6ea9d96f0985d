"""Portal rating and polls: one rating per visitor per day, one vote per visitor per poll (a second one
counts nothing), open/close windows, results only when the editors choose, admin results over time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from cong.participation.models import Poll, PollBallot, PollChoice, PortalRating

from .conftest import pow_payload

pytestmark = pytest.mark.django_db
RATING = {"interface": "4", "content": "5", "quality": "3", "support": "4", "comment": "Trang dễ đọc."}


def make_poll(site: Site, multiple: bool = False, **fields: Any) -> Poll:
    now = timezone.now()
    values = {
        "site": site,
        "question": "Bạn muốn cổng bổ sung dịch vụ nào?",
        "slug": "dich-vu-moi",
        "multiple": multiple,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=7),
        "results": Poll.Results.ALWAYS,
        **fields,
    }
    poll = Poll.objects.create(**values)
    for n, text in enumerate(["Tra cứu hồ sơ", "Lịch tiếp dân", "Bản đồ quy hoạch"]):
        PollChoice.objects.create(poll=poll, text=text, sort_order=n)
    return poll


def vote(client: Client, poll: Poll, *choices: PollChoice, pow_: bool = True) -> Any:
    data: dict[str, Any] = {"choices": [str(c.pk) for c in choices]}
    if pow_:
        data["altcha"] = pow_payload(client)
    return client.post(f"/tham-do/{poll.slug}/", data)


def test_rating_once_per_visitor(site: Site) -> None:
    page = Client().get("/danh-gia/")
    assert page.status_code == 200 and not page.cookies
    visitor = Client(HTTP_USER_AGENT="Trình duyệt A")
    assert visitor.post("/danh-gia/", {**RATING}).status_code == 400, "no proof of work"
    assert PortalRating.objects.count() == 0
    assert visitor.post("/danh-gia/", {**RATING, "altcha": pow_payload(visitor)}).status_code == 303
    again = visitor.post("/danh-gia/", {**RATING, "altcha": pow_payload(visitor)})
    assert again.status_code == 409 and "không được tính thêm" in again.content.decode()
    # Another visitor: another address (two User-Agents behind one address share one of the day's
    # STATS_VISITORS_PER_ADDRESS buckets one time in eight, and would then count as one visitor).
    other = Client(HTTP_USER_AGENT="Trình duyệt B", REMOTE_ADDR="198.51.100.77")
    assert other.post("/danh-gia/", {**RATING, "altcha": pow_payload(other)}).status_code == 303
    assert PortalRating.objects.count() == 2
    rating = PortalRating.objects.earliest("created_at")
    assert (rating.interface, rating.content, rating.quality, rating.support) == (4, 5, 3, 4)
    assert rating.average == 4.0
    assert (
        visitor.post("/danh-gia/", {**RATING, "interface": "9", "altcha": pow_payload(visitor)}).status_code
        == 400
    )


def test_vote_twice_counts_once(site: Site) -> None:
    poll = make_poll(site)
    first, second, _ = poll.choices.all()
    visitor = Client()
    assert vote(visitor, poll, first).status_code == 303
    again = vote(visitor, poll, second)
    assert again.status_code == 409
    assert PollBallot.objects.count() == 1
    assert dict((c.text, n) for c, n in poll.tally()) == {
        "Tra cứu hồ sơ": 1,
        "Lịch tiếp dân": 0,
        "Bản đồ quy hoạch": 0,
    }
    assert vote(Client(REMOTE_ADDR="10.0.0.2"), poll, second).status_code == 303
    assert sorted(n for _, n in poll.tally()) == [0, 1, 1]


def test_single_and_multiple_choice(site: Site) -> None:
    single = make_poll(site)
    a, b, _ = single.choices.all()
    assert vote(Client(), single, a, b).status_code == 400, "two choices in a single-choice poll"
    multiple = make_poll(site, multiple=True, slug="nhieu")
    x, _, z = multiple.choices.all()
    assert vote(Client(), multiple, a).status_code == 400, "a choice of another poll"
    assert vote(Client(), multiple, x, z).status_code == 303
    assert [n for _, n in multiple.tally()] == [1, 0, 1]
    assert vote(Client(REMOTE_ADDR="10.9.9.9"), multiple, pow_=False).status_code == 400
    assert PollBallot.objects.count() == 1


def test_out_of_window_votes_are_refused(site: Site) -> None:
    now = timezone.now()
    closed = make_poll(
        site, slug="da-dong", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    future = make_poll(
        site, slug="chua-mo", opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9)
    )
    for poll in (closed, future):
        assert vote(Client(), poll, poll.choices.first()).status_code == 403
    assert PollBallot.objects.count() == 0
    assert "đã kết thúc" in Client().get("/tham-do/da-dong/").content.decode()


def test_results_when_editors_choose(site: Site) -> None:
    hidden = make_poll(site, slug="an", results=Poll.Results.HIDDEN)
    after = make_poll(site, slug="sau", results=Poll.Results.AFTER_CLOSE)
    always = make_poll(site, slug="ngay", results=Poll.Results.ALWAYS)
    for poll in (hidden, after, always):
        vote(Client(), poll, poll.choices.first())
    assert "Kết quả" not in Client().get("/tham-do/an/").content.decode()
    assert "<h2>Kết quả</h2>" not in Client().get("/tham-do/sau/").content.decode()
    assert "1 phiếu" in Client().get("/tham-do/ngay/").content.decode()
    Poll.objects.filter(pk=after.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert "1 phiếu" in Client().get("/tham-do/sau/?x=1").content.decode()
    listing = Client().get("/tham-do/").content.decode()
    assert "/tham-do/ngay/" in listing and "/tham-do/sau/" in listing and "/tham-do/an/" in listing


def test_admin_results_over_time_and_roles(site: Site, staff: Callable[..., Any]) -> None:
    poll = make_poll(site)
    vote(Client(), poll, poll.choices.first())
    PortalRating.objects.create(
        site=site, interface=5, content=4, quality=4, support=3, visitor_hash="a", pow_hash="b"
    )
    _, editor = staff("bientap", "Biên tập viên")
    results = editor.get(f"/admin/tham-do/{poll.pk}/ket-qua/")
    assert results.status_code == 200 and "Tra cứu hồ sơ" in results.content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in results.content.decode()
    report = editor.get("/admin/danh-gia-cong/")
    assert report.status_code == 200 and "4.0" in report.content.decode().replace(",", ".")
    assert editor.get("/admin/snippets/participation/poll/").status_code == 200
    _, officer = staff("canbo", "Cán bộ trả lời")
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard and a message.
    assert officer.get(f"/admin/tham-do/{poll.pk}/ket-qua/").status_code in (302, 403)
    assert officer.get("/admin/danh-gia-cong/").status_code in (302, 403)


def test_closed_polls_forget_their_vote_key(site: Site) -> None:
    now = timezone.now()
    closed = make_poll(site, slug="cu", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    running = make_poll(site, slug="moi")
    call_command("expire_personal_data", stdout=StringIO())
    closed.refresh_from_db()
    running.refresh_from_db()
    assert closed.vote_salt == "" and len(running.vote_salt) == 64
