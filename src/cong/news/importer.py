"""Import articles from JSON Lines: one article per line, each line on its own.

A line that cannot be imported is reported with its number and reason and changes nothing;
the other lines are imported. Re-importing a ``legacy_url`` updates that article.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Site

from cong.core.jsonl import ImportReport, LineError, LineImporter, text_field
from cong.core.text import nfc, slugify_vi
from cong.core.uploads import check_image_file

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
MAX_LINE_CHARS = 5 * 1024 * 1024
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


def sanitise_html(html: str, tags: set[str] = ALLOWED_TAGS) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


def plain_text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def store_image(path: Path, title: str = "", stored_files: list[Any] | None = None) -> Any:
    """The Wagtail image holding this file (the same content is stored once), checked like an admin
    upload; LineError if it cannot be used. A newly stored file is appended to ``stored_files``."""
    content = path.read_bytes()
    digest = hashlib.sha1(content).hexdigest()
    image_model = get_image_model()
    existing = image_model.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    with path.open("rb") as handle:  # the admin upload's checks: type, pixels (header), no markup
        try:
            check_image_file(handle, path.name)
        except ValidationError as exc:
            reason = "not a readable image" if exc.code == "invalid_image" else exc.messages[0]
            raise LineError(f"photo {path.name}: {reason}") from exc
    try:
        with PILImage.open(path) as probe:
            probe.verify()
    except Exception as exc:
        raise LineError(f"photo {path.name}: not a readable image ({exc.__class__.__name__})") from exc
    with path.open("rb") as handle:
        image = image_model(
            title=(title or path.stem)[:255], file=ImageFile(handle, name=path.name), file_hash=digest
        )
        image.save()
    if stored_files is not None:
        stored_files.append(image.file)
    return image


def body_blocks(body: str, base_dir: Path, home: HomePage) -> list[dict[str, Any]]:
    """Article body (HTML or plain text) as body StreamField data, by the importer's rules: sanitised,
    photos (paths relative to ``base_dir``) stored as Wagtail images. LineError for a photo it cannot use."""
    return ArticleImporter(base_dir, home=home)._body(body)


class ArticleImporter(LineImporter):
    """Turns JSON Lines into published ArticlePages under the site's home page."""

    noun = "tin bài"
    known_fields = frozenset(KNOWN_FIELDS)
    max_line_chars = MAX_LINE_CHARS

    def __init__(self, base_dir: Path, user: Any = None, home: HomePage | None = None) -> None:
        self.base_dir = base_dir.resolve()
        self.user = user
        self.home = home or self._default_home()
        self._categories: dict[str, CategoryPage] = {}
        self._stored_files: list[Any] = []  # photo files stored by the line being imported

    @staticmethod
    def _default_home() -> HomePage:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise LineError("the default site has no home page (run ./cong migrate first)")
        return site.root_page.specific

    # --- one record ------------------------------------------------------------------------------
    def import_record(self, data: dict[str, Any], lineno: int, report: ImportReport) -> bool:
        """One line in one transaction; on failure, the photo files it stored are deleted too."""
        self._stored_files = []
        try:
            with transaction.atomic():
                return self._save(self._validate(data))
        except BaseException:
            for stored in self._stored_files:
                stored.storage.delete(stored.name)
            raise
        finally:
            self._stored_files = []

    def _validate(self, data: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "title": text_field(data, "title", required=True, max_length=255),
            "lede": text_field(data, "lede", max_length=5000),
            "source": text_field(data, "source", max_length=120),
            "category": text_field(data, "category", max_length=255) or "Tin tức",
            "legacy_url": text_field(data, "legacy_url", max_length=500) or None,
        }
        published = text_field(data, "published_at")
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
        fields["body"] = self._body(text_field(data, "body"))
        return fields

    # --- body -------------------------------------------------------------------------------------
    def _body(self, body: str) -> list[dict[str, Any]]:
        html = sanitise_html(body if _HTML_TAG.search(body) else plain_text_to_html(body))
        soup = BeautifulSoup(html, "html.parser")
        blocks: list[dict[str, Any]] = []
        text_buffer: list[str] = []

        def flush() -> None:
            # The serialised soup is sanitised once more: whatever re-serialisation produced, only the
            # rich-text allow-list leaves this function.
            text = sanitise_html("".join(text_buffer), RICH_TEXT_TAGS).strip()
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
            elif (isinstance(node, Tag) and node.name == "br") or isinstance(node, PreformattedString):
                continue  # a line break between paragraphs, a comment
            elif isinstance(node, Tag) and node.name in RICH_TEXT_TAGS:
                text_buffer.append(str(node))  # re-serialised by BeautifulSoup: its text is escaped
            else:
                # Text between tags comes back decoded: "&lt;img&gt;" is "<img>" here, so escape it.
                raw = node.get_text(" ", strip=True) if isinstance(node, Tag) else str(node).strip()
                text = escape(raw, quote=False)
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
        if urlsplit(src).scheme or Path(src).is_absolute():
            raise LineError(f"photo {src[:80]!r}: only files next to the JSONL file can be imported")
        path = (self.base_dir / src).resolve()
        if not path.is_relative_to(self.base_dir):
            raise LineError(f"photo {src[:80]!r} is outside the folder of the JSONL file")
        if not path.is_file():
            raise LineError(f"photo file not found: {src[:200]}")
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise LineError(f"photo {src[:80]}: larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
        image = self._image(path, caption)
        alt = nfc(str(img.get("alt") or "")).strip()
        return {"type": "image", "value": {"image": image.pk, "caption": nfc(caption), "alt": alt}}

    def _image(self, path: Path, caption: str) -> Any:
        return store_image(path, caption, self._stored_files)

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


def resolve_user(username: str | None, home: HomePage | None = None) -> Any:
    """The user named by ``--user``, who must be active and allowed to add and publish the pages.

    Raises LineError with a Vietnamese message otherwise, before any line is read.
    """
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise LineError(f"Không có người dùng {username!r}")
    if not user.is_active:
        raise LineError(f"Tài khoản {username!r} đã bị khoá, không dùng để nhập tin bài được")
    home = home or ArticleImporter._default_home()
    permissions = home.permissions_for_user(user)
    if not (permissions.can_add_subpage() and permissions.can_publish_subpage()):
        raise LineError(
            f"Người dùng {username!r} không có quyền xuất bản tin bài dưới trang chủ "
            "(cần vai trò Trưởng Ban biên tập hoặc quyền tương đương); chưa nhập dòng nào"
        )
    return user
