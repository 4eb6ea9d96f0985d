"""On a fresh demo, the menu leads to every section in both languages and /en/ is an English portal."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client

from cong.demo.content import build_demo
from cong.news.models import ArticlePage


def _menu_links(html: str) -> list[str]:
    start = html.index('<nav class="main-nav"')
    return re.findall(r'<a href="([^"]+)"', html[start : html.index("</nav>", start)])


def test_demo_menu_leads_to_every_section(tmp_path: Path, home: Any, client: Client) -> None:
    assert build_demo(tmp_path / "demo", log=lambda _: None).ok
    for start in ("/", "/en/"):
        links = _menu_links(client.get(start).content.decode())
        assert len(links) >= (9 if start == "/" else 3)
        for link in links:
            if link.startswith("/"):
                assert client.get(link).status_code == 200, f"{start}: {link}"
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english and "Electronic Information Portal" in english
    assert "Office of the Hai Phong City People&#x27;s Committee" in english
    assert ">Government Portal<" in english
    # The organisation and contacts in English (cong.organisation's pages and units, translated).
    contacts = client.get("/en/about/contacts/").content.decode()
    assert (
        "General Affairs Division (sample unit)" in contacts and "Leaders and contact officials" in contacts
    )
    assert "Sample Department 1" in client.get("/en/about/organisation/").content.decode()
    article = ArticlePage.objects.get(locale__language_code="en")
    assert client.get(article.url).status_code == 200
    assert "Wednesday, 01/12/2021 08:30" in client.get(article.url).content.decode()
