"""Reads from PostgreSQL streaming replicas (``DATABASE_REPLICA_URLS``), never at the cost of correctness.

:class:`ReplicaMiddleware` decides per request whether its reads *may* go to a replica: anonymous
``GET``/``HEAD`` of a public URL (not ``/admin/``, no session cookie, not pinned). A write
(any other method) pins the browser to the primary for ``CONG_REPLICA_PIN_SECONDS`` with a short
cookie, so the page after a form sees its own write. :class:`PrimaryReplicaRouter` then sends those
reads to a replica only if it is healthy: its lag (checked with one cheap query, cached for
``REPLICA_CHECK_SECONDS`` per process) is within ``CONG_REPLICA_MAX_LAG`` and, when the request
needs a position in the write-ahead log (the page cache's generation carries the primary's position
at the time of the last publish, :func:`require_position`), it has replayed at least that far. A
replica that fails (stopped, unreachable) is left alone for a while and the request is answered from
the primary again (safe methods only, so retrying is harmless).
"""

from __future__ import annotations

import contextvars
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PIN_COOKIE = "cong_primary"
# Set on the WSGI environ by the page cache: the log position its generation was made at.
ENVIRON_POSITION = "cong.replicas.position"
REPLICA_PREFIX = "replica"
# How long one replica's lag is trusted before it is checked again, per process.
REPLICA_CHECK_SECONDS = 1.0
# How long a failed replica is left alone before it is tried again.
REPLICA_RETRY_SECONDS = 5.0
# "Lag" of a replica that has replayed everything it received: none, however long ago the last write was.
_LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END, "
    "pg_last_wal_replay_lsn()::text"
)


@dataclass
class RequestRoute:
    """What one request may do: read from a replica at all, and from which log position on."""

    replica_allowed: bool = False
    min_position: int = 0
    used: set[str] = field(default_factory=set)


_route: contextvars.ContextVar[RequestRoute | None] = contextvars.ContextVar("cong_db_route", default=None)


@dataclass
class ReplicaState:
    checked: float = -1e9
    lag: float = 0.0
    position: int = 0
    down_until: float = 0.0


_states: dict[str, ReplicaState] = {}
_states_lock = threading.Lock()


def replica_aliases() -> list[str]:
    """The configured replicas' database aliases (``replica1``, ``replica2``, ...)."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def parse_position(text: str | None) -> int:
    """A PostgreSQL LSN (``16/B374D848``) as a number; 0 for none."""
    if not text:
        return 0
    high, _, low = text.partition("/")
    try:
        return (int(high, 16) << 32) + int(low or "0", 16)
    except ValueError:
        return 0


def primary_position() -> str | None:
    """The primary's current write-ahead log position, when there are replicas to compare it with."""
    if not replica_aliases() or connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return None
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return str(cursor.fetchone()[0])
    except DatabaseError:  # e.g. inside a failed transaction: the bump after the commit carries it
        return None


def require_position(position: str | int | None) -> None:
    """This request's replica reads must see the primary as it was at ``position`` (or later)."""
    route = _route.get()
    value = position if isinstance(position, int) else parse_position(position)
    if route is not None and value > route.min_position:
        route.min_position = value


def mark_down(alias: str) -> None:
    """Leave ``alias`` alone for REPLICA_RETRY_SECONDS (it failed a query or a check)."""
    with _states_lock:
        _states.setdefault(alias, ReplicaState()).down_until = time.monotonic() + REPLICA_RETRY_SECONDS
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def check(alias: str, force: bool = False) -> ReplicaState:
    """The replica's lag and replayed position, read at most every REPLICA_CHECK_SECONDS."""
    state = _states.setdefault(alias, ReplicaState())
    now = time.monotonic()
    if state.down_until > now or (not force and now - state.checked < REPLICA_CHECK_SECONDS):
        return state
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(_LAG_SQL)
            lag, position = cursor.fetchone()
    except DatabaseError:
        logger.warning("Bản sao cơ sở dữ liệu %s không trả lời; đọc từ máy chủ chính.", alias)
        mark_down(alias)
        return state
    state.lag, state.position, state.checked = float(lag or 0), parse_position(position), now
    return state


def usable(alias: str, min_position: int = 0) -> bool:
    """True if ``alias`` is up, lags at most CONG_REPLICA_MAX_LAG and has replayed ``min_position``."""
    state = check(alias)
    if state.down_until > time.monotonic() or state.checked < 0:
        return False
    if state.position < min_position:  # maybe just caught up since the last check
        state = check(alias, force=True)
    return (
        state.down_until <= time.monotonic()
        and state.lag <= settings.REPLICA_MAX_LAG
        and state.position >= min_position
    )


def lag_report(fresh: bool = True) -> dict[str, float | None]:
    """Each replica's lag in seconds as the router sees it (None: down or unreachable); ``fresh``
    checks now, else the value the router uses (at most REPLICA_CHECK_SECONDS old)."""
    report: dict[str, float | None] = {}
    for alias in replica_aliases():
        state = check(alias, force=fresh)
        report[alias] = None if state.down_until > time.monotonic() else state.lag
    return report


class PrimaryReplicaRouter:
    """Reads go to a usable replica only when the current request allows it; everything else to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        """A usable replica, else the primary: named, never None, because Django would then read a
        related object from wherever the instance came from (a page kept in the route cache was
        perhaps read from a replica that has stopped since)."""
        route = _route.get()
        if route is None or not route.replica_allowed or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # inside a transaction on the primary: read what it sees
        if hints.get("instance") is not None and hints["instance"]._state.db == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS
        for alias in replica_aliases():
            if usable(alias, route.min_position):
                route.used.add(alias)
                return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        route = _route.get()
        if route is not None:
            route.replica_allowed = False  # the rest of this request reads its own write
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS


def replica_allowed(request: HttpRequest) -> bool:
    """Anonymous safe reads of public URLs, not pinned to the primary by a recent write."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith(settings.REPLICA_EXCLUDE)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """Sets the request's route (second in MIDDLEWARE, right after the page cache); pins writers to
    the primary; answers a safe request again from the primary when a replica failed under it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        route = RequestRoute(
            replica_allowed=replica_allowed(request),
            min_position=parse_position(request.META.get(ENVIRON_POSITION)),
        )
        token = _route.set(route)
        try:
            response = self.get_response(request)
            if getattr(request, "_cong_replica_failed", False):
                for alias in route.used:
                    mark_down(alias)
                route.replica_allowed = False
                response = self.get_response(request)
        finally:
            _route.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.path_info.startswith(
            settings.REPLICA_PIN_EXCLUDE
        ):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _note_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """A database error while this request read from a replica: answer it again from the primary."""
    route = _route.get()
    if request is not None and route is not None and route.used and route.replica_allowed:
        if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
            request._cong_replica_failed = True  # type: ignore[attr-defined]


got_request_exception.connect(_note_failure, dispatch_uid="cong.core.replicas")
