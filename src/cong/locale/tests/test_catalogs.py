"""Completeness and consistency checks for Cổng's Vietnamese admin catalogs.

Pure Python: no Django settings and no database are needed (they are harmless if present).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest

from cong.locale import tools


@pytest.fixture(scope="module")
def coverage() -> dict[str, tools.CatalogCoverage]:
    return tools.coverage()


def _catalog(domain: str) -> polib.POFile:
    catalog = tools.load_catalog(domain)
    assert catalog is not None, f"{tools.catalog_path(domain)} does not exist"
    return catalog


def _show(keys: list[tools.MessageKey], limit: int = 30) -> str:
    lines = [f"[{ctx}] {msgid!r}" if ctx else repr(msgid) for ctx, msgid in keys[:limit]]
    if len(keys) > limit:
        lines.append(f"… and {len(keys) - limit} more")
    return "\n".join(lines)


def test_source_catalogs_found() -> None:
    sources = tools.collect_source_msgids()
    # Wagtail 7.4 has ~1,700 django-domain and ~85 djangojs-domain messages.
    assert len(sources["django"]) > 1000
    assert len(sources["djangojs"]) > 50
    assert (None, "Save draft") in sources["django"]


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_no_missing_messages(coverage: dict[str, tools.CatalogCoverage], domain: str) -> None:
    report = coverage[domain]
    assert not report.missing, f"{len(report.missing)} source msgids missing:\n{_show(report.missing)}"


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_no_untranslated_messages(coverage: dict[str, tools.CatalogCoverage], domain: str) -> None:
    report = coverage[domain]
    assert not report.untranslated, f"{len(report.untranslated)} untranslated:\n{_show(report.untranslated)}"


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_no_fuzzy_messages(coverage: dict[str, tools.CatalogCoverage], domain: str) -> None:
    report = coverage[domain]
    assert not report.fuzzy, f"{len(report.fuzzy)} fuzzy:\n{_show(report.fuzzy)}"
    assert report.translated == report.total


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_placeholders_preserved(domain: str) -> None:
    problems = tools.placeholder_mismatches(_catalog(domain))
    assert not problems, "\n".join(f"{key}: {detail}" for key, detail in problems[:30])


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_header_and_plural_forms(domain: str) -> None:
    catalog = _catalog(domain)
    assert catalog.metadata.get("Language") == "vi"
    assert catalog.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in catalog.metadata.get("Content-Type", "")
    for entry in catalog:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], f"{entry.msgid!r} must have exactly msgstr[0]"


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_translations_are_nfc(domain: str) -> None:
    bad = [
        entry.msgid
        for entry in _catalog(domain)
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if text != unicodedata.normalize("NFC", text)
    ]
    assert not bad, f"not NFC-normalised: {bad[:10]}"


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_compiled_catalog_matches_source(domain: str) -> None:
    po_path = tools.catalog_path(domain)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run msgfmt --check -o {mo_path} {po_path}"
    compiled = {tools.entry_key(e): e for e in polib.mofile(str(mo_path))}
    for entry in _catalog(domain):
        if entry.obsolete or not tools.is_translated(entry) or tools.is_fuzzy(entry):
            continue
        found = compiled.get(tools.entry_key(entry))
        assert found is not None, f"{entry.msgid!r} is not in {mo_path.name}: recompile it"
        if entry.msgid_plural:
            assert found.msgstr_plural == entry.msgstr_plural, f"{entry.msgid!r}: recompile {mo_path.name}"
        else:
            assert found.msgstr == entry.msgstr, f"{entry.msgid!r}: recompile {mo_path.name}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext msgfmt not installed")
@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_msgfmt_check(domain: str, tmp_path: Path) -> None:
    po_path = tools.catalog_path(domain)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / f"{domain}.mo"), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_main_reports_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert tools.main([]) == 0
    out = capsys.readouterr().out
    assert "django.po:" in out and "djangojs.po:" in out


def test_coverage_detects_problems(tmp_path: Path) -> None:
    """A damaged copy of our catalog is reported as missing/untranslated/fuzzy."""
    catalog = _catalog("django")
    entries = [e for e in catalog if not e.obsolete and not e.msgid_plural]
    dropped, blanked, fuzzied = entries[0], entries[1], entries[2]
    catalog.remove(dropped)
    blanked.msgstr = ""
    fuzzied.flags.append("fuzzy")
    target = tools.catalog_path("django", tmp_path)
    target.parent.mkdir(parents=True)
    catalog.save(str(target))

    report = tools.coverage(tmp_path)["django"]
    assert report.missing == [tools.entry_key(dropped)]
    assert report.untranslated == [tools.entry_key(blanked)]
    assert report.fuzzy == [tools.entry_key(fuzzied)]
    assert report.translated == report.total - 3
    assert not report.complete
    # djangojs.po is absent from tmp_path, so every djangojs message counts as missing.
    assert tools.coverage(tmp_path)["djangojs"].translated == 0


def test_placeholder_check_detects_mismatch() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="Delete %(title)s", msgstr="Xóa %(name)s"))
    catalog.append(polib.POEntry(msgid="<b>%(who)s</b> edited", msgstr="%(who)s đã sửa"))
    catalog.append(polib.POEntry(msgid="Edit '{title}'", msgstr="Sửa '{title}'"))
    problems = tools.placeholder_mismatches(catalog)
    assert [key for key, _ in problems] == [(None, "Delete %(title)s"), (None, "<b>%(who)s</b> edited")]


@pytest.mark.parametrize("domain", tools.DOMAINS)
def test_plural_entries_read_right_for_one(domain: str) -> None:
    """Vietnamese has one plural form (nplurals=1): msgstr[0] is shown for one item too, so it must not
    say "các"/"những" ("these"): "Bạn không có quyền xóa trang đã chọn", not "... xóa các trang này"."""
    plural_words = re.compile(r"\b(các|những)\b", re.IGNORECASE)
    wrong = [
        f"{entry.msgid!r}: {entry.msgstr_plural[0]!r}"
        for entry in _catalog(domain)
        if entry.msgid_plural and not entry.obsolete and plural_words.search(entry.msgstr_plural.get(0, ""))
    ]
    assert not wrong, "\n".join(wrong)
