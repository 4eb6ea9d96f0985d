"""Locales, /en/ routing, the language switch, hreflang alternates, English dates and the cache."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from cong.core.address import public_base_url
from cong.core.text import format_local_datetime

pytestmark = pytest.mark.django_db


class _Head(HTMLParser):
    """<html lang>, the hreflang alternates and the language switch's links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] = {}
        self.current = ""
        self._in_switch = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "nav" and "language-switch" in a.get("class", ""):
            self._in_switch = True
        elif self._in_switch and tag == "a":
            self.switch[a["hreflang"]] = a["href"]
        elif self._in_switch and tag == "span" and a.get("aria-current"):
            self.current = a.get("lang", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switch = False


def _read(client: Client, url: str) -> _Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = _Head()
    head.feed(response.content.decode())
    return head


def _path(url: str) -> str:
    """The switch links by path (same origin); hreflang alternates are absolute."""
    return url.removeprefix(public_base_url())


def test_locales_created_by_migration() -> None:
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"vi", "en"}
    assert settings.WAGTAIL_I18N_ENABLED
    assert [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES] == ["vi", "en"]


def test_english_home_under_en_prefix(client: Client, english_home: Any) -> None:
    vi, en = _read(client, "/"), _read(client, "/en/")
    assert (vi.lang, en.lang) == ("vi", "en")
    assert (vi.current, en.current) == ("vi", "en")
    assert _path(vi.switch["en"]) == "/en/"
    assert _path(en.switch["vi"]) == "/"


def test_translated_page_reachable_both_ways_with_reciprocal_hreflang(
    client: Client, translated_category: tuple[Any, Any]
) -> None:
    category, english = translated_category
    assert english.url == "/en/current-affairs/"
    vi, en = _read(client, category.url), _read(client, english.url)
    assert _path(vi.switch["en"]) == english.url
    assert _path(en.switch["vi"]) == category.url
    # Reciprocal, absolute, with x-default (the Vietnamese page) on both.
    assert vi.alternates == en.alternates
    assert vi.alternates == {
        "vi": public_base_url() + category.url,
        "en": public_base_url() + english.url,
        "x-default": public_base_url() + category.url,
    }
    assert all(url.startswith(("http://", "https://")) for url in vi.alternates.values())


def test_untranslated_page_switches_to_the_other_home(
    client: Client, english_home: Any, seed_article: Any
) -> None:
    page = _read(client, seed_article.url)
    assert page.lang == "vi"
    assert _path(page.switch["en"]) == "/en/"
    assert page.alternates == {}  # an article is no translation of a home page


def test_without_a_translation_en_redirects_to_the_vietnamese_page(client: Client, seed_article: Any) -> None:
    assert _path(_read(client, "/").switch["en"]) == "/en/"
    response = client.get("/en/")
    assert (response.status_code, response["Location"]) == (302, "/")
    response = client.get("/en" + seed_article.url)
    assert (response.status_code, response["Location"]) == (302, seed_article.url)


def test_english_texts_from_the_catalog(client: Client, english_home: Any) -> None:
    html = client.get("/en/").content.decode()
    assert "Skip to main content" in html and ">Home<" in html
    assert "Bỏ qua, đến nội dung chính" not in html
    assert "Bỏ qua, đến nội dung chính" in client.get("/").content.decode()


def test_dates_in_both_languages() -> None:
    value = datetime(2021, 12, 1, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert format_local_datetime(value) == "Thứ Tư, 01/12/2021 08:30"
    with translation.override("en"):
        assert format_local_datetime(value) == "Wednesday, 01/12/2021 08:30"
        assert format_local_datetime(value, with_time=False) == "Wednesday, 01/12/2021"


def test_language_comes_from_the_path_only(client: Client, english_home: Any) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Content-Language"] == "vi"
    assert client.get("/en/")["Content-Language"] == "en"


def test_vi_and_en_never_share_a_cache_entry(client: Client, english_home: Any) -> None:
    first = [client.get(url) for url in ("/", "/en/")]
    second = [client.get(url) for url in ("/", "/en/")]
    assert [r.get("X-Page-Cache") for r in first] == ["miss", "miss"]
    assert [r.get("X-Page-Cache") for r in second] == ["hit", "hit"]
    langs = [re.search(r'<html lang="(\w+)"', r.content.decode()).group(1) for r in second]  # type: ignore[union-attr]
    assert langs == ["vi", "en"]


def test_publishing_a_translation_refreshes_the_cached_switch(
    client: Client, english_home: Any, seed_article: Any
) -> None:
    from cong.i18n.translation import translate_page

    category = seed_article.get_parent().specific
    assert _path(_read(client, category.url).switch["en"]) == "/en/"
    english = translate_page(category, "en", title="Current affairs", slug="current-affairs")
    assert _path(_read(client, category.url).switch["en"]) == english.url


def test_english_pages_in_the_sitemap(client: Client, translated_category: tuple[Any, Any]) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    assert public_base_url() + "/en/" in xml
    assert public_base_url() + "/en/current-affairs/" in xml
    category, _english = translated_category
    alternates = re.findall(r'<xhtml:link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', xml)
    assert ("en", public_base_url() + "/en/current-affairs/") in alternates
    assert ("x-default", public_base_url() + category.url) in alternates


def test_english_pages_are_searchable(translated_category: tuple[Any, Any]) -> None:
    from wagtail.models import Page

    _category, english = translated_category
    found = list(Page.objects.live().filter(locale__language_code="en").search("Current affairs"))
    assert english.pk in [page.pk for page in found]


def test_route_cache_under_the_language_prefix(client: Client, translated_category: tuple[Any, Any]) -> None:
    """The route cache (cong.pagecache) strips /en/ before routing: an English article's print view
    resolves on the first request and from the cached route on the next."""
    from cong.i18n.translation import translate_page
    from cong.news.models import ArticlePage

    _category, _english = translated_category
    seed = ArticlePage.objects.get(locale__language_code="vi")
    english = translate_page(seed, "en", title="Delegation", slug="delegation", exclude_fields=["legacy_url"])
    for _ in range(2):
        assert client.get(english.url, HTTP_COOKIE="").status_code == 200
        response = client.get(english.url + "in/")
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
        assert client.get(english.url + "khong-co/").status_code == 404
        assert client.get(seed.url + "in/").status_code == 200


def test_api_lists_english_pages_by_locale(client: Client, translated_category: tuple[Any, Any]) -> None:
    """Wagtail's API v2 (cong.search.api) covers both trees and filters with ?locale=."""
    _category, english = translated_category
    data = client.get("/api/v2/pages/?locale=en&fields=locale").json()
    urls = {item["meta"]["html_url"] for item in data["items"]}
    assert public_base_url() + english.url in urls
    assert {item["meta"]["locale"] for item in data["items"]} == {"en"}
    vi = client.get("/api/v2/pages/?locale=vi").json()
    assert public_base_url() + english.url not in {item["meta"]["html_url"] for item in vi["items"]}


def test_a_locale_language_is_read_once_per_process(db: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale

    from cong.i18n.locales import language_code

    vi = Locale.objects.get_or_create(language_code="vi")[0]
    language_code(vi.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert language_code(vi.pk) == "vi"
    assert len(ctx.captured_queries) == 0
    fr = Locale.objects.create(language_code="fr")  # a new locale: the copy is refreshed
    assert language_code(fr.pk) == "fr"
    fr.delete()
