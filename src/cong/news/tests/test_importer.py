"""import_articles: good lines import, bad lines are reported by number and change nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cong.news.models import ArticlePage, CategoryPage

GOOD = {
    "title": "Hải Phòng khởi công cầu Nguyễn Trãi",
    "lede": "Sáng nay, thành phố khởi công cầu mới.",
    "body": "Đoạn thứ nhất.\n\nĐoạn thứ hai có <b>chữ</b> thường.",
    "published_at": "2022-03-04T09:15:00+07:00",
    "category": "Kinh tế",
    "source": "Haiphong.gov.vn",
    "authors": ["Minh Anh", "Thu Hà"],
    "legacy_url": "https://old.example/tin/1.html",
}


def test_good_line_creates_a_published_article(import_records: Any) -> None:
    report = import_records([GOOD])
    assert report.ok and report.created == 1
    article = ArticlePage.objects.get()
    assert article.live
    assert article.title == GOOD["title"]
    assert article.byline == "Minh Anh - Thu Hà"
    assert article.source == "Haiphong.gov.vn"
    assert article.published_at.isoformat() == "2022-03-04T02:15:00+00:00"
    assert article.slug == "hai-phong-khoi-cong-cau-nguyen-trai"
    assert article.get_parent().title == "Kinh tế"
    assert isinstance(article.get_parent().specific, CategoryPage)
    assert [b.block_type for b in article.body] == ["text"]


def test_plain_text_body_becomes_paragraphs(import_records: Any) -> None:
    import_records([{"title": "Tin", "body": "Một.\n\nHai & ba <không phải thẻ"}])
    html = str(ArticlePage.objects.get().body[0].value)
    assert "<p>Một.</p>" in html
    assert "Hai &amp; ba &lt;không phải thẻ" in html


def test_reimport_updates_instead_of_duplicating(import_records: Any) -> None:
    import_records([GOOD])
    report = import_records([{**GOOD, "title": "Tiêu đề đã sửa", "category": "Thời sự"}])
    assert report.ok and report.updated == 1 and report.created == 0
    article = ArticlePage.objects.get()
    assert article.title == "Tiêu đề đã sửa"
    assert article.get_parent().title == "Thời sự"
    assert article.revisions.count() == 2


def test_legacy_path_redirects_to_the_article(import_records: Any, client: Any) -> None:
    import_records([GOOD])
    response = client.get("/tin/1.html")
    assert response.status_code == 301
    assert response["Location"].endswith(ArticlePage.objects.get().url)


def test_text_is_nfc_normalised(import_records: Any) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Thủy Nguyên phát triển")
    import_records([{"title": nfd, "lede": nfd}])
    article = ArticlePage.objects.get()
    assert article.title == "Thủy Nguyên phát triển"
    assert unicodedata.is_normalized("NFC", article.lede)


def test_photos_become_captioned_image_blocks(import_records: Any, write_image: Any) -> None:
    write_image("img/a.jpg")
    body = (
        '<p>Mở đầu</p><figure><img src="img/a.jpg"><figcaption>Chú thích ảnh</figcaption></figure><p>Kết</p>'
    )
    report = import_records([{"title": "Có ảnh", "body": body}, {"title": "Cùng ảnh", "body": body}])
    assert report.ok, report.errors
    article = ArticlePage.objects.get(title="Có ảnh")
    assert [b.block_type for b in article.body] == ["text", "image", "text"]
    assert article.body[1].value["caption"] == "Chú thích ảnh"
    assert article.cover_image_id == article.body[1].value["image"].pk
    # the same file imported twice is stored once
    assert ArticlePage.objects.get(title="Cùng ảnh").cover_image_id == article.cover_image_id


BAD_LINES = [
    ('{"title": "broken", ', "invalid JSON"),
    ('["not", "an", "object"]', "JSON object"),
    ('{"lede": "no title"}', "missing required field 'title'"),
    ('{"title": "x", "published_at": "01/12/2021"}', "ISO 8601"),
    ('{"title": "x", "published_at": "2021-12-01T08:30:00"}', "UTC offset"),
    ('{"title": "x", "body": "<figure><img src=\\"missing.jpg\\"></figure>"}', "photo file not found"),
    ('{"title": "x", "body": "<img src=\\"https://evil.example/a.jpg\\">"}', "only files next to"),
    ('{"title": "x", "authors": "ok", "featured": "yes"}', "'featured' must be true or false"),
    ('{"title": "x", "authors": [1, 2]}', "'authors' must be a list"),
    ('{"title": "' + "x" * 300 + '"}', "longer than 255"),
    ('{"title": "a\\u0000b"}', "NUL"),
    ('{"title": "\\ud800"}', "not valid UTF-8"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_bad_line_is_reported_with_its_number_and_others_import(
    import_records: Any, line: str, reason: str
) -> None:
    report = import_records([GOOD, line, {**GOOD, "legacy_url": "other", "title": "Tin thứ ba"}])
    assert [n for n, _ in report.errors] == [2]
    assert reason in report.errors[0][1]
    assert report.created == 2
    assert ArticlePage.objects.count() == 2


def test_corrupt_image_file_is_a_line_error(import_records: Any, tmp_path: Path) -> None:
    (tmp_path / "fake.jpg").write_bytes(b"not an image at all")
    report = import_records([{"title": "x", "body": '<figure><img src="fake.jpg"></figure>'}])
    assert report.errors and "not a readable image" in report.errors[0][1]
    assert not ArticlePage.objects.exists()


def test_script_tags_and_handlers_are_removed(import_records: Any, client: Any) -> None:
    body = (
        '<p onclick="steal()">Nội dung <script>alert("x")</script>an toàn</p>'
        '<iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">liên kết</a>'
        "<style>body{display:none}</style>"
    )
    report = import_records([{"title": "Thử mã độc", "body": body}])
    assert report.ok
    html = client.get(ArticlePage.objects.get().url).content.decode()
    for forbidden in ("alert(", "steal()", "onclick", "<iframe", "javascript:", "display:none"):
        assert forbidden not in html
    assert "Nội dung" in html and "an toàn" in html


def test_unknown_field_is_a_warning_not_an_error(import_records: Any) -> None:
    report = import_records([{**GOOD, "colour": "red"}])
    assert report.ok and report.warnings == [(1, "unknown field 'colour' ignored")]


def test_command_exit_status_and_report(tmp_path: Path, home: Any) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 dòng"):
        call_command("import_articles", str(path), stdout=out, stderr=err)
    assert "in.jsonl:2: error: invalid JSON" in err.getvalue()
    assert "1 tin bài mới" in out.getvalue()
    assert ArticlePage.objects.count() == 1


def test_command_missing_file(tmp_path: Path, home: Any) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("import_articles", str(tmp_path / "nope.jsonl"))


def test_command_attributes_revisions_to_a_user(tmp_path: Path, home: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_superuser("bientap", password="x" * 12)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--user", "bientap", stdout=io.StringIO())
    article = ArticlePage.objects.get()
    assert article.latest_revision.user == user


def test_an_import_that_saved_articles_tells_search_to_refresh_its_statistics(
    tmp_path: Path, home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported articles are indexed one by one; without fresh statistics PostgreSQL's planner can
    compute every row's lexemes instead of reading the GIN index (docs/search.md, §6)."""
    calls: list[int] = []
    monkeypatch.setattr("cong.search.index.analyze", lambda: calls.append(1))
    path = tmp_path / "in.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert calls == []  # nothing saved, nothing to analyze
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert calls == [1]
