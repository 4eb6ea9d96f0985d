from __future__ import annotations

from pathlib import Path
from typing import Any

from cong.banners.models import Banner
from cong.demo.content import build_demo, generated_articles
from cong.news.models import ArticlePage, CategoryPage


def test_generated_articles_are_deterministic(tmp_path: Path) -> None:
    first = generated_articles(tmp_path / "a", per_category=2)
    second = generated_articles(tmp_path / "b", per_category=2)
    assert [a["title"] for a in first] == [a["title"] for a in second]
    assert len({a["category"] for a in first}) == 4


def test_build_demo_makes_a_portal(tmp_path: Path, home: Any, client: Any) -> None:
    report = build_demo(tmp_path / "demo", log=lambda _: None)
    assert report.ok, report.errors
    assert CategoryPage.objects.filter(locale__language_code="vi").count() == 4
    assert ArticlePage.objects.live().count() >= 30
    assert Banner.objects.count() >= 4
    seed = ArticlePage.objects.get(legacy_url="demo:seed/000_8a31eafaeb81a6bd")
    home_html = client.get("/").content.decode()
    assert f'href="{seed.url}"' in home_html
    article_html = client.get(seed.url).content.decode()
    assert article_html.count('class="photo"') == 4
    assert 'class="banners banners-sidebar"' in article_html
