"""Backup → restore drills in subprocesses, each with its own data dir (and, when the suite runs on
PostgreSQL, its own databases): the engine under test is the one DATABASE_URL selects."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import REPO, cong_env, run_cong

pytestmark = pytest.mark.slow

KEY = "drill-secret-key-not-for-production-0123456789abcdef"
PG_URL = (
    os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
)


def pg_url(suffix: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))


def pg_admin(sql: str) -> None:
    import psycopg

    parts = urlsplit(PG_URL)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(suffix: str) -> dict[str, str]:
    """Environment for a data dir whose database is empty (a new PostgreSQL database when on PostgreSQL)."""
    env = {"CONG_SECRET_KEY": KEY}
    if PG_URL:
        name = urlsplit(pg_url(suffix)).path.lstrip("/")
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = pg_url(suffix)
    return env


def media_sums(data_dir: Path) -> dict[str, str]:
    root = data_dir / "media"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def snapshot(data_dir: Path, env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "cong.ops.tests.snapshot"],
        cwd=REPO,
        env=cong_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def archive_of(output: str) -> Path:
    match = re.search(r"Đã sao lưu: (\S+)", output)
    assert match, output
    return Path(match.group(1))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A portal with the demo content (33 articles, images, documents, audit log)."""
    data = tmp_path_factory.mktemp("source")
    env = fresh_database("_ops_src")
    run_cong(data, "demo", "--no-serve", **env)
    yield data, env
    if PG_URL:
        pg_admin(f'DROP DATABASE IF EXISTS "{urlsplit(pg_url("_ops_src")).path.lstrip("/")}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    env = fresh_database("_restore")
    yield tmp_path / "restored", env
    if PG_URL:
        pg_admin(f'DROP DATABASE IF EXISTS "{urlsplit(pg_url("_restore")).path.lstrip("/")}" WITH (FORCE)')


def test_round_trip_serves_the_same_portal(source, target, tmp_path: Path) -> None:
    data, env = source
    media_before = media_sums(data)
    out = run_cong(data, "backup", str(tmp_path / "backups"), **env).stdout
    archive = archive_of(out)
    # The command's own timing: the interpreter's start is left out (it varies with the machine's load).
    seconds = float(re.search(r"([\d.]+) s\)", out).group(1))
    data_bytes = int(re.search(r"dữ liệu ([\d,]+) byte", out).group(1).replace(",", ""))
    # Done when: the demo's backup takes under 10 s and is no larger than the data it holds.
    assert seconds < 10, out
    assert archive.stat().st_size <= data_bytes, out
    before = snapshot(data, env)

    restored, target_env = target
    out = run_cong(restored, "restore", str(archive), **target_env).stdout
    assert "Đã khôi phục" in out
    assert media_sums(restored) == media_before
    run_cong(restored, "collectstatic", "--noinput", "-v0", **target_env)  # what ./cong serve does first
    after = snapshot(restored, target_env)
    assert after["counts"] == before["counts"]
    assert after["audit"] == before["audit"]
    assert len(before["pages"]) > 30
    assert after["pages"] == before["pages"]
    assert all(status == 200 for status, _ in before["pages"].values())

    # A second restore onto the now non-empty target is refused without --force, accepted with it.
    refused = run_cong(restored, "restore", str(archive), check=False, **target_env)
    assert refused.returncode != 0 and "không trống" in refused.stderr and "--force" in refused.stderr
    run_cong(restored, "restore", str(archive), "--force", **target_env)
    assert snapshot(restored, target_env)["pages"] == before["pages"]


def test_backup_while_an_editor_saves_revisions_restores_a_committed_state(
    source, target, tmp_path: Path
) -> None:
    data, env = source
    progress, stop = tmp_path / "progress", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "cong.ops.tests.writer", str(progress), str(stop)],
        cwd=REPO,
        env=cong_env(data, **env),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (progress.exists() and int(progress.read_text().split()[1]) >= 5):
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            assert time.monotonic() < deadline, "writer made no progress"
            time.sleep(0.1)
        written_before = int(progress.read_text().split()[1])
        out = run_cong(data, "backup", str(tmp_path / "backups"), **env).stdout
        written_after = int(progress.read_text().split()[1])
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert written_after > written_before, "the writer must have been saving while the backup ran"

    restored, target_env = target
    run_cong(restored, "restore", str(archive_of(out)), **target_env)
    check = (
        "from django.db import connection; from wagtail.models import Page, Revision, PageLogEntry;"
        "from cong.news.models import ArticlePage; import json;"
        "p = ArticlePage.objects.order_by('pk').first();"
        "revs = Revision.objects.filter(object_id=str(p.pk), content_type=p.content_type);"
        "edits = PageLogEntry.objects.filter(page=p, action='wagtail.edit').count();"
        "c = connection.cursor();"
        "integrity = c.execute('PRAGMA integrity_check').fetchone()[0] if connection.vendor == 'sqlite' else 'ok';"
        "fk = c.execute('PRAGMA foreign_key_check').fetchall() if connection.vendor == 'sqlite' else [];"
        "dangling = Page.objects.exclude(latest_revision=None).exclude(latest_revision__in=Revision.objects.all()).count();"
        "print(json.dumps({'title': p.get_latest_revision().as_object().title, 'revs': revs.count(), 'edits': edits,"
        " 'latest_is_newest': p.latest_revision_id == revs.order_by('-pk').first().pk,"
        " 'integrity': integrity, 'fk': len(fk), 'dangling': dangling}))"
    )
    state = json.loads(run_cong(restored, "shell", "-c", check, **target_env).stdout.strip().splitlines()[-1])
    assert state["integrity"] == "ok" and state["fk"] == 0 and state["dangling"] == 0
    assert state["latest_is_newest"]
    committed = int(state["title"].rsplit("#", 1)[1])
    assert written_before <= committed <= written_after, (written_before, committed, written_after)
    # Every restored revision came with its log entry (one transaction each): nothing half-written.
    baseline = int(progress.read_text().split()[2])
    assert state["edits"] == baseline + committed, state


