"""The replica router (cong.core.replicas) without a real replica: which requests may read from one,
when a replica is skipped (lag, position, failure), the pin after a write, the retry on the primary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from cong.core import replicas
from cong.news.models import ArticlePage

factory = RequestFactory()


@pytest.fixture
def one_replica(monkeypatch: pytest.MonkeyPatch) -> Iterator[replicas.ReplicaState]:
    """A replica ``replica1`` that is up, in step with the primary, checked just now."""
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    state = replicas.ReplicaState(checked=time.monotonic(), lag=0.0, position=1000)
    monkeypatch.setattr(replicas, "_states", {"replica1": state})
    monkeypatch.setattr(replicas, "REPLICA_CHECK_SECONDS", 3600.0)
    yield state


def route_of(request: HttpRequest, read: bool = True) -> tuple[str | None, HttpResponse]:
    """Where a read made while serving ``request`` goes, and the response."""
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        if read:
            seen.append(replicas.PrimaryReplicaRouter().db_for_read(ArticlePage))
        return HttpResponse("ok")

    response = replicas.ReplicaMiddleware(view)(request)
    return (seen[0] if seen else None), response


def test_positions_compare_as_numbers() -> None:
    assert replicas.parse_position("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert replicas.parse_position("0/A") > replicas.parse_position("0/9")
    assert replicas.parse_position(None) == replicas.parse_position("garbage") == 0


def test_anonymous_public_reads_go_to_the_replica(one_replica: Any) -> None:
    assert route_of(factory.get("/thoi-su/"))[0] == "replica1"
    assert route_of(factory.head("/"))[0] == "replica1"


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/admin/pages/"),
        factory.get("/thoi-su/", HTTP_COOKIE="sessionid=abc"),
        factory.get("/thoi-su/", HTTP_COOKIE=f"{replicas.PIN_COOKIE}=1"),
        factory.post("/hoi-dap/gui/"),
    ],
    ids=["admin", "session", "pinned after a write", "write"],
)
def test_admin_sessions_writes_and_pinned_reads_go_to_the_primary(one_replica: Any, request_: Any) -> None:
    assert route_of(request_)[0] == "default"  # the primary


def test_writes_go_to_the_primary_and_so_do_the_reads_after_them(one_replica: Any) -> None:
    router = replicas.PrimaryReplicaRouter()
    token = replicas._route.set(replicas.RequestRoute(replica_allowed=True))
    try:
        assert router.db_for_read(ArticlePage) == "replica1"
        assert router.db_for_write(ArticlePage) == "default"
        assert router.db_for_read(ArticlePage) == "default"
    finally:
        replicas._route.reset(token)


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(one_replica: Any) -> None:
    from django.db import transaction

    router = replicas.PrimaryReplicaRouter()
    token = replicas._route.set(replicas.RequestRoute(replica_allowed=True))
    try:
        with transaction.atomic():
            assert router.db_for_read(ArticlePage) == "default"
    finally:
        replicas._route.reset(token)


def test_a_write_pins_the_browser_to_the_primary(one_replica: Any) -> None:
    response = route_of(factory.post("/hoi-dap/gui/"), read=False)[1]
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == 15 and cookie["httponly"]
    # The visitor counter's beacons write but set no cookie (docs/stats.md).
    assert not route_of(factory.post("/stats/hit"), read=False)[1].cookies
    assert not route_of(factory.get("/"), read=False)[1].cookies


def test_a_lagging_replica_is_skipped(one_replica: replicas.ReplicaState) -> None:
    one_replica.lag = 6.0
    assert route_of(factory.get("/"))[0] == "default"
    with override_settings(REPLICA_MAX_LAG=10):
        assert route_of(factory.get("/"))[0] == "replica1"


def test_a_replica_behind_the_pages_generation_is_skipped(
    one_replica: replicas.ReplicaState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page cache's generation names the log position of the last publish: a replica that has
    not replayed it would render (and store) the old page under the new generation."""
    checks: list[bool] = []

    def check(alias: str, force: bool = False) -> replicas.ReplicaState:
        checks.append(force)
        return one_replica

    monkeypatch.setattr(replicas, "check", check)
    request = factory.get("/")
    request.META[replicas.ENVIRON_POSITION] = "0/3E9"  # 1001 > 1000
    assert route_of(request)[0] == "default"
    assert checks == [False, True]  # checked again at once before giving up
    one_replica.position = 1001
    assert route_of(request)[0] == "replica1"


def test_a_stopped_replica_falls_back_to_the_primary(
    one_replica: replicas.ReplicaState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replicas, "REPLICA_CHECK_SECONDS", 0.0)

    class Broken:
        in_atomic_block = False

        def cursor(self) -> Any:
            raise OperationalError("connection refused")

        def close(self) -> None:
            pass

    monkeypatch.setattr(replicas, "connections", {"replica1": Broken(), "default": Broken()})
    assert route_of(factory.get("/"))[0] == "default"
    assert one_replica.down_until > time.monotonic()
    assert replicas.lag_report() == {"replica1": None}


def test_a_replica_failing_mid_request_is_answered_from_the_primary(
    one_replica: replicas.ReplicaState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replicas, "mark_down", lambda alias: setattr(one_replica, "down_until", 1e12))
    calls: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        alias = replicas.PrimaryReplicaRouter().db_for_read(ArticlePage)
        calls.append(alias)
        if alias == "replica1":
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                got_request_exception.send(sender=None, request=request)
            return HttpResponse(status=500)
        return HttpResponse("ok")

    response = replicas.ReplicaMiddleware(view)(factory.get("/"))
    assert response.status_code == 200 and calls == ["replica1", "default"]
    assert one_replica.down_until > time.monotonic()


def test_without_replicas_nothing_changes() -> None:
    assert replicas.replica_aliases() == []
    assert replicas.primary_position() is None
    assert route_of(factory.get("/"))[0] == "default"
    assert not route_of(factory.post("/x/"), read=False)[1].cookies


def test_an_object_read_from_a_replica_reads_its_relations_from_the_primary_when_told(
    one_replica: replicas.ReplicaState,
) -> None:
    """A page kept in the route cache came from a replica; when that replica is down, its related
    objects must come from the primary (Django would follow the instance's database on None)."""
    page = SimpleNamespace(_state=SimpleNamespace(db="replica1"))  # a model instance's database
    one_replica.lag = 60.0
    token = replicas._route.set(replicas.RequestRoute(replica_allowed=True))
    try:
        assert replicas.PrimaryReplicaRouter().db_for_read(ArticlePage, instance=page) == "default"
    finally:
        replicas._route.reset(token)
