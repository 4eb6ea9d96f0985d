"""Import articles from JSON Lines: one article per line, each line on its own.

A line that cannot be imported is reported with its number and reason and changes nothing;
the other lines are imported. Re-importing a ``legacy_url`` updates that article.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, Tag
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Site

from cong.core.text import nfc, slugify_vi

from .models import ArticlePage, CategoryPage, HomePage

KNOWN_FIELDS = {
    "title",
    "lede",
    "body",
    "published_at",
    "category",
    "source",
    "authors",
    "legacy_url",
    "featured",
}
MAX_LINE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_BYTES = 20 * 1024 * 1024

# Body HTML allow-list: what Wagtail's rich text keeps, plus figures that become photo blocks.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
RICH_TEXT_TAGS = ALLOWED_TAGS - {"figure", "figcaption", "img", "blockquote"}
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class LineError(Exception):
    """A problem that rejects one input line."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.created} tin bài mới, {self.updated} tin bài cập nhật, "
            f"{len(self.errors)} dòng lỗi, {len(self.warnings)} cảnh báo"
        )


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


def plain_text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


class ArticleImporter:
    """Turns JSON Lines into published ArticlePages under the site's home page."""

    def __init__(self, base_dir: Path, user: Any = None, home: HomePage | None = None) -> None:
        self.base_dir = base_dir
        self.user = user
        self.home = home or self._default_home()
        self._categories: dict[str, CategoryPage] = {}

    @staticmethod
    def _default_home() -> HomePage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise LineError("the default site has no home page (run ./cong migrate first)")
        return site.root_page.specific

    # --- one line ---------------------------------------------------------------------------------
    def import_line(self, raw: str, lineno: int, report: ImportReport) -> None:
        if len(raw) > MAX_LINE_BYTES:
            raise LineError(f"line is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LineError(f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise LineError("a line must be a JSON object")
        for key in sorted(set(data) - KNOWN_FIELDS):
            report.warnings.append((lineno, f"unknown field '{key}' ignored"))
        fields = self._validate(data)
        with transaction.atomic():
            created = self._save(fields)
        if created:
            report.created += 1
        else:
            report.updated += 1

    def _text(self, data: dict[str, Any], key: str, required: bool = False, max_length: int = 0) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise LineError(f"missing required field '{key}'")
            return ""
        if not isinstance(value, str):
            raise LineError(f"'{key}' must be a string")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise LineError(f"'{key}' is not valid UTF-8 text") from exc
        value = nfc(value).strip()
        if "\x00" in value:
            raise LineError(f"'{key}' contains a NUL character")
        if max_length and len(value) > max_length:
            raise LineError(f"'{key}' is longer than {max_length} characters")
        return value

    def _validate(self, data: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "title": self._text(data, "title", required=True, max_length=255),
            "lede": self._text(data, "lede", max_length=5000),
            "source": self._text(data, "source", max_length=120),
            "category": self._text(data, "category", max_length=255) or "Tin tức",
            "legacy_url": self._text(data, "legacy_url", max_length=500) or None,
        }
        published = self._text(data, "published_at")
        if published:
            try:
                moment = datetime.fromisoformat(published)
            except ValueError as exc:
                raise LineError(f"'published_at' is not an ISO 8601 date-time: {published[:40]!r}") from exc
            if moment.tzinfo is None:
                raise LineError("'published_at' needs a UTC offset, e.g. 2021-12-01T08:30:00+07:00")
            fields["published_at"] = moment
        else:
            fields["published_at"] = None
        authors = data.get("authors") or []
        if isinstance(authors, str):
            authors = [authors]
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise LineError("'authors' must be a list of names")
        if any("\x00" in a or not a.isprintable() for a in authors):
            raise LineError("'authors' contains control or invalid characters")
        fields["byline"] = " - ".join(nfc(a).strip() for a in authors if a.strip())[:300]
        featured = data.get("featured", False)
        if not isinstance(featured, bool):
            raise LineError("'featured' must be true or false")
        fields["featured"] = featured
        fields["body"] = self._body(self._text(data, "body"))
        return fields

    # --- body -------------------------------------------------------------------------------------
    def _body(self, body: str) -> list[dict[str, Any]]:
        html = sanitise_html(body if _HTML_TAG.search(body) else plain_text_to_html(body))
        soup = BeautifulSoup(html, "html.parser")
        blocks: list[dict[str, Any]] = []
        text_buffer: list[str] = []

        def flush() -> None:
            text = "".join(text_buffer).strip()
            if text:
                blocks.append({"type": "text", "value": text})
            text_buffer.clear()

        for node in soup.contents:
            if isinstance(node, Tag) and node.name == "figure":
                flush()
                blocks.append(self._figure(node))
            elif isinstance(node, Tag) and node.name == "img":
                flush()
                blocks.append(self._photo(node, caption=""))
            elif isinstance(node, Tag) and node.name == "blockquote":
                flush()
                blocks.append(
                    {"type": "quote", "value": {"text": node.get_text(" ", strip=True), "attribution": ""}}
                )
            elif isinstance(node, Tag) and node.name in RICH_TEXT_TAGS and node.name != "br":
                text_buffer.append(str(node))
            else:
                text = str(node).strip()
                if text:
                    text_buffer.append(f"<p>{text}</p>")
        flush()
        return blocks

    def _figure(self, figure: Tag) -> dict[str, Any]:
        img = figure.find("img")
        if not isinstance(img, Tag):
            raise LineError("a <figure> has no <img>")
        caption_tag = figure.find("figcaption")
        caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
        return self._photo(img, caption)

    def _photo(self, img: Tag, caption: str) -> dict[str, Any]:
        src = str(img.get("src") or "").strip()
        if not src:
            raise LineError("an <img> has no src")
        if urlsplit(src).scheme:
            raise LineError(f"photo {src[:80]!r}: only files next to the JSONL file can be imported")
        path = (self.base_dir / src).resolve()
        if not path.is_file():
            raise LineError(f"photo file not found: {src[:200]}")
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise LineError(f"photo {src[:80]}: larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
        image = self._image(path, caption)
        alt = nfc(str(img.get("alt") or "")).strip()
        return {"type": "image", "value": {"image": image.pk, "caption": nfc(caption), "alt": alt}}

    def _image(self, path: Path, caption: str) -> Any:
        content = path.read_bytes()
        digest = hashlib.sha1(content).hexdigest()
        image_model = get_image_model()
        existing = image_model.objects.filter(file_hash=digest).first()
        if existing:
            return existing
        try:
            with PILImage.open(path) as probe:
                probe.verify()
        except Exception as exc:
            raise LineError(f"photo {path.name}: not a readable image ({exc.__class__.__name__})") from exc
        with path.open("rb") as handle:
            image = image_model(
                title=(caption or path.stem)[:255], file=ImageFile(handle, name=path.name), file_hash=digest
            )
            image.save()
        return image

    # --- saving -----------------------------------------------------------------------------------
    def _category(self, name: str) -> CategoryPage:
        key = name.casefold()
        if key not in self._categories:
            found = next(
                (c for c in CategoryPage.objects.child_of(self.home) if c.title.casefold() == key),
                None,
            )
            if found is None:
                found = CategoryPage(title=name, slug=self._free_slug(self.home, slugify_vi(name)))
                found.show_in_menus = True
                self.home.add_child(instance=found)
                found.save_revision(user=self.user, log_action=True).publish(user=self.user)
            self._categories[key] = found
        return self._categories[key]

    @staticmethod
    def _free_slug(parent: Any, slug: str, exclude_pk: int | None = None) -> str:
        taken = set(parent.get_children().exclude(pk=exclude_pk).values_list("slug", flat=True))
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def _save(self, fields: dict[str, Any]) -> bool:
        category = self._category(fields.pop("category"))
        article = None
        if fields["legacy_url"]:
            article = ArticlePage.objects.filter(legacy_url=fields["legacy_url"]).first()
        created = article is None
        if created:
            article = ArticlePage(slug=self._free_slug(category, slugify_vi(fields["title"])), **fields)
            category.add_child(instance=article)
        else:
            for name, value in fields.items():
                setattr(article, name, value)
            if article.get_parent().pk != category.pk:
                article.slug = self._free_slug(category, article.slug, exclude_pk=article.pk)
                article.save()
                article.move(category, pos="last-child", user=self.user)
                article.refresh_from_db()
                for name, value in fields.items():
                    setattr(article, name, value)
        first_image = next((b["value"]["image"] for b in fields["body"] if b["type"] == "image"), None)
        article.cover_image_id = first_image
        if fields["published_at"]:
            article.first_published_at = fields["published_at"]
        article.save_revision(user=self.user, log_action=True).publish(user=self.user)
        if fields["legacy_url"]:
            self._redirect(fields["legacy_url"], article)
        return created

    @staticmethod
    def _redirect(legacy_url: str, article: ArticlePage) -> None:
        """Keep old links working: the legacy path redirects permanently to the article."""
        parts = urlsplit(legacy_url)
        old_path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not old_path.startswith("/") or old_path == "/":
            return
        normalised = Redirect.normalise_path(old_path)
        if normalised.rstrip("/") == (article.url or "").rstrip("/"):
            return
        Redirect.objects.update_or_create(
            old_path=normalised, site=None, defaults={"redirect_page": article, "is_permanent": True}
        )

    # --- whole file -------------------------------------------------------------------------------
    def run(self, lines: Iterable[tuple[int, str]], report: ImportReport | None = None) -> ImportReport:
        report = report or ImportReport()
        for lineno, raw in lines:
            if not raw.strip():
                continue
            try:
                self.import_line(raw, lineno, report)
            except LineError as exc:
                report.errors.append((lineno, str(exc)))
            except Exception as exc:  # a database or storage failure must not stop the other lines
                report.errors.append((lineno, f"{exc.__class__.__name__}: {exc}"[:300]))
        return report


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a UTF-8 file; undecodable bytes are kept visible instead of aborting."""
    with path.open("r", encoding="utf-8", errors="surrogateescape") as handle:
        for lineno, line in enumerate(handle, start=1):
            yield lineno, line.rstrip("\n")


def resolve_user(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.get(username=username)
