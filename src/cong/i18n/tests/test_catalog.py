"""The English catalog of the public templates is complete, clean and compiled (docs/i18n.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.PROJECT_DIR) / "locale" / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"


def _catalog() -> polib.POFile:
    return polib.pofile(str(PO))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_marked_string_is_in_the_english_catalog(tmp_path: Path) -> None:
    """makemessages over a copy of the sources: no msgid it finds may be missing from the catalog."""
    source = Path(settings.PROJECT_DIR)
    copy = tmp_path / "cong"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "locale", "static"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "--no-wrap"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    found = {entry.msgid for entry in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    known = {entry.msgid for entry in _catalog() if not entry.obsolete}
    assert found, "makemessages found nothing"
    missing = sorted(found - known)
    assert not missing, f"not in {PO.name} (run makemessages, docs/i18n.md): {missing[:20]}"


def test_catalog_is_translated_and_not_fuzzy() -> None:
    catalog = _catalog()
    assert catalog.metadata.get("Language") == "en"
    assert not catalog.fuzzy_entries()
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    assert not untranslated, untranslated


def test_compiled_catalog_matches_source() -> None:
    assert MO.exists(), f"run msgfmt --check -o {MO} {PO}"
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(MO))}
    for entry in _catalog().translated_entries():
        assert compiled.get(entry.msgid) == entry.msgstr, f"{entry.msgid!r}: recompile {MO.name}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext msgfmt not installed")
def test_msgfmt_check(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
