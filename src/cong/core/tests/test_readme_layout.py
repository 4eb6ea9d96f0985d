"""README's layout table names exactly the packages under ``src/cong/`` (it must match the tree)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def layout_apps(readme: str) -> set[str]:
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.M))


def test_the_layout_table_matches_the_apps() -> None:
    apps = {path.parent.name for path in (ROOT / "src" / "cong").glob("*/__init__.py")}
    assert layout_apps((ROOT / "README.md").read_text(encoding="utf-8")) == apps


def test_a_missing_app_is_noticed() -> None:
    readme = "## Layout\n\n| app | what |\n|---|---|\n| `core` | base |\n\n## Next\n| `news` | x |\n"
    assert layout_apps(readme) == {"core"}
