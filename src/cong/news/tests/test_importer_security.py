"""import_articles against hostile input: no stored XSS, nothing left by a failed line, no path escape."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from cong.news.models import ArticlePage

# Top-level text between tags is where the importer used to re-emit BeautifulSoup's unescaped text.
XSS_BODIES = {
    "entity-encoded img": "<p>Mở đầu.</p>&lt;img src=x onerror=alert(1)&gt;",
    "entity-encoded script": "<b>x</b>&lt;script&gt;alert(1)&lt;/script&gt;",
    "double-encoded": "<p>a</p>&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "numeric entities": "<p>a</p>&#60;img src=x onerror=alert(1)&#62;",
    "hex entities, mixed case": "<p>a</p>&#X3C;ImG SrC=x OnErRoR=alert(1)&#x3e;",
    "encoded javascript link": '<p>a</p>&lt;a href="javascript:alert(1)"&gt;bấm&lt;/a&gt;',
    "mixed-case scheme": '<p><a href="JaVaScRiPt:alert(1)">bấm</a></p>',
    "entity in scheme": '<p><a href="jav&#x61;script:alert(1)">bấm</a></p>',
    "tab in scheme": '<p><a href="java&#x09;script:alert(1)">bấm</a></p>',
    "newline in scheme": '<p><a href="java\nscript:alert(1)">bấm</a></p>',
    "leading space and control": '<p><a href=" &#x01;javascript:alert(1)">bấm</a></p>',
    "vbscript and data": '<p><a href="vbscript:msgbox(1)">a</a><a href="data:text/html,<script>1</script>">b</a></p>',
    "top-level link": '<a href="JAVASCRIPT:alert(1)">bấm</a> và chữ',
    "NFD text around payload": unicodedata.normalize(
        "NFD", "<p>Hà Nội</p>Đà Nẵng &lt;img src=x onerror=alert(1)&gt;"
    ),
    "NFD not-less-than": "<b>x</b><\u0338img src=x onerror=alert(1)>",
    "composed not-less-than": "<b>x</b>\u226eimg src=x onerror=alert(1)>",
    "fullwidth brackets": "<b>x</b>\uff1cimg src=x onerror=alert(1)\uff1e",
    "nested figure caption": (
        '<figure><img src="a.jpg" alt="&quot; onerror=&quot;alert(1)"><figcaption>'
        "&lt;img src=x onerror=alert(1)&gt;</figcaption></figure>"
    ),
}

_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


def assert_no_active_content(html: str) -> None:
    """No element of the page carries an event handler or a script-bearing URL."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{tag.name} has {name}"
            if name.lower() in {"href", "src", "action", "formaction"}:
                cleaned = re.sub(r"[\x00-\x20]", "", str(value))
                assert not _UNSAFE_SCHEME.match(cleaned), f"{tag.name} {name}={value!r}"
        if tag.name == "img":
            assert tag.get("src") != "x"
        if tag.name == "script":
            assert "alert(" not in tag.get_text()


@pytest.mark.parametrize("body", XSS_BODIES.values(), ids=XSS_BODIES.keys())
def test_hostile_body_is_stored_and_rendered_inert(
    import_records: Any, write_image: Any, client: Any, body: str
) -> None:
    write_image("a.jpg")
    report = import_records([{"title": "Thử tấn công", "body": body}])
    assert report.ok, report.errors
    article = ArticlePage.objects.get()
    for block in article.body:
        if block.block_type == "text":
            assert_no_active_content(str(block.value.source))
    response = client.get(article.url)
    assert response.status_code == 200
    assert_no_active_content(response.content.decode())
    print_view = client.get(article.url + "in/")
    if print_view.status_code == 200:
        assert_no_active_content(print_view.content.decode())


def test_comment_breakout_img_is_a_photo_and_refused(import_records: Any) -> None:
    """A live <img> that survives parsing is a photo: src=x is no file next to the JSONL, so the line fails."""
    report = import_records([{"title": "Tin", "body": "<p>a</p><!--><img src=x onerror=alert(1)>-->"}])
    assert report.errors and "photo file not found" in report.errors[0][1]
    assert not ArticlePage.objects.exists()


def test_encoded_markup_stays_visible_as_text(import_records: Any, client: Any) -> None:
    """The escaped text is kept for the reader, shown as the characters that were written."""
    import_records([{"title": "Tin", "body": "<p>Mở đầu.</p>&lt;img src=x&gt; là ví dụ"}])
    html = str(ArticlePage.objects.get().body[0].value.source)
    assert "&lt;img src=x&gt; là ví dụ" in html


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_failed_line_leaves_no_image_behind(import_records: Any, write_image: Any) -> None:
    write_image("first.jpg")
    before = set(_stored_files())
    body = '<figure><img src="first.jpg"></figure><figure><img src="missing.jpg"></figure>'
    report = import_records([{"title": "Tin hỏng", "body": body}])
    assert [n for n, _ in report.errors] == [1]
    assert not ArticlePage.objects.exists()
    assert not get_image_model().objects.exists()
    assert set(_stored_files()) == before


