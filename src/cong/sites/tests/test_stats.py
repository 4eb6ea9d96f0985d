"""Statistics per site: the report's per-site rows add up to the city total; its site filter."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from cong.stats.counting import count_hit
from cong.stats.models import DailyPageViews


def test_page_views_per_site_sum_to_the_city_total(
    make_site: Any, publish_article: Any, home: Any, client: Client, role_user: Any
) -> None:
    health = make_site("Sở Y tế", host="so-y-te.localhost")
    commune = make_site("Xã mẫu", path_prefix="xa-mau")
    articles = {
        "health": publish_article(health, "Tin y tế"),
        "commune": publish_article(commune, "Tin của xã"),
    }
    now = timezone.now()
    hits = {health.root_page_id: 2, articles["health"].pk: 5, articles["commune"].pk: 3, home.pk: 4}
    for page_id, count in hits.items():
        for n in range(count):
            count_hit(now, f"203.0.113.{n}", "Mozilla/5.0", 1, page_id)
    client.force_login(role_user("Quản trị"))
    response = client.get("/admin/thong-ke/")
    sites = {row.home.title if row.home else None: row.views for row in response.context["sites"]}
    assert sites == {"Sở Y tế": 7, "Xã mẫu": 3, home.title: 4}
    total = sum(row.views for row in DailyPageViews.objects.all())
    assert response.context["sites_total"] == sum(sites.values()) == total == 14
    html = response.content.decode()
    assert "Lượt xem trang theo cổng" in html and "Toàn bộ các cổng" in html

    only_health = client.get(f"/admin/thong-ke/?site={health.root_page_id}")
    titles = [page.title for page, _ in only_health.context["articles"]]
    assert titles == ["Tin y tế"]
    csv = client.get("/admin/thong-ke/?csv=sites").content.decode("utf-8-sig")
    assert "Sở Y tế,7" in csv and "Toàn bộ các cổng,14" in csv
    assert client.get("/admin/thong-ke/?site=abc").status_code == 200
