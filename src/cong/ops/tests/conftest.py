"""Helpers for running ``./cong`` in a subprocess against a data dir of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
