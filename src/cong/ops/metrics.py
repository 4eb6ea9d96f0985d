"""Prometheus metrics: request latency by route, page-cache results, stats buffer, search latency, and the
scheduler's job results (read from the database at scrape time, so they cover every host).

With several server processes (granian workers) each process writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (settings: ``$CONG_DATA_DIR/metrics``) and ``/metrics`` sums them:
prometheus_client's multiprocess mode. Without that variable (the test suite) one process's registry
is used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

ROUTE_KEY = "cong.route"
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "cong_http_request_duration_seconds",
    "Time to answer a request, by route name (Django URL name; pagecache_hit for fast-path hits).",
    ["route"],
    buckets=_BUCKETS,
)
PAGECACHE_REQUESTS = Counter(
    "cong_pagecache_requests",
    "Requests by page-cache result (hit, miss, bypass = not cacheable).",
    ["result"],
)
SEARCH_SECONDS = Histogram(
    "cong_search_duration_seconds", "Time to answer a search (page or API).", buckets=_BUCKETS
)
STATS_BUFFERED = Gauge(
    "cong_stats_buffered_hits",
    "Visitor-counter hits waiting in the server processes' buffers.",
    multiprocess_mode="livesum",
)


def route_of(environ: dict[str, Any], cache: str) -> str:
    route = environ.get(ROUTE_KEY)
    if route:
        return str(route)
    if cache == "hit":
        return "pagecache_hit"
    path = environ.get("PATH_INFO", "")
    for prefix, name in (("/static/", "static"), ("/media/", "media"), ("/stats/", "stats")):
        if path.startswith(prefix):
            return name
    return "other"


def observe_request(environ: dict[str, Any], cache: str, seconds: float) -> None:
    from cong.stats.backends import pending_hits

    route = route_of(environ, cache)
    REQUEST_SECONDS.labels(route).observe(seconds)
    PAGECACHE_REQUESTS.labels(cache or "bypass").inc()
    if route == "search" or (route.startswith("wagtailapi") and "search=" in environ.get("QUERY_STRING", "")):
        SEARCH_SECONDS.observe(seconds)
    STATS_BUFFERED.set(pending_hits())


class RouteNameMiddleware:
    """Leaves the resolved route's name in the WSGI environ for :class:`cong.ops.wsgi.MetricsWSGI`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if match is not None:
            request.META[ROUTE_KEY] = match.view_name or match.func.__name__


class JobCollector(Collector):
    """Scheduler health from the database, the same for every host that is scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Max

        from .models import Heartbeat, JobRun

        now = timezone.now()
        last_ok = GaugeMetricFamily(
            "cong_job_last_success", "1 when the job's last finished run succeeded, else 0.", labels=["job"]
        )
        last_end = GaugeMetricFamily(
            "cong_job_last_finished_timestamp_seconds", "When the job's last run finished.", labels=["job"]
        )
        duration = GaugeMetricFamily(
            "cong_job_last_duration_seconds", "How long the job's last finished run took.", labels=["job"]
        )
        failures = GaugeMetricFamily(
            "cong_job_failures_24h", "Failed runs of the job in the last 24 hours.", labels=["job"]
        )
        latest = (
            JobRun.objects.filter(finished_at__isnull=False)
            .values("job")
            .annotate(last=Max("finished_at"))
            .values_list("job", "last")
        )
        for job, last in latest:
            run = JobRun.objects.filter(job=job, finished_at=last).first()
            if run is None:
                continue
            last_ok.add_metric([job], 1.0 if run.ok else 0.0)
            last_end.add_metric([job], last.timestamp())
            duration.add_metric([job], (last - run.started_at).total_seconds())
            failures.add_metric(
                [job],
                JobRun.objects.filter(job=job, ok=False, started_at__gte=now - timedelta(days=1)).count(),
            )
        yield from (last_ok, last_end, duration, failures)
        seen = Heartbeat.objects.aggregate(last=Max("seen_at"))["last"]
        age = GaugeMetricFamily(
            "cong_scheduler_heartbeat_age_seconds",
            "Seconds since a scheduler was last seen alive (any host).",
        )
        if seen is not None:
            age.add_metric([], (now - seen).total_seconds())
        yield age


class ReplicaCollector(Collector):
    """Each database replica's lag as this host's router sees it (docs/scaling.md); none without replicas."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from cong.core import replicas

        report = replicas.lag_report(fresh=False)
        if not report:
            return
        up = GaugeMetricFamily(
            "cong_db_replica_up", "1 when the replica answers, else 0.", labels=["replica"]
        )
        lag = GaugeMetricFamily(
            "cong_db_replica_lag_seconds", "Replay lag of the replica, in seconds.", labels=["replica"]
        )
        for alias, seconds in report.items():
            up.add_metric([alias], 0.0 if seconds is None else 1.0)
            if seconds is not None:
                lag.add_metric([alias], seconds)
        yield from (up, lag)


_PID_FILE = re.compile(r"_(\d+)\.db$")


def _forget_dead_processes(path: Path) -> None:
    """Drop the live gauges of server processes that have exited (granian respawns workers)."""
    for file in path.glob("gauge_live*_*.db"):
        match = _PID_FILE.search(file.name)
        if match is None:
            continue
        pid = int(match.group(1))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, str(path))
        except PermissionError:
            pass


_job_collector_registered = False


def registry() -> Any:
    """The registry to expose: the merged files of every process, or this process's own."""
    global _job_collector_registered
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        _forget_dead_processes(Path(directory))
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)
        merged.register(JobCollector())
        merged.register(ReplicaCollector())
        return merged
    if not _job_collector_registered:
        REGISTRY.register(JobCollector())
        REGISTRY.register(ReplicaCollector())
        _job_collector_registered = True
    return REGISTRY


def exposition() -> bytes:
    return generate_latest(registry())


def reset_directory(path: Path) -> None:
    """Empty the multiprocess directory before the server starts (stale files would be summed)."""
    path.mkdir(parents=True, exist_ok=True)
    for file in path.glob("*.db"):
        file.unlink(missing_ok=True)


def headers_value(headers: Iterable[tuple[str, str]], name: str) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""
