"""What one /tim-kiem/ request costs: its queries do not grow with the results' images or paragraphs, and a
repeated search is answered from the result cache without any search query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from cong.news.models import ArticlePage, CategoryPage

# The page cache is off: these tests measure the view itself (the bench's "uncached" row).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings: Any) -> None:
    settings.PAGECACHE_ENABLED = False


URL = "/tim-kiem/"


def _add_articles(category: CategoryPage, count: int, paragraphs: int, images: int, word: str) -> None:
    """Articles whose lede names `word` every other time (the rest match only in the body)."""
    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file()) if images else None
    for n in range(count):
        body: list[tuple[str, Any]] = [
            ("text", f"<p>Đoạn {p}: {word} phát triển.</p>") for p in range(paragraphs)
        ]
        body += [("image", {"image": image, "caption": f"{word} {i}", "alt": ""}) for i in range(images)]
        category.add_child(
            instance=ArticlePage(
                title=f"Tin số {n}",
                slug=f"{word}-{n}",
                lede=f"Tóm tắt {word}." if n % 2 else "Tóm tắt.",
                body=body,
                cover_image=image,
                published_at=timezone.make_aware(datetime(2024, 6, 1 + n % 28, 9, 0)),
            )
        )


def _queries(client: Client, word: str, cold: bool = True) -> tuple[int, str]:
    if cold:  # every fragment (the results, the header, the banners) is rendered again
        caches[settings.PAGECACHE_FRAGMENT_ALIAS].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"q": word})
    assert response.status_code == 200
    return len(_statements(context.captured_queries)), response.content.decode()


# PostgreSQL's search sets its planner options inside a savepoint: those statements are not queries.
NOT_QUERIES = ("SAVEPOINT", "RELEASE", "SET ", "BEGIN", "COMMIT", "ROLLBACK")


def _statements(captured: list[dict[str, str]]) -> list[dict[str, str]]:
    return [q for q in captured if not q["sql"].lstrip().upper().startswith(NOT_QUERIES)]


def test_queries_do_not_grow_with_images_paragraphs_or_results(home: Any) -> None:
    category = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
    _add_articles(category, count=2, paragraphs=1, images=0, word="cảng")
    _add_articles(category, count=2, paragraphs=12, images=4, word="biển")
    _add_articles(category, count=20, paragraphs=12, images=4, word="sông")
    _add_articles(category, count=20, paragraphs=1, images=0, word="đảo")
    client = Client()
    for word in ("cảng", "biển", "sông", "đảo"):  # warm: content types, the site, portal settings
        _queries(client, word)
    plain, plain_html = _queries(client, "cảng")
    rich, rich_html = _queries(client, "biển")
    many, many_html = _queries(client, "sông")
    full, full_html = _queries(client, "đảo")
    assert plain_html.count('class="search-result"') == rich_html.count('class="search-result"') == 2
    assert many_html.count('class="search-result"') == full_html.count('class="search-result"') == 20
    assert "<mark>biển</mark>" in rich_html
    assert rich == plain, f"{plain} queries for 2 plain results, {rich} with 12 paragraphs and 5 images each"
    assert many == full, f"{full} queries for 20 plain results, {many} with 12 paragraphs and 5 images each"
    # A full first page adds one query, the count (fewer results than a page are all of them).
    assert many <= plain + 1, f"{plain} queries for 2 results, {many} for 20"


# A first search (its results not cached yet; the site, header and menu fragments warm, as after any
# other request of this generation) runs at most this many queries: the articles' ranked levels in one
# statement, the found articles' rows, the count only when the page is full, the reading of an
# unaccented query once (shared by every source); no section query when there is no document or
# answered question (a fact kept per generation). Before the third round of issue 17: 7, 5 and 6; before
# the second: 10, 10 and 13.
FIRST_SEARCH_QUERIES = {"cảng": 2, "sông": 3, "song": 4}


def _first_search(client: Client, word: str) -> list[dict[str, str]]:
    """The queries (SELECTs: PostgreSQL also sets planner options around some, in savepoints) of a
    first search of ``word``, after another search warmed this generation."""
    caches[settings.PAGECACHE_FRAGMENT_ALIAS].clear()
    assert client.get(URL, {"q": "khác"}).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"q": word})
    assert response.status_code == 200 and 'class="search-result"' in response.content.decode()
    return _statements(context.captured_queries)


def test_first_search_query_count(home: Any) -> None:
    category = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
    _add_articles(category, count=2, paragraphs=1, images=0, word="cảng")
    _add_articles(category, count=21, paragraphs=2, images=1, word="sông")
    client = Client()
    client.get(URL)  # the first request of a test creates the site's settings rows: a new generation
    for word, limit in FIRST_SEARCH_QUERIES.items():
        queries = _first_search(client, word)
        assert len(queries) <= limit, f"{word!r}: {len(queries)} queries, at most {limit}:\n" + "\n".join(
            q["sql"][:200] for q in queries
        )
    readings = [q for q in _first_search(client, "song") if "search_searchreading" in q["sql"]]
    assert len(readings) == 1, "the unaccented query's reading is looked up once per request"


def test_a_new_view_restriction_hides_its_pages_from_the_next_search(home: Any) -> None:
    """The private sections are read once per generation: a restriction starts a new one."""
    category = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
    _add_articles(category, count=2, paragraphs=1, images=0, word="cảng")
    client = Client()
    assert client.get(URL, {"q": "cảng"}).content.decode().count('class="search-result"') == 2
    PageViewRestriction.objects.create(page=category, restriction_type=PageViewRestriction.LOGIN)
    assert 'class="search-result"' not in client.get(URL, {"q": "cảng"}).content.decode()


def test_repeated_search_needs_no_search_query(home: Any) -> None:
    category = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
    _add_articles(category, count=3, paragraphs=2, images=0, word="cảng")
    client = Client()
    first, first_html = _queries(client, "cảng")
    again, again_html = _queries(client, "cảng", cold=False)
    assert again_html == first_html
    assert again < first
    with CaptureQueriesContext(connection) as context:
        client.get(URL, {"q": "cảng"})
    assert not [
        q for q in context.captured_queries if "search_fts" in q["sql"] or "search_searchentry" in q["sql"]
    ]


def test_publishing_shows_up_in_the_next_identical_search(home: Any) -> None:
    category = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
    _add_articles(category, count=1, paragraphs=1, images=0, word="cảng")
    client = Client()
    assert client.get(URL, {"q": "cảng"}).content.decode().count('class="search-result"') == 1
    _add_articles(category, count=1, paragraphs=1, images=0, word="cảng-mới")
    assert client.get(URL, {"q": "cảng"}).content.decode().count('class="search-result"') == 2
