"""Fixtures shared by every app's tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache, caches


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    """Each test starts with an empty shared cache (only our key prefix, never a whole Redis db)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
        # Wagtail keeps the site root paths under a key version of its own, which the pattern (of the
        # default version) misses: another test's Sites would otherwise outlive it in Redis.
        from wagtail.models import Site

        Site.clear_site_root_paths_cache()
    else:
        cache.clear()
    for alias in ("fragments", "renditions"):  # per-process memory caches (cong.pagecache)
        if alias in settings.CACHES:
            caches[alias].clear()


@pytest.fixture
def home(db: Any) -> Any:
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def write_image(tmp_path: Path) -> Callable[..., str]:
    """Write a small JPEG under tmp_path and return its path relative to tmp_path."""
    from cong.demo.content import placeholder_image

    def _write(name: str, label: str = "Ảnh", size: tuple[int, int] = (320, 200)) -> str:
        placeholder_image(tmp_path / name, label, "#336699", size=size)
        return name

    return _write


@pytest.fixture
def import_records(tmp_path: Path, home: Any) -> Callable[..., Any]:
    """Import a list of records (dicts, or raw strings for malformed lines) through the importer."""
    from cong.core.jsonl import read_lines
    from cong.news.importer import ArticleImporter

    def _import(records: list[Any], name: str = "import.jsonl") -> Any:
        path = tmp_path / name
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return ArticleImporter(tmp_path).run(read_lines(path))

    return _import


@pytest.fixture
def seed_article(tmp_path: Path, home: Any) -> Any:
    """The Hải Phòng seed article, imported exactly as the demo does, with the demo's portal settings."""
    from wagtail.models import Site

    from cong.core.jsonl import read_lines
    from cong.core.models import PortalSettings
    from cong.demo.content import PORTAL, SEED_JSONL, _captions, placeholder_image
    from cong.news.importer import ArticleImporter
    from cong.news.models import ArticlePage

    record = json.loads(SEED_JSONL.read_text(encoding="utf-8"))
    for n, caption in enumerate(_captions(record["body"]), start=1):
        placeholder_image(tmp_path / "images" / f"seed-{n}.jpg", caption, "#24577a", size=(320, 200))
    target = tmp_path / "seed.jsonl"
    target.write_text(SEED_JSONL.read_text(encoding="utf-8"), encoding="utf-8")
    report = ArticleImporter(tmp_path).run(read_lines(target))
    assert report.ok, report.errors
    PortalSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), defaults=PORTAL)
    return ArticlePage.objects.get(legacy_url=record["legacy_url"])


@pytest.fixture
def _restore_migration_data(django_db_blocker: Any) -> Iterator[None]:
    """Set up before ``transactional_db``, so torn down after its flush: puts back what the migrations
    created (site, home page, groups, workflow), which the transactional tests after this one expect."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            contents = getattr(conn, "_test_serialized_contents", None)
            if contents:
                conn.creation.deserialize_db_from_string(contents)


@pytest.fixture
def kept_transactional_db(
    _restore_migration_data: None, django_db_serialized_rollback: None, transactional_db: None
) -> None:
    """``transactional_db`` (for code that runs in other threads or a live server) that leaves the
    database as the migrations made it. Every transactional test must use this one: a plain flush
    re-runs post_migrate, whose new content types then collide with the next serialized restore."""


# Browser tests (-m browser) of every app: a demo portal and Chromium per test module, stopped when the
# module ends. Module scope on purpose: package-scoped Playwright fixtures imported into another
# package outlived their module and left Playwright's event loop running under the next module's
# browser tests. cong/a11y/tests/conftest.py overrides them with package-scoped ones for its suite.
@pytest.fixture(scope="module")
def portal() -> Iterator[Any]:
    from cong.a11y.server import running_portal

    with running_portal() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from cong.a11y.server import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def open_page(portal: Any, browser: Any) -> Iterator[Callable[..., Any]]:
    """``open_page(path, viewport="desktop" | "mobile" | {"width":…, "height":…}, js=True)``: a page
    in a fresh Vietnamese-language context, closed after the test."""
    from cong.a11y.tests.conftest import VIEWPORTS

    contexts: list[Any] = []

    def _open(path: str, viewport: str | dict[str, int] = "desktop", js: bool = True) -> Any:
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        context = browser.new_context(
            base_url=portal.base_url, viewport=size, locale="vi-VN", java_script_enabled=js
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()
