"""CI step: audit the pinned requirements with pip-audit; fail on any known vulnerability.

pip-audit needs PyPI's JSON API (or OSV) for advisory data. Where that service cannot be reached (a
sandbox that only mirrors the package index), every package comes back "skipped": the step then says
loudly that nothing was checked, and passes, rather than either failing every build or claiming a
clean bill it never checked. A package with a known vulnerability always fails the step.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    command = [
        str(ROOT / ".venv" / "bin" / "pip-audit"),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "-r",
        str(ROOT / "requirements.txt"),
        "-r",
        str(ROOT / "requirements-dev.txt"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        print("pip-audit: no report (see above)", file=sys.stderr)
        return 1
    return evaluate(report)


def evaluate(report: dict) -> int:
    """Print the verdict on a pip-audit JSON report; 1 when a package has a known vulnerability."""
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = len(dependencies) - len(skipped)
    for dep in vulnerable:
        ids = ", ".join(v["id"] + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
                        for v in dep["vulns"])  # fmt: skip
        print(f"VULNERABLE {dep['name']}=={dep['version']}: {ids}")
    print(
        f"pip-audit: {checked} of {len(dependencies)} pinned packages checked, {len(vulnerable)} vulnerable"
    )
    if skipped:
        print(
            f"WARNING: {len(skipped)} packages NOT audited (advisory data unreachable here), e.g. "
            f"{skipped[0]['name']}: {skipped[0]['skip_reason']}",
            file=sys.stderr,
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
