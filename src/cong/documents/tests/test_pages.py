"""Public pages: /van-ban/ list (filters, search, bad input), a document's page, query budgets."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cong.core.testing import visible_text
from cong.documents.models import Issuer, LegalDocument, Sector
from cong.news.models import ArticlePage

pytestmark = pytest.mark.usefixtures("sample_documents")


def numbers(client: Any, query: str = "", status: int = 200) -> list[str]:
    response = client.get(f"/van-ban/{query}")
    assert response.status_code == status
    html = response.content.decode()
    return re.findall(r'<h2 class="doc-item-title"><a href="[^"]+">[^<]* số ([^<]+)</a>', html)


def test_list_shows_every_document_newest_first(client: Any) -> None:
    assert numbers(client) == [
        "15/2025/NQ-HĐND",
        "123/QĐ-UBND",
        "42/2022/NĐ-CP",
        "01-CT/TW",
        "05/2021/TTLT-BTC-BNV",
        "43/2011/NĐ-CP",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?loai=nghi-dinh", {"42/2022/NĐ-CP", "43/2011/NĐ-CP"}),
        ("?loai=chi-thi", {"01-CT/TW"}),
        ("?nam=2022", {"42/2022/NĐ-CP"}),
        ("?nam=2021", {"01-CT/TW", "05/2021/TTLT-BTC-BNV"}),
        ("?tinh_trang=con-hieu-luc", {"42/2022/NĐ-CP", "01-CT/TW"}),
        ("?tinh_trang=bi-thay-the", {"43/2011/NĐ-CP"}),
        ("?tinh_trang=het-hieu-luc", {"123/QĐ-UBND"}),
        ("?tinh_trang=chua-co-hieu-luc", {"15/2025/NQ-HĐND"}),
        ("?tinh_trang=het-hieu-luc-mot-phan", {"05/2021/TTLT-BTC-BNV"}),
        ("?loai=nghi-dinh&tinh_trang=con-hieu-luc", {"42/2022/NĐ-CP"}),
        ("?loai=luat", set()),
    ],
)
def test_filters(client: Any, query: str, expected: set[str]) -> None:
    assert set(numbers(client, query)) == expected


def test_issuer_and_field_filters_use_slugs(client: Any) -> None:
    government = Issuer.objects.get(name="Chính phủ")
    education = Sector.objects.get(name="Giáo dục")
    assert (government.slug, education.slug) == ("chinh-phu", "giao-duc")
    assert set(numbers(client, "?co_quan=chinh-phu")) == {"42/2022/NĐ-CP", "43/2011/NĐ-CP"}
    assert set(numbers(client, "?linh_vuc=giao-duc")) == {"123/QĐ-UBND", "15/2025/NQ-HĐND"}
    html = client.get("/van-ban/").content.decode()
    assert '<option value="chinh-phu">Chính phủ</option>' in html
    assert '<option value="2021">2021</option>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dich vu cong truc tuyen", ["42/2022/NĐ-CP", "43/2011/NĐ-CP"]),
        ("DỊCH VỤ công  trực tuyến", ["42/2022/NĐ-CP", "43/2011/NĐ-CP"]),
        ("dịch vụ công môi trường mạng", ["42/2022/NĐ-CP"]),
        ("lop 10", ["123/QĐ-UBND"]),
        ("42/2022/ND-CP", ["42/2022/NĐ-CP"]),
        ("42/2022/nđ-cp", ["42/2022/NĐ-CP"]),
        ("01-CT/TW", ["01-CT/TW"]),
        ("123/QĐ-UBND", ["123/QĐ-UBND"]),
        ("Lê Minh Khái", ["42/2022/NĐ-CP"]),
        ("thông tư liên tịch", ["05/2021/TTLT-BTC-BNV"]),
        ("khong co van ban nay", []),
    ],
)
def test_search_is_accent_insensitive_over_number_and_abstract(
    client: Any, query: str, expected: list[str]
) -> None:
    from urllib.parse import urlencode

    assert numbers(client, "?" + urlencode({"q": query})) == expected


def test_exact_number_comes_first(client: Any) -> None:
    chinh_phu = Issuer.objects.get(name="Chính phủ")
    LegalDocument.objects.create(number="142/2022/NĐ-CP", doc_type="nghi-dinh", issuer=chinh_phu)
    assert numbers(client, "?q=42/2022/NĐ-CP")[0] == "42/2022/NĐ-CP"
    assert set(numbers(client, "?q=42/2022/NĐ-CP")) == {"42/2022/NĐ-CP", "142/2022/NĐ-CP"}


@pytest.mark.parametrize(
    "query",
    ["?q=" + "a" * 5000, "?loai=khong-co", "?nam=abc", "?nam=1800", "?co_quan=%00", "?tinh_trang=bogus"],
)
def test_bad_filters_are_a_400_with_a_message(client: Any, query: str) -> None:
    response = client.get("/van-ban/" + query)
    assert response.status_code == 400
    assert "Điều kiện tìm kiếm không hợp lệ" in response.content.decode()


def test_pagination(client: Any) -> None:
    issuer = Issuer.objects.get(name="Chính phủ")
    for n in range(25):
        LegalDocument.objects.create(number=f"{n + 1}/CV-VP", doc_type="cong-van", issuer=issuer)
    first = client.get("/van-ban/?loai=cong-van").content.decode()
    assert "Trang 1 / 2" in first and 'href="?loai=cong-van&amp;trang=2"' in first
    assert len(numbers(client, "?loai=cong-van&trang=2")) == 5
    second = client.get("/van-ban/?trang=2").content.decode()
    assert len(numbers(client, "?trang=2")) == 31 - 20
    assert "Có 31 văn bản" in second and "noindex" not in second  # a page number is not a filter
    assert client.get("/van-ban/?trang=3").status_code == 404
    assert client.get("/van-ban/?trang=abc").status_code == 404


def test_document_page(client: Any) -> None:
    document = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    response = client.get(document.url)
    assert response.status_code == 200
    html = response.content.decode()
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', html))
    assert visible_text(rows["Số ký hiệu"]) == "42/2022/NĐ-CP"
    assert visible_text(rows["Loại văn bản"]) == "Nghị định"
    assert visible_text(rows["Cơ quan ban hành"]) == "Chính phủ"
    assert visible_text(rows["Người ký"]) == "Lê Minh Khái"
    assert visible_text(rows["Ngày ban hành"]) == "24/06/2022"
    assert visible_text(rows["Ngày có hiệu lực"]) == "15/08/2022"
    assert visible_text(rows["Ngày hết hiệu lực"]) == "—"
    assert visible_text(rows["Tình trạng hiệu lực"]) == "Còn hiệu lực"
    assert visible_text(rows["Lĩnh vực"]) == "Thông tin và truyền thông"
    assert "<title>Nghị định số 42/2022/NĐ-CP |" in html
    replaced = LegalDocument.objects.get(number="43/2011/NĐ-CP")
    assert f'<a href="{replaced.url}">Nghị định số 43/2011/NĐ-CP</a>' in html  # related documents
    download = re.search(r'<ul class="doc-files"><li><a href="([^"]+)" download>', html).group(1)
    file_response = client.get(download)
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content).startswith(b"%PDF")


def test_replaced_document_links_to_its_replacement(client: Any) -> None:
    old = LegalDocument.objects.get(number="43/2011/NĐ-CP")
    new = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    html = client.get(old.url).content.decode()
    status = visible_text(re.search(r"Tình trạng hiệu lực</th><td>(.*?)</td>", html).group(1))
    assert status == "Bị thay thế — bị thay thế bởi Nghị định số 42/2022/NĐ-CP"
    assert f'<a href="{new.url}">Nghị định số 42/2022/NĐ-CP</a>' in html
    assert "Bị thay thế bởi:" in visible_text(html)


def test_unknown_document_is_404(client: Any) -> None:
    assert client.get("/van-ban/khong-co/").status_code == 404
    assert client.get("/van-ban/../").status_code in {301, 302, 404}


def test_document_page_lists_citing_articles(client: Any, import_records: Any) -> None:
    report = import_records(
        [
            {
                "title": "Tin trích dẫn",
                "body": "<p>Theo Nghị định 42/2022/NĐ-CP.</p>",
                "published_at": "2023-01-02T08:00:00+07:00",
            },
            {"title": "Tin không trích dẫn", "body": "<p>Nội dung khác.</p>"},
        ]
    )
    assert report.ok, report.errors
    text = visible_text(client.get(LegalDocument.objects.get(number="42/2022/NĐ-CP").url).content.decode())
    citing = text.split("Tin bài trích dẫn văn bản này", 1)[1]
    assert "Tin trích dẫn (02/01/2023)" in citing and "Tin không trích dẫn" not in citing
    ArticlePage.objects.get(title="Tin trích dẫn").unpublish()
    text = visible_text(client.get(LegalDocument.objects.get(number="42/2022/NĐ-CP").url).content.decode())
    assert "Chưa có tin bài nào trích dẫn văn bản này" in text


@pytest.fixture
def no_page_cache(settings: Any) -> None:
    """Measure rendering itself, not the anonymous full-page cache (cong.pagecache) in front of it."""
    settings.PAGECACHE_ENABLED = False
    settings.PAGECACHE_FRAGMENTS = False


def count_queries(client: Any, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm-up: renditions, cached links
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.usefixtures("no_page_cache")
def test_list_query_count_does_not_grow_with_documents(client: Any) -> None:
    small, _ = count_queries(client, "/van-ban/?q=nghi+dinh")
    issuer = Issuer.objects.get(name="Chính phủ")
    for n in range(15):
        LegalDocument.objects.create(number=f"{n + 1}/2020/NĐ-CP", doc_type="nghi-dinh", issuer=issuer)
    large, _ = count_queries(client, "/van-ban/?q=nghi+dinh")
    assert small == large
    detail, _ = count_queries(client, LegalDocument.objects.get(number="42/2022/NĐ-CP").url)
    # 20 before the header gained the language switch, hreflang pairs, the main menu, linked portals
    # and the EMC setting (wave 3): about nine queries, the same on every page, none per document.
    assert large <= 30 and detail <= 30, (large, detail)


@pytest.mark.usefixtures("no_page_cache")
def test_article_query_count_is_the_same_with_linked_citations(
    client: Any, import_records: Any, write_image: Any
) -> None:
    """Linking is cached: an article citing five documents costs exactly the queries of one citing none."""
    photo = write_image("a.jpg")
    cited = "<p>Nghị định 42/2022/NĐ-CP, 43/2011/NĐ-CP và Quyết định 123/QĐ-UBND.</p><p>Chỉ thị 01-CT/TW</p>"
    body = f'<figure><img src="{photo}"><figcaption>Ảnh</figcaption></figure>'
    report = import_records(
        [
            {
                "title": "Không trích dẫn",
                "body": "<p>Nội dung.</p><p>Đoạn hai.</p>" + body,
                "category": "Thời sự",
            },
            {
                "title": "Có trích dẫn",
                "body": cited + "<p>và 99/QĐ-XYZ, 15/2025/NQ-HĐND</p>" + body,
                "category": "Thời sự",
            },
        ]
    )
    assert report.ok, report.errors
    plain, _ = count_queries(client, ArticlePage.objects.get(title="Không trích dẫn").url)
    linked_url = ArticlePage.objects.get(title="Có trích dẫn").url
    linked, sql = count_queries(client, linked_url)
    assert linked == plain
    assert not [q for q in sql if "documents_" in q]  # nothing read from the documents tables
    html = client.get(linked_url).content.decode()
    assert html.count('class="doc-cite"') == 5


def test_sitemap_lists_every_document(client: Any) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/van-ban/</loc>" in xml  # the default site is localhost:80
    for document in LegalDocument.objects.all():
        assert f"<loc>http://localhost{document.url}</loc>" in xml
