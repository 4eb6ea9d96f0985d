"""Every public page type of the demo has one meta description and a heading outline without gaps.

No browser: the pages are rendered by the Django test client from the demo content (cong.demo), and the
HTML is read with the standard library's parser. Issue #17 item 6 (Lighthouse's "Document does not have a
meta description" and "Heading elements are not in a sequentially-descending order").
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from cong.core.text import META_DESCRIPTION_LENGTH, meta_description

# cong.organisation's demo content (build_demo_organisation).
ORGANISATION_PAGES = {
    "introduction": "/gioi-thieu/",
    "organisation-chart": "/gioi-thieu/co-cau-to-chuc/",
    "unit": "/gioi-thieu/co-cau-to-chuc/don-vi/so-mau-1/",
    "person": "/gioi-thieu/co-cau-to-chuc/can-bo/lanh-dao-mau-1/",
    "directory": "/gioi-thieu/danh-ba/?q=so+mau",
    "schedule": "/lich-cong-tac/",
    "schedule-print": "/lich-cong-tac/in/",
}
SEED_PATH = "/thoi-su/doan-cong-tac-cua-ban-tuyen-giao-trung-uong-lam-viec-voi-thanh-pho-hai-phong/"


class Outline(HTMLParser):
    """Collects <meta name="description"> contents and the levels of h1–h6, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.descriptions: list[str] = []
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").lower() == "description":
            self.descriptions.append(values.get("content") or "")
        elif re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def heading_problems(levels: list[int]) -> list[str]:
    """What breaks the rules: exactly one h1, first; no level deeper than one below the previous."""
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements")
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for before, after in pairwise(levels):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    return problems


def test_heading_problems_are_found() -> None:
    assert heading_problems([1, 2, 3, 2, 3, 3, 2]) == []
    assert heading_problems([1, 3]) == ["h1 followed by h3"]
    assert heading_problems([2, 1]) == ["the first heading is h2, not h1"]
    assert heading_problems([1, 2, 1]) == ["2 h1 elements"]


def test_meta_description_text_is_plain_short_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Hải Phòng")
    assert meta_description(f"<p>{decomposed}\n  đón   đoàn</p>") == "Hải Phòng đón đoàn"
    long = "Thành phố Hải Phòng " * 20
    cut = meta_description(long)
    assert len(cut) <= META_DESCRIPTION_LENGTH and cut.endswith(" Hải…")
    assert meta_description("  <br>  ") == ""


def public_paths(client: Any) -> dict[str, str]:
    """One address of every public page type in the demo, found through the pages themselves."""
    from cong.news.models import Author
    from cong.participation.models import Consultation, Poll, Question

    paths = {
        "home": "/",
        "category": "/kinh-te/",
        "article": SEED_PATH,
        "print": SEED_PATH + "in/",
        "author": Author.objects.filter(article_links__isnull=False).first().url,
        "search": "/tim-kiem/?q=H%E1%BA%A3i+Ph%C3%B2ng",
        "search-empty": "/tim-kiem/",
        "documents": "/van-ban/",
        "qa": "/hoi-dap/",
        "ask": "/hoi-dap/gui-cau-hoi/",
        "consultations": "/lay-y-kien/",
        "polls": "/tham-do/",
        "rating": "/danh-gia/",
        "stats": "/thong-ke/",
        "stats-privacy": "/thong-ke/quyen-rieng-tu/",
        **ORGANISATION_PAGES,
    }
    listing = client.get("/van-ban/").content.decode()
    paths["document"] = re.search(r'href="(/van-ban/[^"/?#]+/)"', listing).group(1)
    question = Question.objects.published().first()
    if question is not None:
        paths["question"] = f"/hoi-dap/{question.code}/"
    consultation = Consultation.objects.first()
    if consultation is not None:
        paths["consultation"] = f"/lay-y-kien/{consultation.slug}/"
    poll = Poll.objects.first()
    if poll is not None:
        paths["poll"] = f"/tham-do/{poll.slug}/"
    return paths


@pytest.mark.slow
def test_every_public_page_type_has_a_description_and_ordered_headings(
    tmp_path: Path, home: Any, client: Any
) -> None:
    from cong.demo.content import build_demo

    report = build_demo(tmp_path / "demo", log=lambda _: None)
    assert report.ok, report.errors
    paths = public_paths(client)
    assert {"question", "consultation"} <= paths.keys(), "the demo has no answered question or consultation"
    missing, bad_headings = {}, {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        parsed = outline(response.content.decode())
        descriptions = parsed.descriptions
        if len(descriptions) != 1 or not descriptions[0].strip():
            missing[name] = descriptions
        else:
            text = descriptions[0]
            assert len(text) <= META_DESCRIPTION_LENGTH, (name, text)
            assert unicodedata.is_normalized("NFC", text), (name, text)
            assert "<" not in text, (name, text)
        problems = heading_problems(parsed.levels)
        if problems:
            bad_headings[name] = (problems, parsed.levels)
    assert not missing, f"pages without exactly one non-empty meta description: {missing}"
    assert not bad_headings, f"heading outline problems: {bad_headings}"
