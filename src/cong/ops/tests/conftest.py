"""Helpers for running ``./cong`` in a subprocess against a data dir of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[4]


def cong_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONG_", "PYTEST", "DJANGO_"))}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update({"CONG_DATA_DIR": str(data_dir), "CONG_LOG_LEVEL": "ERROR", **extra})
    return env


def run_cong(
    data_dir: Path, *args: str, check: bool = True, input: str | None = None, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "cong.cli", *args],
        cwd=REPO,
        env=cong_env(data_dir, **env),
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"./cong {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture
def _restore_migration_data(django_db_blocker: Any) -> Iterator[None]:
    """Set up before ``transactional_db``, so torn down after its flush: puts back what the migrations
    created (site, home page, groups, workflow), which the transactional tests of other apps expect."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            contents = getattr(conn, "_test_serialized_contents", None)
            if contents:
                conn.creation.deserialize_db_from_string(contents)


@pytest.fixture
def ops_transactional_db(
    _restore_migration_data: None, django_db_serialized_rollback: None, transactional_db: None
) -> None:
    """``transactional_db`` (jobs run in threads with their own connections) that leaves the database
    as the migrations made it."""
