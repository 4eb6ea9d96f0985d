from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cong.a11y.server import free_port
from cong.ops import jobs, views
from cong.ops.logs import JsonFormatter
from cong.ops.models import JobRun


@pytest.fixture(autouse=True)
def _recheck_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_migrations_checked_at", 0.0)


@pytest.fixture
def stopped_database() -> Iterator[Any]:
    """Point the connection at a database server that is not there (a closed port / a missing file),
    then back at the real one: what /readyz sees when the database stops and comes back."""
    conn = connections["default"]
    saved = dict(conn.settings_dict)

    def stop() -> None:
        conn.close()
        if conn.vendor == "sqlite":
            conn.settings_dict["NAME"] = "/nonexistent-dir/cong.sqlite3"
        else:
            conn.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))

    def start() -> None:
        conn.close()
        conn.settings_dict.clear()
        conn.settings_dict.update(saved)

    yield stop, start
    start()


def test_healthz_needs_no_database(client: Client, stopped_database: Any) -> None:
    stop, _ = stopped_database
    stop()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_fails_when_the_database_stops_and_recovers(
    kept_transactional_db: None, stopped_database: Any
) -> None:
    stop, start = stopped_database
    client = Client()
    jobs.beat()
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.content
    assert ready.json()["status"] == "ok"
    assert set(ready.json()["checks"]) == {"database", "cache", "migrations", "disk", "scheduler"}
    assert "no-store" in ready["Cache-Control"]

    stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["status"] == "fail"
    assert down.json()["checks"]["database"]["ok"] is False
    assert down.json()["checks"]["cache"]["ok"] is True

    start()
    again = client.get("/readyz")
    assert again.status_code == 200 and again.json()["status"] == "ok"


def test_readyz_degraded_without_scheduler_and_failing_on_low_disk(db: None, client: Client) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "degraded" and body["checks"]["scheduler"]["ok"] is False, body
    jobs.beat(now=timezone.now() - timezone.timedelta(minutes=10))
    assert client.get("/readyz").json()["status"] == "degraded"
    with override_settings(MIN_FREE_DISK_MB=10**12):
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["disk"]["ok"] is False


def test_health_paths_are_not_cached_or_counted(db: None, client: Client) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        for _ in range(2):
            response = client.get(path)
            assert "X-Page-Cache" not in response
    hit = client.post(
        "/stats/hit", "/healthz", content_type="text/plain", HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0"
    )
    assert hit.status_code == 404


def _wsgi_get(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "localhost",
        "wsgi.errors": sys.stderr,
    }
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], *exc: Any) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    # As Django's test client does: the request's end must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = app(environ, start_response)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_parse_and_cover_requests_cache_and_jobs(db: None, home: Any) -> None:
    from cong.ops.wsgi import application

    before = _samples(Client().get("/metrics").content.decode())
    # The first render in a fresh cache may only start a new generation; a miss then a hit follow.
    seen = []
    for _ in range(3):
        status, headers, _ = _wsgi_get(application, "/")
        assert status.startswith("200")
        seen.append(headers.get("X-Page-Cache"))
    assert "miss" in seen and seen[-1] == "hit", seen
    _wsgi_get(application, "/tim-kiem/?q=tin")
    now = timezone.now()
    JobRun.objects.create(
        job="publish_scheduled", period="p1", host="h", started_at=now, finished_at=now, ok=True
    )
    JobRun.objects.create(job="backup", period="p1", host="h", started_at=now, finished_at=now, ok=False)
    jobs.beat()

    response = Client().get("/metrics")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    after = _samples(response.content.decode())

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("cong_http_request_duration_seconds_count", route="wagtail_serve") >= 1
    assert grew("cong_http_request_duration_seconds_count", route="pagecache_hit") >= 1
    assert grew("cong_http_request_duration_seconds_count", route="search") >= 1
    assert grew("cong_pagecache_requests_total", result="hit") >= 1
    assert grew("cong_pagecache_requests_total", result="miss") >= 1
    assert grew("cong_search_duration_seconds_count") >= 1
    assert ("cong_stats_buffered_hits", ()) in after
    assert after[("cong_job_last_success", (("job", "publish_scheduled"),))] == 1
    assert after[("cong_job_last_success", (("job", "backup"),))] == 0
    assert after[("cong_job_failures_24h", (("job", "backup"),))] == 1
    assert 0 <= after[("cong_scheduler_heartbeat_age_seconds", ())] < 60


@override_settings(METRICS_TOKEN="s3cret-token", METRICS_ALLOWED=["127.0.0.1", "::1", "10.1.0.0/16"])
def test_metrics_access_is_restricted(db: None) -> None:
    client = Client()
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    # Through the proxy every visitor is 127.0.0.1: that address alone is not enough.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert (
        client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code
        == 403
    )
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token"
        ).status_code
        == 200
    )


def test_json_log_lines() -> None:
    try:
        raise ValueError("lỗi thử")
    except ValueError:
        record = logging.getLogger("cong.test").makeRecord(
            "cong.test", logging.ERROR, __file__, 1, "Không ghi được %s", ("tin bài",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Không ghi được tin bài" and entry["level"] == "ERROR"
    assert "ValueError: lỗi thử" in entry["exception"]
