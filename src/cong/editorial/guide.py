"""The editors' guide (docs/huong-dan-bien-tap.md) rendered inside the admin, with its screenshots."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import markdown
import nh3
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

GUIDE = "huong-dan-bien-tap.md"
_IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "img", "hr", "br",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"align"},
    "td": {"align"},
}


def docs_dir() -> Path:
    return Path(settings.DOCS_DIR)


@cache
def _render(mtime: float) -> str:
    """The guide as sanitised HTML; image paths point at the admin's image view (cached per file version)."""
    text = (docs_dir() / GUIDE).read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"https", "http", "mailto"})
    return html.replace('src="img/', 'src="anh/')


def guide(request: HttpRequest) -> HttpResponse:
    path = docs_dir() / GUIDE
    if not path.is_file():
        raise Http404("Không tìm thấy tài liệu hướng dẫn.")
    return TemplateResponse(
        request,
        "editorial/guide.html",
        {"guide_html": _render(path.stat().st_mtime), "page_title": "Hướng dẫn biên tập"},
    )


def guide_image(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot of the guide: only plain names of PNG files in docs/img/."""
    path = docs_dir() / "img" / name
    if not _IMAGE_NAME.match(name) or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