def test_line_failing_after_its_images_keeps_earlier_lines(import_records: Any, write_image: Any) -> None:
    write_image("good.jpg", label="Một")
    write_image("other.jpg", label="Hai")
    good = {"title": "Tin tốt", "body": '<figure><img src="good.jpg"></figure>'}
    bad = {"title": "Tin hỏng", "body": '<img src="other.jpg"><img src="nope.jpg">'}
    report = import_records([good, bad])
    assert [n for n, _ in report.errors] == [2]
    assert get_image_model().objects.count() == 1
    names = {p.name for p in _stored_files()}
    assert not any(name.startswith("other") for name in names)


@pytest.mark.parametrize("where", ["absolute", "parent", "nested-parent"])
def test_photo_paths_must_stay_in_the_jsonl_folder(
    tmp_path: Path, home: Any, where: str, write_image: Any
) -> None:
    from cong.core.jsonl import read_lines
    from cong.news.importer import ArticleImporter

    write_image("outside.jpg")  # a real image, one folder above the JSONL file
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    src = {
        "absolute": str(tmp_path / "outside.jpg"),
        "parent": "../outside.jpg",
        "nested-parent": "sub/../../outside.jpg",
    }[where]
    path = folder / "in.jsonl"
    record = {"title": "Tin", "body": f'<figure><img src="{src}"></figure>'}
    path.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    report = ArticleImporter(folder).run(read_lines(path))
    assert [n for n, _ in report.errors] == [2]
    assert "JSONL file" in report.errors[0][1]
    assert not get_image_model().objects.exists()


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"title": "Tin", "body": "Nội dung."}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("role", ["Phóng viên", "Cộng tác viên", "Biên tập viên", "Quản trị", None])
def test_user_without_publish_permission_stops_the_run(
    tmp_path: Path, home: Any, django_user_model: Any, role: str | None
) -> None:
    user = django_user_model.objects.create_user("nhap", password="x" * 12)
    if role:
        user.groups.add(Group.objects.get(name=role))
    with pytest.raises(CommandError, match="không có quyền xuất bản"):
        call_command("import_articles", str(_jsonl(tmp_path)), "--user", "nhap", stdout=io.StringIO())
    assert not ArticlePage.objects.exists()


def test_inactive_user_stops_the_run(tmp_path: Path, home: Any, django_user_model: Any) -> None:
    django_user_model.objects.create_superuser("cu", password="x" * 12, is_active=False)
    with pytest.raises(CommandError, match="bị khoá"):
        call_command("import_articles", str(_jsonl(tmp_path)), "--user", "cu", stdout=io.StringIO())
    assert not ArticlePage.objects.exists()


def test_head_of_board_may_import(tmp_path: Path, home: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("truongban", password="x" * 12)
    user.groups.add(Group.objects.get(name="Trưởng Ban biên tập"))
    call_command("import_articles", str(_jsonl(tmp_path)), "--user", "truongban", stdout=io.StringIO())
    article = ArticlePage.objects.get()
    assert article.live and article.latest_revision.user == user


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "hinh.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "không được phép",
        ),
        ("anh.png", b"<html><script>alert(1)</script></html>", "not a readable image"),
        ("anh.jpg", None, "không khớp"),
        ("khong-lo.png", None, "triệu pixel"),
    ],
)
def test_hostile_photo_file_is_refused(
    import_records: Any, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    from cong.core.tests.test_uploads import huge_png_header, png_bytes

    fallback = png_bytes() if name == "anh.jpg" else huge_png_header()
    (tmp_path / name).write_bytes(content if content is not None else fallback)
    report = import_records([{"title": "Tin", "body": f'<figure><img src="{name}"></figure>'}])
    assert report.errors and message in report.errors[0][1], report.errors
    assert not get_image_model().objects.exists()


def test_gif_html_polyglot_photo_is_refused(import_records: Any, tmp_path: Path) -> None:
    from cong.core.tests.test_uploads import gif_html_polyglot

    (tmp_path / "anh.gif").write_bytes(gif_html_polyglot())
    report = import_records([{"title": "Tin", "body": '<figure><img src="anh.gif"></figure>'}])
    assert report.errors and "mã HTML" in report.errors[0][1], report.errors


def test_text_of_a_stray_tag_at_top_level_is_kept_as_text(import_records: Any) -> None:
    body = "<p>a</p><figcaption>Chú thích &lt;b onmouseover=alert(1)&gt;lạc</figcaption><br>"
    report = import_records([{"title": "Tin", "body": body}])
    assert report.ok, report.errors
    html = str(ArticlePage.objects.get().body[0].value.source)
    assert html == "<p>a</p><p>Chú thích &lt;b onmouseover=alert(1)&gt;lạc</p>"
