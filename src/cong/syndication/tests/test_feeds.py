"""RSS 2.0 and Atom feeds: parsed by feedparser and checked against each format's required elements."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.test import Client

from cong.core.address import public_base_url
from cong.i18n.translation import translate_page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _get(client: Client, url: str, content_type: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    return response.content


def _check_rss(xml: bytes) -> ET.Element:
    """RSS 2.0: <rss version="2.0"><channel> with title, link, description; items with title or
    description; a guid, link and pubDate as we always give them (RFC 822 dates)."""
    root = ET.fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), name
    items = channel.findall("item")
    for item in items:
        for name in ("title", "link", "guid", "pubDate"):
            assert (item.findtext(name) or "").strip(), name
        assert (item.findtext("link") or "").startswith(("http://", "https://"))
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert len(parsed.entries) == len(items)
    assert all(entry.published_parsed for entry in parsed.entries)
    return channel


def _check_atom(xml: bytes) -> ET.Element:
    """Atom 1.0 (RFC 4287): feed id, title, updated, an author, a self link; entries with id, title,
    updated and an alternate link."""
    root = ET.fromstring(xml)
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert (root.findtext(ATOM + name) or "").strip(), name
    assert root.find(ATOM + "author/" + ATOM + "name") is not None
    assert any(link.get("rel") == "self" for link in root.findall(ATOM + "link"))
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(ATOM + name) or "").strip(), name
        assert entry.find(ATOM + "link").get("href", "").startswith(("http://", "https://"))  # type: ignore[union-attr]
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root


def test_portal_feeds(client: Client, seed_article: Any) -> None:
    channel = _check_rss(_get(client, "/rss/", "application/rss+xml"))
    assert channel.findtext("language") == "vi"
    assert [item.findtext("title") for item in channel.findall("item")] == [seed_article.title]
    assert channel.find("item/link").text == public_base_url() + seed_article.url  # type: ignore[union-attr]
    root = _check_atom(_get(client, "/atom/", "application/atom+xml"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert [e.findtext(ATOM + "title") for e in root.findall(ATOM + "entry")] == [seed_article.title]


def test_category_feeds(client: Client, seed_article: Any) -> None:
    category = seed_article.get_parent()
    channel = _check_rss(_get(client, f"/rss/{category.slug}/", "application/rss+xml"))
    assert category.title in (channel.findtext("title") or "")
    assert len(channel.findall("item")) == 1
    _check_atom(_get(client, f"/atom/{category.slug}/", "application/atom+xml"))


def test_unknown_category_is_404(client: Client, seed_article: Any) -> None:
    assert client.get("/rss/khong-co/").status_code == 404
    assert client.get("/atom/khong-co/").status_code == 404


def test_english_feed(client: Client, seed_article: Any, home: Any) -> None:
    assert client.get("/en/rss/").status_code == 404  # no English home yet
    translate_page(home, "en", title="Home", slug="home")
    channel = _check_rss(_get(client, "/en/rss/", "application/rss+xml"))
    assert channel.findtext("language") == "en"
    assert channel.findall("item") == []  # no English articles: an empty but valid feed


def test_autodiscovery_links(client: Client, seed_article: Any) -> None:
    base = public_base_url()
    category = seed_article.get_parent()
    home_html = client.get("/").content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Tin mới (RSS)" href="{base}/rss/">'
        in home_html
    )
    assert f'type="application/atom+xml" title="Tin mới (Atom)" href="{base}/atom/"' in home_html
    article_html = client.get(seed_article.url).content.decode()
    assert f'href="{base}/rss/{category.slug}/"' in article_html
    assert f'href="{base}/atom/{category.slug}/"' in article_html


def test_feeds_are_cached_and_refreshed_on_publish(client: Client, seed_article: Any) -> None:
    assert client.get("/rss/")["X-Page-Cache"] == "miss"
    assert client.get("/rss/")["X-Page-Cache"] == "hit"
    seed_article.title = "Tiêu đề mới của tin bài"
    seed_article.save_revision().publish()
    response = client.get("/rss/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tiêu đề mới của tin bài" in response.content.decode()


def test_dublin_core_on_articles(client: Client, seed_article: Any) -> None:
    html = client.get(seed_article.url).content.decode()
    meta = _meta(html)
    assert meta["DC.title"] == seed_article.title
    assert meta["DC.creator"] == ", ".join(seed_article.authors)
    assert meta["DC.date"].startswith("2021-12-01T08:30:00+07:00")
    assert meta["DC.description"].startswith("Sáng 1/12")
    assert meta["DC.publisher"] == "Văn phòng Ủy ban nhân dân thành phố Hải Phòng"
    assert meta["DC.identifier"] == public_base_url() + seed_article.url
    assert meta["DC.language"] == "vi"


def test_dublin_core_on_documents(client: Client, home: Any, tmp_path: Path) -> None:
    from cong.core.jsonl import read_lines
    from cong.documents.importer import DocumentImporter
    from cong.documents.models import LegalDocument

    record = {
        "number": "42/2022/NĐ-CP",
        "type": "Nghị định",
        "abstract": "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến",
        "issuer": "Chính phủ",
        "issued_on": "2022-06-24",
    }
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert DocumentImporter(tmp_path).run(read_lines(path)).ok
    document = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    meta = _meta(client.get(document.url).content.decode())
    assert meta["DC.title"] == "Nghị định 42/2022/NĐ-CP"
    assert meta["DC.creator"] == "Chính phủ"
    assert meta["DC.date"] == "2022-06-24"
    assert meta["DC.description"].startswith("Quy định về việc")
    assert meta["DC.identifier"] == public_base_url() + document.url
    assert meta["DC.language"] == "vi"


def test_government_organization_microdata_on_home(client: Client, seed_article: Any) -> None:
    html = client.get("/").content.decode()
    assert 'itemscope itemtype="https://schema.org/GovernmentOrganization"' in html
    assert 'itemprop="name">Cổng Thông tin điện tử thành phố Hải Phòng<' in html
    assert 'itemprop="telephone"' in html and 'itemprop="email"' in html and 'itemprop="address"' in html


def _meta(html: str) -> dict[str, str]:
    from html.parser import HTMLParser

    found: dict[str, str] = {}

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "meta" and (a.get("name") or "").startswith("DC."):
                found[a["name"] or ""] = a.get("content") or ""

    Parser().feed(html)
    return found
