"""Coverage tooling for Cổng's Vietnamese admin catalogs.

Cổng ships complete Vietnamese catalogs (``vi/LC_MESSAGES/django.po`` and ``djangojs.po`` next to
this module) that override Wagtail's partial ones through ``LOCALE_PATHS``. This module works out
which messages those catalogs must contain and reports what is missing.

The source messages are:

* every msgid of Wagtail's English catalogs (``wagtail/**/locale/en/LC_MESSAGES/<domain>.po``);
* every msgid of the ``modelsearch`` package's English catalogs, if it ships any;
* the msgids of Django itself (validation errors, "5 phút trước", the CSRF failure page) and of the
  contrib apps Cổng installs (admin, auth, contenttypes, sessions) that Django's own Vietnamese
  catalogs leave untranslated or fuzzy (the rest is already Vietnamese in Django).

The module is pure Python: it needs ``polib`` but neither Django settings nor a database.

Run it with ``python -m cong.locale.tools``; it prints one line per catalog and exits with status 1
if anything is missing, untranslated or fuzzy.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

# A message key: (msgctxt, msgid). msgctxt is None when the entry has no context.
MessageKey = tuple[str | None, str]

DOMAINS: tuple[str, ...] = ("django", "djangojs")
LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent
# Django catalogs (relative to the django package) whose untranslated Vietnamese messages we fill in.
DJANGO_CATALOG_DIRS: tuple[str, ...] = (
    "conf",
    "contrib/admin",
    "contrib/auth",
    "contrib/contenttypes",
    "contrib/sessions",
)

# Placeholders that must survive translation unchanged: printf-style (%(name)s, %s, %d, %%),
# str.format-style ({name}, {0}, {}) and HTML tags (compared with their attributes).
_PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %(name)s, %(count)d
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d
    r"|%%"  # literal percent sign
    r"|\{[A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {0}, {}
    r"|</?[A-Za-z][^<>]*>"  # <b>, </a>, <a href="...">, <br />
)


@dataclass
class CatalogCoverage:
    """Coverage of one of our catalogs against the source messages of its domain."""

    domain: str
    total: int
    translated: int
    missing: list[MessageKey] = field(default_factory=list)
    untranslated: list[MessageKey] = field(default_factory=list)
    fuzzy: list[MessageKey] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.untranslated or self.fuzzy)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def package_dir(name: str) -> Path | None:
    """Directory of an installed package, found without importing (i.e. running) it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def catalog_path(domain: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Path of our own catalog for a domain."""
    return locale_dir / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def entry_key(entry: polib.POEntry) -> MessageKey:
    return (entry.msgctxt or None, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """True if every msgstr (or msgstr[n] for plural entries) of the entry is non-empty."""
    if entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_fuzzy(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags


def wagtail_source_catalogs(domain: str) -> list[Path]:
    """English catalogs of Wagtail (all apps and contrib modules) and of modelsearch, if any."""
    paths: list[Path] = []
    for package in ("wagtail", "modelsearch"):
        root = package_dir(package)
        if root is not None:
            paths.extend(sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")))
    return paths


def django_untranslated_msgids(domain: str) -> list[polib.POEntry]:
    """Entries of Django's catalogs (DJANGO_CATALOG_DIRS) that its Vietnamese ones do not translate."""
    django_dir = package_dir("django")
    if django_dir is None:
        return []
    entries: list[polib.POEntry] = []
    for catalog_dir in DJANGO_CATALOG_DIRS:
        en_path = django_dir / catalog_dir / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        vi_path = django_dir / catalog_dir / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
        if not en_path.exists():
            continue
        done: set[MessageKey] = set()
        if vi_path.exists():
            done = {entry_key(e) for e in polib.pofile(str(vi_path)) if is_translated(e) and not is_fuzzy(e)}
        entries.extend(e for e in polib.pofile(str(en_path)) if not e.obsolete and entry_key(e) not in done)
    return entries


def collect_source_entries(domain: str) -> dict[MessageKey, polib.POEntry]:
    """Source entries for one domain, keyed by (msgctxt, msgid); the first occurrence wins."""
    entries: dict[MessageKey, polib.POEntry] = {}
    for path in wagtail_source_catalogs(domain):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                entries.setdefault(entry_key(entry), entry)
    for entry in django_untranslated_msgids(domain):
        entries.setdefault(entry_key(entry), entry)
    return entries


def collect_source_msgids() -> dict[str, set[MessageKey]]:
    """The set of (msgctxt, msgid) our catalogs must translate, per domain."""
    return {domain: set(collect_source_entries(domain)) for domain in DOMAINS}


def load_catalog(domain: str, locale_dir: Path = LOCALE_DIR) -> polib.POFile | None:
    path = catalog_path(domain, locale_dir)
    return polib.pofile(str(path)) if path.exists() else None


def coverage(locale_dir: Path = LOCALE_DIR) -> dict[str, CatalogCoverage]:
    """Per catalog: translated count, total source count and missing/untranslated/fuzzy keys."""
    sources = collect_source_msgids()
    result: dict[str, CatalogCoverage] = {}
    for domain in DOMAINS:
        wanted = sources[domain]
        catalog = load_catalog(domain, locale_dir)
        ours = {entry_key(e): e for e in catalog if not e.obsolete} if catalog is not None else {}
        report = CatalogCoverage(domain=domain, total=len(wanted), translated=0)
        for key in sorted(wanted, key=lambda k: (k[0] or "", k[1])):
            entry = ours.get(key)
            if entry is None:
                report.missing.append(key)
            elif is_fuzzy(entry):
                report.fuzzy.append(key)
            elif not is_translated(entry):
                report.untranslated.append(key)
            else:
                report.translated += 1
        result[domain] = report
    return result


def placeholders(text: str) -> Counter[str]:
    """Multiset of format placeholders and HTML tags in a message."""
    return Counter(_PLACEHOLDER_RE.findall(text))


def placeholder_mismatches(catalog: polib.POFile) -> list[tuple[MessageKey, str]]:
    """Entries whose translation does not keep exactly the placeholders of their source.

    For plural entries the reference is the union of msgid and msgid_plural placeholders (with
    nplurals=1 the single msgstr[0] must be able to render either form).
    """
    problems: list[tuple[MessageKey, str]] = []
    for entry in catalog:
        if entry.obsolete or not is_translated(entry):
            continue
        expected = placeholders(entry.msgid)
        if entry.msgid_plural:
            expected |= placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for text in translations:
            found = placeholders(text)
            if found != expected:
                detail = f"expected {sorted(expected.elements())}, got {sorted(found.elements())}"
                problems.append((entry_key(entry), detail))
    return problems


def _format_key(key: MessageKey) -> str:
    context, msgid = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def main(argv: list[str] | None = None) -> int:
    """Print coverage per catalog; return 1 if anything is missing, untranslated or fuzzy."""
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    ok = True
    for domain, report in coverage().items():
        print(f"{domain}.po: {report.translated}/{report.total} ({report.percent:.1f}%)")
        for label, keys in (
            ("missing", report.missing),
            ("untranslated", report.untranslated),
            ("fuzzy", report.fuzzy),
        ):
            if keys:
                ok = False
                print(f"  {label}: {len(keys)}")
                for key in keys if verbose else keys[:20]:
                    print(f"    {_format_key(key)}")
                if not verbose and len(keys) > 20:
                    print("    … (use -v to list all)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
