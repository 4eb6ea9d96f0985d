from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from django.test import override_settings

from cong.ops import backup, jobs
from cong.ops.models import JobRun


def at(text: str) -> datetime:
    """A local (Asia/Ho_Chi_Minh, UTC+7) time as an aware UTC datetime."""
    return datetime.fromisoformat(text + "+07:00").astimezone(UTC)


def test_periods() -> None:
    minute = jobs.Job("m", lambda: None, every=timedelta(minutes=1))
    assert minute.period(at("2026-12-01T08:30:59")) == "2026-12-01T08:30:00"
    assert minute.period(at("2026-12-01T08:31:00")) == "2026-12-01T08:31:00"
    five = jobs.Job("f", lambda: None, every=timedelta(minutes=5))
    assert five.period(at("2026-12-01T08:34:10")) == "2026-12-01T08:30:00"
    daily = jobs.Job("d", lambda: None, at=time(2, 30))
    assert daily.period(at("2026-12-01T02:29:00")) is None
    assert daily.period(at("2026-12-01T02:30:00")) == "2026-12-01"
    assert daily.period(at("2026-12-01T23:00:00")) == "2026-12-01"  # caught up later the same day
    weekly = jobs.Job("w", lambda: None, at=time(3, 30), weekday=6)  # Sunday
    assert weekly.period(at("2026-12-05T23:00:00")) is None  # Saturday
    assert weekly.period(at("2026-12-06T03:30:00")) == "2026-W49"
    assert weekly.period(at("2026-12-07T00:10:00")) is None  # Monday: a new week, not due yet


def test_register_validates() -> None:
    with pytest.raises(ValueError):
        jobs.register("x", lambda: None)
    with pytest.raises(ValueError):
        jobs.register("x", lambda: None, every=timedelta(minutes=1), at="02:00")
    with pytest.raises(ValueError):
        jobs.register("x", lambda: None, every=timedelta(minutes=1), weekday=2)
    assert "x" not in jobs.registered()


def test_builtin_jobs_are_registered() -> None:
    names = set(jobs.registered())
    assert {
        "publish_scheduled",
        "flush_stats",
        "search_index_refresh",
        "ops_prune",
        "clear_sessions",
    } <= names


@pytest.fixture
def only_jobs(monkeypatch: pytest.MonkeyPatch) -> dict[str, jobs.Job]:
    registry: dict[str, jobs.Job] = {}
    monkeypatch.setattr(jobs, "_registry", registry)
    return registry


def test_two_schedulers_run_each_job_once_per_period(kept_transactional_db: None, only_jobs: dict) -> None:
    calls: dict[str, list[str]] = {"minutely": [], "daily": []}
    lock = threading.Lock()

    def job(name: str):
        def run() -> str:
            with lock:
                calls[name].append(threading.current_thread().name)
            return "ok"

        return run

    jobs.register("minutely", job("minutely"), every=timedelta(minutes=1))
    jobs.register("daily", job("daily"), at="02:30")
    schedulers = [jobs.Scheduler(host="host-a"), jobs.Scheduler(host="host-b")]
    minutes = [at("2026-12-01T02:30:00") + timedelta(minutes=n, seconds=1) for n in range(4)]
    for now in minutes:
        barrier = threading.Barrier(len(schedulers))
        ran: dict[str, list[str]] = {}

        def tick(
            scheduler: jobs.Scheduler,
            now: datetime = now,
            barrier: threading.Barrier = barrier,
            ran: dict[str, list[str]] = ran,
        ) -> None:
            barrier.wait()  # both claim at the same moment
            ran[scheduler.host] = scheduler.run_due(now)
            from django.db import connection

            connection.close()

        threads = [threading.Thread(target=tick, args=(s,)) for s in schedulers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [name for names in ran.values() for name in names].count("minutely") == 1
    assert len(calls["minutely"]) == 4
    assert len(calls["daily"]) == 1
    rows = JobRun.objects.order_by("job", "period")
    assert rows.filter(job="minutely").count() == 4 and rows.filter(job="daily").count() == 1
    assert all(run.ok and run.message == "ok" and run.finished_at for run in rows)
    assert {run.host for run in rows} <= {"host-a", "host-b"}


def test_failing_job_is_recorded_and_others_still_run(kept_transactional_db: None, only_jobs: dict) -> None:
    def broken() -> None:
        raise RuntimeError("hỏng")

    jobs.register("broken", broken, every=timedelta(minutes=1))
    jobs.register("fine", lambda: "xong", every=timedelta(minutes=1))
    assert sorted(jobs.Scheduler().run_due(at("2026-12-01T10:00:00"))) == ["broken", "fine"]
    assert JobRun.objects.get(job="broken").ok is False
    assert "RuntimeError: hỏng" in JobRun.objects.get(job="broken").message
    assert JobRun.objects.get(job="fine").ok is True


def test_builtin_commands_run_as_jobs(kept_transactional_db: None) -> None:
    registry = jobs.registered()
    assert (
        "0 trang" in registry["publish_scheduled"].func() or registry["publish_scheduled"].func() is not None
    )
    assert "Chế độ" in registry["flush_stats"].func()
    assert "chỉ mục" in registry["search_index_refresh"].func()
    assert isinstance(registry["clear_sessions"].func(), str)


def test_scheduled_backup_writes_an_archive_and_prunes(kept_transactional_db: None, tmp_path: Path) -> None:
    for day in range(1, 12):
        (tmp_path / f"cong-backup-202611{day:02d}-023000.tar.gz").write_bytes(b"old")
    with override_settings(BACKUP_DIR=tmp_path, BACKUP_KEEP_DAILY=3, BACKUP_KEEP_WEEKLY=2):
        message = jobs.scheduled_backup()
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cong-backup-"))
    assert len(names) <= 5, names
    newest = backup.archives(tmp_path)[0][1]
    assert newest.name in message
    assert backup.verify(newest)["engine"] == backup.engine()


def test_prune_keeps_daily_and_weekly(tmp_path: Path) -> None:
    stamps = [datetime(2026, 11, 1, 2, 30) + timedelta(days=d) for d in range(30)]
    stamps.append(datetime(2026, 11, 30, 14, 0))  # a second one on the last day
    for stamp in stamps:
        (tmp_path / f"cong-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz").touch()
    (tmp_path / "notes.txt").touch()
    removed = backup.prune(tmp_path, keep_daily=3, keep_weekly=3)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert "notes.txt" in kept
    assert kept[:-1] == sorted(
        [
            "cong-backup-20261130-140000.tar.gz",  # newest of 30/11 (Monday, week 49)
            "cong-backup-20261129-023000.tar.gz",  # 29/11 (Sunday: newest of week 48)
            "cong-backup-20261128-023000.tar.gz",
            "cong-backup-20261122-023000.tar.gz",  # newest of week 47
        ]
    )
    assert len(removed) == len(stamps) - 4
