"""RSS and Atom on component sites: each site's feeds list its own articles, with its own host."""

from __future__ import annotations

from typing import Any

import feedparser
from django.test import Client


def entries(client: Client, url: str, host: str) -> list[Any]:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, host)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.entries


def test_each_site_feeds_list_its_own_articles_with_its_own_host(
    make_site: Any, publish_article: Any, client: Client
) -> None:
    health = make_site("Sở Y tế", host="so-y-te.localhost")
    education = make_site("Sở Giáo dục", host="so-giao-duc.localhost")
    commune = make_site("Xã Mẫu", path_prefix="xa-mau")
    titles = {
        "so-y-te.localhost": publish_article(health, "Tin riêng của Sở Y tế").title,
        "so-giao-duc.localhost": publish_article(education, "Tin riêng của Sở Giáo dục").title,
    }
    commune_title = publish_article(commune, "Tin riêng của Xã Mẫu").title
    for host, title in titles.items():
        for url in ("/rss/", "/atom/", "/rss/tin-tuc-su-kien/", "/atom/tin-tuc-su-kien/"):
            found = entries(client, url, host)
            assert [entry.title for entry in found] == [title], (host, url)
            assert all(entry.link.startswith(f"http://{host}/") for entry in found), (host, url)
    city = {entry.title for url in ("/rss/", "/atom/") for entry in entries(client, url, "localhost")}
    assert not city & {*titles.values(), commune_title}  # a path-prefix site's articles are its own
