"""On the demo, the seed article's three citations link to their documents and back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cong.core.testing import visible_text
from cong.demo.content import build_demo
from cong.documents.models import LegalDocument
from cong.news.models import ArticlePage


def test_demo_seed_article_links_its_three_documents(tmp_path: Path, home: Any, client: Any) -> None:
    report = build_demo(tmp_path / "demo", log=lambda _: None)
    assert report.ok, report.errors
    assert LegalDocument.objects.count() == 3
    seed = ArticlePage.objects.get(legacy_url="demo:seed/000_8a31eafaeb81a6bd")
    html = client.get(seed.url).content.decode()
    links = dict(re.findall(r'<a class="doc-cite" href="([^"]+)" title="[^"]*">([^<]+)</a>', html))
    links = {text: href for href, text in links.items()}
    assert set(links) == {"01-CT/TW", "01-KL/TW", "05-CT/TW"}, links
    for number, href in links.items():
        page = client.get(href)
        assert page.status_code == 200
        text = visible_text(page.content.decode())
        assert f"số {number}" in text and "Bộ Chính trị" in text
        citing = text.split("Tin bài trích dẫn văn bản này", 1)[1]
        assert seed.title in citing
    conclusion = visible_text(client.get(links["01-KL/TW"]).content.decode())
    related = conclusion.split("Văn bản liên quan", 1)[1].split("Tin bài trích dẫn", 1)[0]
    assert "Nhắc đến trong trích yếu: Chỉ thị số 05-CT/TW" in related  # its abstract cites 05-CT/TW
    menu = client.get("/").content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/van-ban/">Văn bản</a>' in menu
