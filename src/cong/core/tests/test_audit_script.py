"""The CI dependency audit fails on a known vulnerability and never calls an unchecked run clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "audit_dependencies.py"


@pytest.fixture(scope="module")
def audit() -> Any:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_known_vulnerability_fails(audit: Any, capsys: pytest.CaptureFixture[str]) -> None:
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "nh3", "version": "0.3.8", "vulns": []},
        ]
    }
    assert audit.evaluate(report) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE django==5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in out
    assert "2 of 2 pinned packages checked, 1 vulnerable" in out


def test_unreachable_advisories_are_reported_not_hidden(
    audit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    report = {"dependencies": [{"name": "nh3", "version": "0.3.8", "skip_reason": "not found"}]}
    assert audit.evaluate(report) == 0
    captured = capsys.readouterr()
    assert "0 of 1 pinned packages checked" in captured.out
    assert "NOT audited" in captured.err
