"""Scheduled jobs: a registry that any app adds to, and the run of the jobs that are due.

An app registers its job once, in its ``AppConfig.ready()``::

    from datetime import timedelta
    from cong.ops import jobs

    jobs.register("questions_expiry", expire_old_questions, every=timedelta(hours=1))

``every`` runs the job once per interval (aligned to the clock: ``every=timedelta(minutes=5)`` runs at
:00, :05, …); ``at`` runs it once a day at that local time (Asia/Ho_Chi_Minh), or once a week when
``weekday`` (0 = Monday) is given too. A day or week whose time has passed when the scheduler starts is
caught up at once. The function takes no argument and may return a short text for the run's record.

Several schedulers (on several hosts) may run at once: a job runs in a period only in the scheduler
that inserts the ``JobRun(job, period)`` row, which is unique (works on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import io
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

logger = logging.getLogger("cong.ops.jobs")

JobFunc = Callable[[], Any]


@dataclass(frozen=True)
class Job:
    name: str
    func: JobFunc
    every: timedelta | None = None
    at: time | None = None
    weekday: int | None = None

    def period(self, now: datetime) -> str | None:
        """The key of the period ``now`` falls in, or None when the job is not due yet in it."""
        local = timezone.localtime(now)
        if self.every is not None:
            step = max(1, int(self.every.total_seconds()))
            start = int(now.timestamp()) // step * step
            return timezone.localtime(datetime.fromtimestamp(start, tz=UTC)).strftime("%Y-%m-%dT%H:%M:%S")
        assert self.at is not None
        if self.weekday is None:
            return local.strftime("%Y-%m-%d") if local.time() >= self.at else None
        monday = local.date() - timedelta(days=local.weekday())
        due = datetime.combine(monday + timedelta(days=self.weekday), self.at, tzinfo=local.tzinfo)
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}" if local >= due else None


_registry: dict[str, Job] = {}


def register(
    name: str,
    func: JobFunc,
    *,
    every: timedelta | None = None,
    at: time | str | None = None,
    weekday: int | None = None,
) -> Job:
    """Add (or replace) the job ``name``. Give either ``every`` or ``at`` (a time or "HH:MM")."""
    if isinstance(at, str):
        at = time.fromisoformat(at)
    if (every is None) == (at is None):
        raise ValueError("register() needs exactly one of every= or at=")
    if weekday is not None and (at is None or not 0 <= weekday <= 6):
        raise ValueError("weekday= (0 = Monday … 6 = Sunday) goes with at=")
    job = Job(name=name, func=func, every=every, at=at, weekday=weekday)
    _registry[name] = job
    return job


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> dict[str, Job]:
    return dict(_registry)


def host_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job: Job, period: str, now: datetime, host: str) -> Any | None:
    """Insert the (job, period) row; the JobRun when this process won it, None when another did."""
    from .models import JobRun

    if JobRun.objects.filter(job=job.name, period=period).exists():
        return None
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, period=period, host=host, started_at=now)
    except IntegrityError:
        return None


def execute(job: Job, run: Any) -> None:
    """Run the job and record its outcome on ``run``."""
    try:
        result = job.func()
        run.ok, run.message = True, "" if result is None else str(result)[:2000]
    except Exception as exc:  # a failing job is recorded and reported, the scheduler goes on
        logger.exception("Công việc định kỳ %s lỗi", job.name)
        run.ok, run.message = False, f"{type(exc).__name__}: {exc}"[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["ok", "message", "finished_at"])


class Scheduler:
    """Runs the due jobs; one per scheduler process (``./cong scheduler``)."""

    def __init__(self, host: str | None = None) -> None:
        self.host = host or host_name()
        self.running: set[str] = set()

    def run_due(self, now: datetime | None = None, wait: bool = True) -> list[str]:
        """Claim and run every job due at ``now``; returns the names of the jobs this process ran.

        Each job runs in its own thread so that a long one (a backup) does not hold up the others;
        ``wait`` joins them. A job still running here from an earlier period is not started again.
        """
        now = now or timezone.now()
        started: list[tuple[str, threading.Thread]] = []
        for job in list(_registry.values()):
            period = job.period(now)
            if job.name in self.running or period is None:
                continue
            run = claim(job, period, now, self.host)
            if run is None:
                continue
            self.running.add(job.name)
            thread = threading.Thread(
                target=self._thread, args=(job, run), name=f"job-{job.name}", daemon=True
            )
            thread.start()
            started.append((job.name, thread))
        if wait:
            for _, thread in started:
                thread.join()
        return [name for name, _ in started]

    def _thread(self, job: Job, run: Any) -> None:
        try:
            execute(job, run)
        finally:
            self.running.discard(job.name)
            connection.close()


def beat(host: str | None = None, now: datetime | None = None) -> None:
    """Record that the scheduler on this host is alive (read by /readyz)."""
    from .models import Heartbeat

    Heartbeat.objects.update_or_create(
        host=(host or socket.gethostname())[:255], defaults={"seen_at": now or timezone.now()}
    )


# --- Cổng's own jobs ------------------------------------------------------------------------------------


def _command(name: str, *args: str) -> JobFunc:
    def run() -> str:
        from django.core.management import call_command

        out = io.StringIO()
        call_command(name, *args, stdout=out, stderr=out, verbosity=1)
        return out.getvalue().strip()

    run.__name__ = f"command_{name}"
    return run


def refresh_search_indexes() -> str:
    """Search-index upkeep: FTS5 'optimize' (SQLite) and fresh planner statistics (ANALYZE)."""
    from modelsearch.backends import get_search_backends

    names = []
    for backend in get_search_backends():
        backend.refresh_indexes()
        names.append(type(backend).__module__)
    return "đã làm gọn chỉ mục: " + ", ".join(names)


def scheduled_backup() -> str:
    from . import backup

    result = backup.create_backup(
        settings.BACKUP_DIR,
        compress=True,
        passphrase=backup.read_passphrase_file(settings.BACKUP_PASSPHRASE_FILE),
        recipient=settings.BACKUP_GPG_RECIPIENT or None,
    )
    removed = backup.prune(settings.BACKUP_DIR, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
    return f"{result.path.name} ({result.size} byte), đã xoá {len(removed)} bản cũ"


def prune_job_runs() -> str:
    from .models import Heartbeat, JobRun

    cutoff = timezone.now() - timedelta(days=14)
    runs, _ = JobRun.objects.filter(started_at__lt=cutoff).delete()
    beats, _ = Heartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return f"đã xoá {runs} bản ghi chạy, {beats} nhịp cũ"


def register_builtin_jobs() -> None:
    register("publish_scheduled", _command("publish_scheduled"), every=timedelta(minutes=1))
    register("flush_stats", _command("flush_stats"), every=timedelta(minutes=5))
    register("search_index_refresh", refresh_search_indexes, at="03:30", weekday=6)
    register("ops_prune", prune_job_runs, at="04:00")
    # Personal-data expiry: editors' expired sessions (the visitor counter's salts and hashes expire
    # in flush_stats; other apps register their own expiry jobs here).
    register("clear_sessions", _command("clearsessions"), at="04:10")
    if settings.BACKUP_AT:
        register("backup", scheduled_backup, at=settings.BACKUP_AT)
