"""The demo's two sample component sites: created once, reachable on their *.localhost names."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cong.demo.sites import build_sample_sites
from cong.sites.models import ArticleShare, ComponentSite


def test_sample_sites_are_built_once_and_answer_on_localhost_names(home: Any, client: Client) -> None:
    build_sample_sites(8000, log=lambda message: None)
    build_sample_sites(8000, log=lambda message: None)
    assert sorted(ComponentSite.objects.values_list("name", flat=True)) == [
        "Sở Giáo dục và Đào tạo (mẫu)",
        "Sở Y tế (mẫu)",
    ]
    assert ArticleShare.objects.count() == 2
    html = client.get("/", HTTP_HOST="so-y-te.localhost:8000").content.decode()
    assert "Sở Y tế (mẫu)" in html and "sốt xuất huyết" in html
    assert "sốt xuất huyết" not in client.get("/", HTTP_HOST="so-giao-duc.localhost:8000").content.decode()
    shared = client.get("/tin-cong-thanh-phan/").content.decode()
    assert "http://so-y-te.localhost:8000/tin-tuc-su-kien/" in shared
