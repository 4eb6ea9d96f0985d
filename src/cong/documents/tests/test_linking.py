"""Auto-linking rules, resolution of ambiguous numbers, and the citation index."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup

from cong.documents.linking import Candidate, link_html, pick
from cong.documents.models import Citation, Issuer, LegalDocument
from cong.documents.signals import index_article
from cong.news.models import ArticlePage

URLS = {
    "1-CT/TW": ("/van-ban/01-ct-tw/", "Chỉ thị số 01-CT/TW"),
    "42/2022/ND-CP": ("/van-ban/42/", "Nghị định"),
}


def resolve(folded: str) -> tuple[str, str] | None:
    return URLS.get(folded)


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="doc-cite" href="([^"]+)" title="[^"]*">([^<]+)</a>', html)


def test_first_occurrence_per_paragraph_is_linked() -> None:
    html = (
        "<p>Chỉ thị 01-CT/TW và Nghị định 42/2022/NĐ-CP; nhắc lại Chỉ thị 01-CT/TW.</p>"
        "<p>Đoạn sau: Chỉ thị số 01-CT/TW.</p>"
    )
    result = link_html(html, resolve)
    assert links(result) == [
        ("/van-ban/01-ct-tw/", "01-CT/TW"),
        ("/van-ban/42/", "42/2022/NĐ-CP"),
        ("/van-ban/01-ct-tw/", "01-CT/TW"),
    ]
    assert "nhắc lại Chỉ thị 01-CT/TW.</p>" in result  # the repeat in the same paragraph stays text


def test_never_inside_links_or_headings_and_unknown_numbers_stay_text() -> None:
    html = (
        "<h2>Triển khai Chỉ thị 01-CT/TW</h2>"
        '<p>Xem <a href="https://example.vn/">Chỉ thị <b>01-CT/TW</b></a> và Quyết định 99/QĐ-UBND.</p>'
    )
    assert link_html(html, resolve) is None
    html += "<ul><li>Mục: Chỉ thị 01-CT/TW</li></ul>"
    result = link_html(html, resolve)
    assert links(result) == [("/van-ban/01-ct-tw/", "01-CT/TW")]
    assert result.startswith("<h2>Triển khai Chỉ thị 01-CT/TW</h2>")
    assert "Quyết định 99/QĐ-UBND." in result


def test_markup_and_entities_survive() -> None:
    html = '<p><i>Nguồn &amp; trích dẫn:</i> 42/2022/NĐ-CP &lt;mới&gt;<br/>dòng 2 <a id="1" linktype="page">x</a></p>'
    result = link_html(html, resolve)
    assert "<i>Nguồn &amp; trích dẫn:</i>" in result and "&lt;mới&gt;" in result
    assert '<a id="1" linktype="page">x</a>' in result
    assert links(result) == [("/van-ban/42/", "42/2022/NĐ-CP")]


def test_title_attribute_is_escaped() -> None:
    title = 'Nghị định "mới" \' <b>'
    result = link_html("<p>42/2022/NĐ-CP</p>", lambda f: ("/v/", title))
    parsed = BeautifulSoup(result, "html.parser")
    assert parsed.a["title"] == title and parsed.find("b") is None


def doc(pk: int, issued: date | None) -> Candidate:
    return Candidate(pk=pk, number_folded="1-CT/TW", issued_on=issued, title="", slug=str(pk))


def test_pick_takes_the_closest_document_issued_before_the_article() -> None:
    term_2011, term_2016, term_2021 = (
        doc(1, date(2011, 8, 1)),
        doc(2, date(2016, 3, 4)),
        doc(3, date(2021, 3, 9)),
    )
    candidates = [term_2016, term_2021, term_2011]
    assert pick(candidates, date(2021, 12, 1)) == term_2021
    assert pick(candidates, date(2019, 1, 1)) == term_2016
    assert pick(candidates, date(2016, 3, 4)) == term_2016  # issued the same day
    assert pick(candidates, date(2010, 1, 1)) is None  # every candidate is newer than the article
    assert pick([doc(4, None)], date(2010, 1, 1)) == doc(4, None)
    assert pick([doc(4, None), doc(5, None)], date(2021, 1, 1)) is None  # undated and ambiguous
    assert pick([doc(4, None), term_2011], date(2021, 1, 1)) == term_2011
    assert pick([], date(2021, 1, 1)) is None
    assert pick(candidates, None) == term_2021


@pytest.fixture
def politburo(db: Any) -> Issuer:
    return Issuer.objects.create(name="Bộ Chính trị")


def article(import_records: Any, body: str, published: str = "2021-12-01T08:30:00+07:00") -> ArticlePage:
    report = import_records([{"title": f"Tin {published}", "body": body, "published_at": published}])
    assert report.ok, report.errors
    return ArticlePage.objects.get(title=f"Tin {published}")


def test_ambiguous_party_number_links_the_document_of_the_articles_term(
    politburo: Issuer, import_records: Any, client: Any
) -> None:
    old = LegalDocument.objects.create(
        number="01-CT/TW", doc_type="chi-thi", issuer=politburo, issued_on=date(2016, 3, 4)
    )
    new = LegalDocument.objects.create(
        number="01-CT/TW", doc_type="chi-thi", issuer=politburo, issued_on=date(2021, 3, 9)
    )
    assert old.slug == "01-ct-tw-2016" and new.slug == "01-ct-tw-2021"
    recent = article(import_records, "<p>Thực hiện Chỉ thị 01-CT/TW.</p>", "2021-12-01T08:30:00+07:00")
    earlier = article(import_records, "<p>Thực hiện Chỉ thị 01-CT/TW.</p>", "2018-05-01T08:30:00+07:00")
    assert links(client.get(recent.url).content.decode()) == [(new.url, "01-CT/TW")]
    assert links(client.get(earlier.url).content.decode()) == [(old.url, "01-CT/TW")]
    assert Citation.objects.get(article=recent).document == new
    assert Citation.objects.get(article=earlier).document == old


def test_links_follow_document_changes(politburo: Issuer, import_records: Any, client: Any) -> None:
    page = article(import_records, "<p>Chỉ thị 05-CT/TW và Kết luận 01-KL/TW.</p>")
    assert links(client.get(page.url).content.decode()) == []
    assert set(Citation.objects.filter(article=page).values_list("number", "document")) == {
        ("05-CT/TW", None),
        ("01-KL/TW", None),
    }
    document = LegalDocument.objects.create(number="05-CT/TW", doc_type="chi-thi", issuer=politburo)
    assert links(client.get(page.url).content.decode()) == [(document.url, "05-CT/TW")]
    assert Citation.objects.get(article=page, number="05-CT/TW").document == document
    document.number = "06-CT/TW"
    document.save()
    assert links(client.get(page.url).content.decode()) == []
    assert Citation.objects.get(article=page, number="05-CT/TW").document is None
    document.number = "05-CT/TW"
    document.save()
    assert links(client.get(page.url).content.decode()) == [(document.url, "05-CT/TW")]
    document.delete()
    assert links(client.get(page.url).content.decode()) == []
    assert Citation.objects.get(article=page, number="05-CT/TW").document is None


def test_citation_index_follows_the_articles_text(politburo: Issuer, import_records: Any) -> None:
    LegalDocument.objects.create(number="01-CT/TW", doc_type="chi-thi", issuer=politburo)
    page = article(import_records, "<h2>Chỉ thị 01-CT/TW</h2><p>Kế hoạch 12/KH-UBND, lại Chỉ thị 1-CT/TW</p>")
    rows = Citation.objects.filter(article=page).order_by("number")
    assert [(c.number, c.document is not None, c.article_date) for c in rows] == [
        ("01-CT/TW", True, date(2021, 12, 1)),  # a heading still counts as citing; "1-CT/TW" is the same
        ("12/KH-UBND", False, date(2021, 12, 1)),
    ]
    page.body = [("text", "<p>Chỉ còn Kế hoạch 12/KH-UBND.</p>")]
    page.save_revision().publish()
    assert list(Citation.objects.filter(article=page).values_list("number", flat=True)) == ["12/KH-UBND"]
    index_article(page)  # idempotent
    assert Citation.objects.filter(article=page).count() == 1


def test_index_citations_command_rebuilds_the_index(politburo: Issuer, import_records: Any) -> None:
    from django.core.management import call_command

    page = article(import_records, "<p>Chỉ thị 01-CT/TW.</p>")
    Citation.objects.all().delete()
    LegalDocument.objects.create(number="01-CT/TW", doc_type="chi-thi", issuer=politburo)
    call_command("index_citations")
    assert Citation.objects.get(article=page).document.number == "01-CT/TW"