def test_corrupted_or_truncated_archive_is_refused_and_changes_nothing(
    source, target, tmp_path: Path
) -> None:
    data, env = source
    archive = archive_of(run_cong(data, "backup", str(tmp_path / "plain"), "--no-compress", **env).stdout)
    raw = bytearray(archive.read_bytes())
    db_name = "cong.pgdump" if PG_URL else "cong.sqlite3"
    offset = raw.index(db_name.encode()) + 512 + 4096  # inside the database member's data
    raw[offset] ^= 0xFF
    corrupted = tmp_path / "corrupted.tar"
    corrupted.write_bytes(bytes(raw))
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: len(raw) // 2])
    no_manifest = tmp_path / "no-manifest.tar"  # cut exactly before the manifest's header
    no_manifest.write_bytes(archive.read_bytes()[: archive.read_bytes().rindex(b"manifest.json\0")])
    gz = archive_of(run_cong(data, "backup", str(tmp_path / "gz"), **env).stdout)
    truncated_gz = tmp_path / "truncated.tar.gz"
    truncated_gz.write_bytes(gz.read_bytes()[: gz.stat().st_size - 1000])

    restored, target_env = target
    restored.mkdir(parents=True)
    for bad, message in (
        (corrupted, "sai tổng kiểm"),
        (truncated, "hỏng hoặc bị cắt cụt"),
        (no_manifest, "không có bản kê"),
        (truncated_gz, "hỏng hoặc bị cắt cụt"),
    ):
        result = run_cong(restored, "restore", str(bad), check=False, **target_env)
        assert result.returncode != 0
        assert message in result.stderr and "Chưa thay đổi gì" in result.stderr, result.stderr
        assert not (restored / "media").exists()
        db_file = restored / "cong.sqlite3"
        if db_file.exists():
            with sqlite3.connect(db_file) as db:
                assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if PG_URL:
        import psycopg

        with psycopg.connect(pg_url("_restore")) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"
            )
            assert tables.fetchone()[0] == 0
