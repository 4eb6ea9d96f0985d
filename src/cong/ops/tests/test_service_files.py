"""The systemd units in deploy/systemd/, checked with ``systemd-analyze verify`` (Debian package systemd)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

UNITS = ["cong-web.service", "cong-scheduler.service"]
HARDENING = [
    "User=cong",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ReadWritePaths=/var/lib/cong",
    "PrivateTmp=yes",
    "ProtectHome=yes",
    "CapabilityBoundingSet=",
]


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze missing: apt-get install systemd"
)
@pytest.mark.parametrize("unit", UNITS)
def test_unit_verifies_cleanly(unit: str, tmp_path: Path) -> None:
    text = (REPO / "deploy" / "systemd" / unit).read_text(encoding="utf-8")
    for option in HARDENING:
        assert f"\n{option}\n" in text, option
    # verify checks that ExecStart exists: point the unit at this checkout instead of /srv/cong.
    local = tmp_path / unit
    local.write_text(text.replace("/srv/cong", str(REPO)), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(local)], capture_output=True, text=True, timeout=60
    )
    ours = [
        line for line in (result.stdout + result.stderr).splitlines() if unit in line or str(local) in line
    ]
    assert result.returncode == 0 and not ours, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze missing: apt-get install systemd"
)
def test_verify_catches_a_bad_option(tmp_path: Path) -> None:
    """The check above is not empty: a misspelt value is reported."""
    text = (REPO / "deploy" / "systemd" / "cong-web.service").read_text(encoding="utf-8")
    local = tmp_path / "cong-web.service"
    local.write_text(
        text.replace("/srv/cong", str(REPO)).replace("ProtectSystem=strict", "ProtectSystem=bogus")
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(local)], capture_output=True, text=True
    )
    assert "bogus" in result.stdout + result.stderr
