"""Import a NukeViet 4.x site (news, static pages, laws) into Cổng.

Every NukeViet row is imported on its own: a row that cannot be mapped is reported with its table and
id and the rest goes on. A ``NukeVietRecord`` remembers each imported row (table + id -> Cổng object)
and a digest of what was read, so a second run updates what changed, skips the rest and creates no
duplicates. The NukeViet database is only read (see ``source``).

Status of a news row (``_rows.status``) in Cổng:

====  ==========================  =====================================================================
 NV   NukeViet                    Cổng
====  ==========================  =====================================================================
 1    Xuất bản                    live (published at ``publtime``; ``exptime`` in the future -> expiry)
 0    Ngưng hiệu lực              draft, not live (unpublished if it was live)
 2    Hẹn giờ đăng                scheduled: go-live at ``publtime`` (live at once if that has passed)
 3    Hết hạn                     expired (not live, ``expire_at`` = ``exptime``)
 4    Lưu nháp                    draft
 5,7  Chuyển duyệt / Đang duyệt   draft in review: the "Duyệt tin bài" workflow is started
 8,10 Chuyển đăng / Đang kiểm tra draft in review (as 5)
 6,9  Từ chối duyệt / đăng        draft
====  ==========================  =====================================================================
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Tag
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Page

from cong.core.jsonl import LineError
from cong.core.signals import content_imported
from cong.core.text import nfc, slugify_vi
from cong.documents.citations import canonical_number, fold_number
from cong.documents.importer import FILE_EXTENSIONS, MAX_FILE_BYTES, store_document
from cong.documents.models import DocumentFile, DocumentRelation, DocumentType, Issuer, LegalDocument, Sector
from cong.news.importer import MAX_IMAGE_BYTES, body_blocks, sanitise_html, store_image
from cong.news.models import ArticlePage, CategoryPage, HomePage

from .models import Kind, NukeVietRecord
from .source import NukeVietSource

# Bump when the mapping changes, so that the next run re-imports rows whose data did not change.
MAPPING_VERSION = "1"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
REVIEW_STATUSES = {5, 7, 8, 10}
_IMG_SRC_UPLOADS = re.compile(r"(?:^|/)uploads/(.+)$")


class RowError(Exception):
    """A NukeViet row that cannot be mapped; the import goes on with the next one."""


@dataclass
class KindCount:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class Report:
    dry_run: bool = False
    counts: dict[str, KindCount] = field(default_factory=lambda: defaultdict(KindCount))
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)

    def warn(self, table: str, row_id: int, message: str) -> None:
        self.warnings.append((table, row_id, message))

    def summary_lines(self) -> list[str]:
        lines = []
        for kind in Kind:
            if kind in self.counts:
                c = self.counts[kind]
                lines.append(
                    f"{kind.label}: {c.imported} mới, {c.updated} cập nhật, {c.skipped} không đổi/bỏ qua, "
                    f"{c.failed} lỗi"
                )
        return lines

    @property
    def ok(self) -> bool:
        return not self.failures


def _moment(timestamp: Any) -> datetime | None:
    """A NukeViet Unix time (0 = none) as an aware datetime."""
    try:
        value = int(timestamp or 0)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(value, tz=UTC) if value > 0 else None


def _day(timestamp: Any) -> date | None:
    moment = _moment(timestamp)
    return moment.astimezone(VN).date() if moment else None


def _text(value: Any, max_length: int = 0) -> str:
    text = " ".join(nfc(str(value or "")).replace("\x00", "").split())
    return text[:max_length] if max_length else text


_BLOCK_TAGS = ["p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"]


def _plain(html: Any) -> str:
    """Text of an HTML fragment (hometext, descriptions), NFC, single spaces between blocks only."""
    soup = BeautifulSoup(str(html or ""), "html.parser")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_after(" ")
    return _text(soup.get_text(""))


def _digest(*parts: Any) -> str:
    raw = json.dumps([MAPPING_VERSION, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _counted(rows: list[dict[str, Any]], bar: tqdm) -> Iterable[dict[str, Any]]:
    for row in rows:
        yield row
        bar.update(1)


def _free_slug(parent: Page, slug: str, exclude_pk: int | None = None) -> str:
    siblings = parent.get_children().filter(slug__startswith=slug).exclude(pk=exclude_pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


class NukeVietImporter:
    """Imports one language of one NukeViet site under the default site's home page."""

    def __init__(
        self,
        source: NukeVietSource,
        uploads: Path,
        home: HomePage | None = None,
        user: Any = None,
        dry_run: bool = False,
        progress: bool = True,
        now: datetime | None = None,
    ) -> None:
        self.source = source
        self.uploads = uploads.resolve()
        self.home = home or self._default_home()
        self.user = user
        self.dry_run = dry_run
        self.progress = progress
        self.now = now or timezone.now()
        self.report = Report(dry_run=dry_run)
        self._records: dict[tuple[str, int], NukeVietRecord] = {}

    @staticmethod
    def _default_home() -> HomePage:
        home = HomePage.objects.filter(depth=2).first()
        if home is None:
            raise RowError("chưa có trang chủ (chạy ./cong migrate trước)")
        return home

    # --- whole run --------------------------------------------------------------------------------
    def run(self) -> Report:
        self._records = {(r.source_table, r.nukeviet_id): r for r in NukeVietRecord.objects.all()}
        with transaction.atomic():
            for module in self.source.modules("news"):
                categories = self._import_categories(module)
                self._import_articles(module, categories)
            for module in self.source.modules("page"):
                self._import_pages(module)
            for module in self.source.modules("laws"):
                self._import_laws(module)
            if self.dry_run:
                transaction.set_rollback(True)
        saved = sum(c.imported + c.updated for c in self.report.counts.values())
        if saved and not self.dry_run:
            content_imported.send(sender=type(self), count=saved)
        return self.report

    def _bar(self, total: int, what: str) -> tqdm:
        return tqdm(total=total, desc=what, unit=" dòng", disable=not self.progress, leave=True)

    def _each(
        self,
        kind: Kind,
        table: str,
        rows: Iterable[dict[str, Any]],
        key: str,
        handle: Callable[[dict[str, Any], NukeVietRecord | None], NukeVietRecord | None],
        digest: Callable[[dict[str, Any]], str],
    ) -> None:
        """Import each row in its own savepoint; count it as imported, updated, skipped or failed."""
        counts = self.report.counts[kind]
        for row in rows:
            row_id = int(row[key])
            record = self._records.get((table, row_id))
            row_digest = digest(row)
            if record and record.digest == row_digest and (record.page_id or record.document_id):
                counts.skipped += 1
                continue
            try:
                with transaction.atomic():
                    saved = handle(row, record)
                    if saved is None:
                        counts.skipped += 1
                        continue
                    saved.digest = row_digest
                    saved.save()
            except (RowError, LineError) as exc:
                counts.failed += 1
                self.report.failures.append((table, row_id, str(exc)))
                continue
            except Exception as exc:  # a database constraint, a broken value: report the row, go on
                counts.failed += 1
                self.report.failures.append((table, row_id, f"{exc.__class__.__name__}: {exc}"[:300]))
                continue
            self._records[(table, row_id)] = saved
            if record is None:
                counts.imported += 1
            else:
                counts.updated += 1

    def _record(
        self, record: NukeVietRecord | None, kind: Kind, table: str, row_id: int, module: str, alias: str
    ) -> NukeVietRecord:
        record = record or NukeVietRecord(kind=kind, source_table=table, nukeviet_id=row_id)
        record.module, record.alias = module, alias[:250]
        return record

    # --- files ------------------------------------------------------------------------------------
    def _upload_path(self, reference: str) -> Path | None:
        """The file an uploads reference points to ("/uploads/news/2020_01/a.jpg", a full URL of the
        old site, or a path relative to uploads/), if it exists inside --uploads."""
        reference = unquote(urlsplit(reference.strip()).path)
        found = _IMG_SRC_UPLOADS.search(reference)
        relative = found.group(1) if found else reference.lstrip("/")
        if not relative:
            return None
        path = (self.uploads / relative).resolve()
        if not path.is_relative_to(self.uploads) or not path.is_file():
            return None
        return path

    def _image(self, path: Path, title: str, table: str, row_id: int) -> Any:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            self.report.warn(table, row_id, f"ảnh quá lớn, bỏ qua: {path.name}")
            return None
        try:
            return store_image(path, title)
        except LineError as exc:
            self.report.warn(table, row_id, f"ảnh hỏng, bỏ qua: {path.name} ({exc})")
            return None

    def _body(self, html: str, table: str, row_id: int) -> list[dict[str, Any]]:
        """Body StreamField data by the article importer's rules; each photo is copied from --uploads
        and relinked, a photo that is missing or unreadable is reported and left out."""
        soup = BeautifulSoup(sanitise_html(html or ""), "html.parser")
        for img in soup.find_all("img"):
            src = str(img.get("src") or "")
            path = self._upload_path(src) if src else None
            image = (
                self._image(path, str(img.get("alt") or ""), table, row_id)
                if path and not self.dry_run
                else None
            )
            if image is None:
                if path is None:
                    self.report.warn(table, row_id, f"không thấy ảnh: {src[:200]}")
                img.decompose()
                continue
            img["src"] = str(path.relative_to(self.uploads))
            self._hoist(img)
        for figure in soup.find_all("figure"):
            if figure.find("img") is None:  # its photo was left out: keep the caption as a paragraph
                caption = figure.get_text(" ", strip=True)
                if caption:
                    paragraph = soup.new_tag("p")
                    paragraph.string = caption
                    figure.replace_with(paragraph)
                else:
                    figure.decompose()
        return body_blocks(str(soup), self.uploads, self.home)

    @staticmethod
    def _hoist(img: Tag) -> None:
        """Photos inside a paragraph (<p><img></p>, NukeViet's usual markup) become photo blocks:
        the image moves right after the top-level element that held it."""
        top: Tag = img
        while top.parent is not None and top.parent.name not in {None, "[document]"}:
            top = top.parent
        if top is img or top.name == "figure":
            return
        holder = img.extract()
        top.insert_after(holder)
        if not top.get_text(strip=True) and not top.find("img"):
            top.decompose()

    # --- news categories --------------------------------------------------------------------------
    def _import_categories(self, module: dict[str, Any]) -> dict[int, CategoryPage]:
        table = self.source.table(module["module_data"], "cat")
        rows = sorted(
            self.source.rows(table, order="catid"),
            key=lambda r: (r.get("sort", 0), r.get("weight", 0), r["catid"]),
        )
        titles = {r["catid"]: _text(r["title"]) for r in rows}

        def handle(row: dict[str, Any], record: NukeVietRecord | None) -> NukeVietRecord:
            title = _text(row["title"], 255)
            if not title:
                raise RowError("chuyên mục không có tên")
            parent_title = titles.get(row["parentid"], "")
            intro = _plain(row.get("description"))
            if parent_title and not intro:
                intro = f"Thuộc chuyên mục {parent_title}."
            page = record.page.specific if record and record.page else None
            if page is None:
                page = CategoryPage(
                    title=title, slug=_free_slug(self.home, slugify_vi(row["alias"] or title))
                )
                page.intro = intro
                page.show_in_menus = row["parentid"] == 0 and int(row.get("status", 1)) == 1
                self.home.add_child(instance=page)
            else:
                page.title, page.intro = title, intro
            revision = page.save_revision(user=self.user, log_action=True)
            if int(row.get("status", 1)) in (1, 2):
                revision.publish(user=self.user)
            elif page.live:
                page.unpublish(user=self.user)
            saved = self._record(
                record, Kind.CATEGORY, table, row["catid"], module["title"], row["alias"] or ""
            )
            saved.page = page
            return saved

        self._each(
            Kind.CATEGORY,
            table,
            self._bar_iter(rows, f"Chuyên mục ({module['title']})"),
            "catid",
            handle,
            lambda r: _digest(r),
        )
        return {
            rid: rec.page.specific
            for (tbl, rid), rec in self._records.items()
            if tbl == table and rec.page_id
        }

    def _bar_iter(self, rows: list[dict[str, Any]], what: str) -> Iterable[dict[str, Any]]:
        with self._bar(len(rows), what) as bar:
            for row in rows:
                yield row
                bar.update(1)

    # --- news articles ----------------------------------------------------------------------------
    def _import_articles(self, module: dict[str, Any], categories: dict[int, CategoryPage]) -> None:
        data = module["module_data"]
        table = self.source.table(data, "rows")
        sources = (
            {
                r["sourceid"]: _text(r["title"], 120)
                for r in self.source.rows(self.source.table(data, "sources"), "sourceid")
            }
            if self.source.has(self.source.table(data, "sources"))
            else {}
        )
        with self._bar(self.source.count(table), f"Tin bài ({module['title']})") as bar:
            for chunk in self._chunks(table, "id"):
                extra = self._article_extra(data, [r["id"] for r in chunk])
                rows = []
                for row in chunk:
                    row = {**row, **extra.get(row["id"], {})}
                    row["_source"] = sources.get(row["sourceid"], "")
                    rows.append(row)

                def handle(row: dict[str, Any], record: NukeVietRecord | None) -> NukeVietRecord:
                    return self._article(row, record, module, table, categories)

                self._each(Kind.ARTICLE, table, _counted(rows, bar), "id", handle, lambda r: _digest(r))

    def _chunks(self, table: str, key: str, size: int = 200) -> Iterable[list[dict[str, Any]]]:
        chunk: list[dict[str, Any]] = []
        for row in self.source.rows(table, order=key, batch=size):
            chunk.append(row)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _in(self, table: str, column: str, ids: list[int]) -> list[dict[str, Any]]:
        if not ids or not self.source.has(table):
            return []
        marks = ",".join(["%s"] * len(ids))
        return self.source.select(f"SELECT * FROM `{table}` WHERE `{column}` IN ({marks})", tuple(ids))

    def _article_extra(self, data: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Body, source text, tags and authors of a batch of articles (4.0.29+ ``_detail``, or the
        older ``_bodyhtml_N`` tables with ``_bodytext`` as plain-text fallback)."""
        extra: dict[int, dict[str, Any]] = {
            i: {"_body": "", "_sourcetext": "", "_tags": [], "_authors": []} for i in ids
        }
        detail = self.source.table(data, "detail")
        if self.source.has(detail):
            for row in self._in(detail, "id", ids):
                extra[row["id"]].update(_body=row["bodyhtml"] or "", _sourcetext=row.get("sourcetext") or "")
        else:
            by_table: dict[str, list[int]] = defaultdict(list)
            for i in ids:
                by_table[self.source.table(data, f"bodyhtml_{math.ceil(i / 2000)}")].append(i)
            for html_table, group in by_table.items():
                for row in self._in(html_table, "id", group):
                    extra[row["id"]].update(
                        _body=row["bodyhtml"] or "", _sourcetext=row.get("sourcetext") or ""
                    )
            for row in self._in(self.source.table(data, "bodytext"), "id", ids):
                if not extra[row["id"]]["_body"]:
                    extra[row["id"]]["_body_text"] = row["bodytext"] or ""
        tags_id, tags = self.source.table(data, "tags_id"), self.source.table(data, "tags")
        if self.source.has(tags_id) and self.source.has(tags):
            marks = ",".join(["%s"] * len(ids))
            for row in self.source.select(
                f"SELECT ti.id, t.title FROM `{tags_id}` ti JOIN `{tags}` t ON t.tid = ti.tid "
                f"WHERE ti.id IN ({marks}) ORDER BY ti.id, t.title",
                tuple(ids),
            ):
                extra[row["id"]]["_tags"].append(_text(row["title"]))
        for row in self._in(self.source.table(data, "authorlist"), "id", ids):
            extra[row["id"]]["_authors"].append(_text(row["pseudonym"]))
        return extra

    def _article(
        self,
        row: dict[str, Any],
        record: NukeVietRecord | None,
        module: dict[str, Any],
        table: str,
        categories: dict[int, CategoryPage],
    ) -> NukeVietRecord:
        row_id = int(row["id"])
        title = _text(row["title"], 255)
        if not title:
            raise RowError("tin bài không có tiêu đề")
        listed = [int(c) for c in str(row.get("listcatid") or "").split(",") if c.strip().isdigit()]
        category = next((categories[c] for c in [int(row["catid"]), *listed] if c in categories), None)
        if category is None:
            raise RowError(f"chuyên mục {row['catid']} không có trong dữ liệu đã nhập")
        body_source = row["_body"] or ""
        if not body_source and row.get("_body_text"):
            body_source = str(row["_body_text"])
        body = self._body(body_source, table, row_id)
        authors = [_text(a) for a in str(row.get("author") or "").split(",") if _text(a)] or row["_authors"]
        source = row["_source"] or _text(
            urlsplit(str(row["_sourcetext"] or "")).netloc or row["_sourcetext"], 120
        )
        published = _moment(row["publtime"]) or _moment(row["addtime"])
        fields: dict[str, Any] = {
            "title": title,
            "lede": _plain(row["hometext"])[:5000],
            "body": body,
            "byline": " - ".join(authors)[:300],
            "source": source[:120],
            "published_at": published,
            "cover_image": self._cover(row, module, table),
        }
        page = record.page.specific if record and record.page else None
        if page is None:
            page = ArticlePage(
                slug=_free_slug(category, slugify_vi(row["alias"] or title)), live=False, **fields
            )
            page.first_published_at = published
            category.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            if page.get_parent().pk != category.pk:
                page.slug = _free_slug(category, page.slug, exclude_pk=page.pk)
                page.save()
                page.move(category, pos="last-child", user=self.user)
                page.refresh_from_db()
                for name, value in fields.items():
                    setattr(page, name, value)
        self._set_status(page, int(row["status"]), published, _moment(row["exptime"]))
        saved = self._record(record, Kind.ARTICLE, table, row_id, module["title"], row["alias"] or "")
        saved.page = page
        saved.tags = row["_tags"]
        return saved

    def _cover(self, row: dict[str, Any], module: dict[str, Any], table: str) -> Any:
        """homeimgthumb: 1 (thumbnail made) and 2 (uploaded) are files under uploads/<module_upload>/,
        3 is an outside URL (not copied), 0 none."""
        name = str(row.get("homeimgfile") or "").strip()
        kind = int(row.get("homeimgthumb") or 0)
        if not name or kind not in (1, 2):
            if name and kind == 3:
                self.report.warn(
                    table, row["id"], f"ảnh đại diện ở địa chỉ ngoài, không sao chép: {name[:120]}"
                )
            return None
        path = self._upload_path(f"{module['module_upload'] or module['title']}/{name}")
        if path is None:
            self.report.warn(table, row["id"], f"không thấy ảnh đại diện: {name[:200]}")
            return None
        if self.dry_run:
            return None
        image = self._image(
            path, _text(row.get("homeimgalt"), 255) or _text(row["title"], 255), table, row["id"]
        )
        alt = _text(row.get("homeimgalt"), 255)
        if image is not None and alt and not image.description:
            image.description = alt
            image.save(update_fields=["description"])
        return image

    def _set_status(
        self, page: ArticlePage, status: int, published: datetime | None, expires: datetime | None
    ) -> None:
        if published:
            page.first_published_at = published
        page.go_live_at = None
        page.expire_at = expires if status == 1 and expires and expires > self.now else None
        if status == 3:
            page.expire_at = expires
        if status == 1 or (status == 2 and (published is None or published <= self.now)):
            page.expired = False
            page.save_revision(user=self.user, log_action=True).publish(user=self.user)
            return
        if page.live:
            page.unpublish(user=self.user, log_action=True)
            page.refresh_from_db()
            if published:
                page.first_published_at = published
        if status == 2:
            page.go_live_at = published
            page.save_revision(user=self.user, log_action=True).publish(user=self.user)  # schedules
            return
        page.expired = status == 3
        page.save()
        page.save_revision(user=self.user, log_action=True)
        if status in REVIEW_STATUSES:
            workflow = page.get_workflow()
            if workflow is not None and page.current_workflow_state is None:
                workflow.start(page, self.user)

    # --- static pages (module "page") ------------------------------------------------------------
    def _import_pages(self, module: dict[str, Any]) -> None:
        table = self.source.table(module["module_data"])
        if not self.source.has(table):
            return
        name = _text(module["custom_title"], 255) or "Giới thiệu"
        holder = self._page_category(module, name)
        rows = list(self.source.rows(table))

        def handle(row: dict[str, Any], record: NukeVietRecord | None) -> NukeVietRecord:
            title = _text(row["title"], 255)
            if not title:
                raise RowError("trang không có tiêu đề")
            fields = {
                "title": title,
                "lede": _plain(row.get("description"))[:5000],
                "body": self._body(row["bodytext"] or "", table, row["id"]),
                "published_at": _moment(row["add_time"]),
                "cover_image": None,
            }
            path = (
                self._upload_path(f"{module['module_upload'] or module['title']}/{row['image']}")
                if row.get("image")
                else None
            )
            if path and not self.dry_run:
                fields["cover_image"] = self._image(
                    path, _text(row.get("imagealt"), 255) or title, table, row["id"]
                )
            page = record.page.specific if record and record.page else None
            if page is None:
                page = ArticlePage(
                    slug=_free_slug(holder, slugify_vi(row["alias"] or title)), live=False, **fields
                )
                holder.add_child(instance=page)
            else:
                for key, value in fields.items():
                    setattr(page, key, value)
            self._set_status(page, 1 if int(row["status"]) == 1 else 0, fields["published_at"], None)
            saved = self._record(record, Kind.PAGE, table, row["id"], module["title"], row["alias"] or "")
            saved.page = page
            return saved

        self._each(
            Kind.PAGE,
            table,
            self._bar_iter(rows, f"Trang ({module['title']})"),
            "id",
            handle,
            lambda r: _digest(r),
        )

    def _page_category(self, module: dict[str, Any], name: str) -> CategoryPage:
        """Static pages become articles of a category named after the module ("Giới thiệu")."""
        table = self.source.table(module["module_data"])
        key = (f"{table}#module", 0)
        record = self._records.get(key)
        if record and record.page:
            return record.page.specific
        page = CategoryPage(title=name, slug=_free_slug(self.home, slugify_vi(module["title"] or name)))
        page.show_in_menus = True
        self.home.add_child(instance=page)
        page.save_revision(user=self.user, log_action=True).publish(user=self.user)
        record = NukeVietRecord.objects.create(
            kind=Kind.CATEGORY,
            source_table=key[0],
            nukeviet_id=0,
            module=module["title"],
            alias="",
            page=page,
            digest="",
        )
        self._records[key] = record
        return page

    # --- laws (module-laws) -----------------------------------------------------------------------
    def _import_laws(self, module: dict[str, Any]) -> None:
        data = module["module_data"]
        table = self.source.table(data, "row")
        if not self.source.has(table):
            return

        def titles(suffix: str) -> dict[int, str]:
            name = self.source.table(data, suffix)
            return (
                {r["id"]: _text(r["title"]) for r in self.source.rows(name)} if self.source.has(name) else {}
            )

        types, issuers, areas = titles("cat"), titles("subject"), titles("area")
        signers = titles("signer")
        upload_dir = module["module_upload"] or module["title"]
        rows = list(self.source.rows(table))
        owners = {
            rec.document_id: rid
            for (tbl, rid), rec in self._records.items()
            if tbl == table and rec.document_id
        }
        row_areas: dict[int, list[int]] = defaultdict(list)
        if self.source.has(self.source.table(data, "row_area")):
            for r in self.source.select(
                f"SELECT row_id, area_id FROM `{self.source.table(data, 'row_area')}` ORDER BY row_id, area_id"
            ):
                row_areas[r["row_id"]].append(r["area_id"])
        replaces: dict[int, set[int]] = defaultdict(set)
        for r in rows:
            replaces[r["id"]].update(
                int(x) for x in str(r["replacement"] or "").split(",") if x.strip().isdigit()
            )
        if self.source.has(self.source.table(data, "set_replace")):
            for r in self.source.rows(self.source.table(data, "set_replace")):
                replaces[r["oid"]].add(
                    r["nid"]
                )  # module-laws writes (oid = the new document, nid = the one it replaces)

        def handle(row: dict[str, Any], record: NukeVietRecord | None) -> NukeVietRecord | None:
            if int(row["status"]) != 1:
                self.report.warn(
                    table, row["id"], "văn bản chưa kích hoạt trên NukeViet (status khác 1): bỏ qua"
                )
                return None
            number = canonical_number(_text(row["code"], 100))
            if not number:
                raise RowError("văn bản không có số ký hiệu (code)")
            issuer_name = issuers.get(row["sid"]) or "Chưa xác định"
            if row["sid"] not in issuers:
                self.report.warn(table, row["id"], f"không có cơ quan ban hành (sid={row['sid']})")
            issuer = Issuer.for_name(issuer_name)
            area_ids = row_areas.get(row["id"]) or [
                int(x) for x in str(row["area_ids"] or "").split(",") if x.strip().isdigit()
            ]
            sector_name = next((areas[a] for a in area_ids if a in areas), "")
            issued, effective, expires = _day(row["publtime"]), _day(row["startvalid"]), _day(row["exptime"])
            if effective and expires and expires < effective:
                self.report.warn(
                    table, row["id"], "ngày hết hiệu lực trước ngày có hiệu lực: bỏ ngày hết hiệu lực"
                )
                expires = None
            document = record.document if record and record.document_id else None
            if document is None:
                document = (
                    LegalDocument.objects.filter(
                        number_folded=fold_number(number), issuer=issuer, issued_on=issued
                    ).first()
                    or LegalDocument()
                )
            owner = owners.get(document.pk) if document.pk else None
            if owner is not None and owner != row["id"]:
                raise RowError(f"trùng số ký hiệu, cơ quan ban hành và ngày ban hành với văn bản #{owner}")
            document.number, document.issuer = number, issuer
            document.doc_type = _doc_type(types.get(row["cid"], ""), _text(row["title"]))
            document.signer = (signers.get(row["sgid"]) or "")[:200]
            document.issued_on, document.effective_on, document.expires_on = issued, effective, expires
            document.abstract = _plain(row["introtext"]) or _text(row["title"])
            document.sector = Sector.for_name(sector_name) if sector_name else None
            document.full_clean(exclude=["slug", "search_text", "number_folded", "issuer", "sector"])
            document.save()
            self._law_files(document, str(row["files"] or ""), upload_dir, table, row["id"])
            saved = self._record(record, Kind.LAW, table, row["id"], module["title"], row["alias"] or "")
            saved.document = document
            owners[document.pk] = row["id"]
            return saved

        def digest(row: dict[str, Any]) -> str:
            return _digest(
                row,
                types.get(row["cid"]),
                issuers.get(row["sid"]),
                signers.get(row["sgid"]),
                row_areas.get(row["id"]),
            )

        self._each(
            Kind.LAW,
            table,
            self._bar_iter(rows, f"Văn bản ({module['title']})"),
            "id",
            digest=digest,
            handle=handle,
        )
        self._law_relations(table, rows, replaces)

    def _law_files(
        self, document: LegalDocument, files: str, upload_dir: str, table: str, row_id: int
    ) -> None:
        stored = []
        for name in [f.strip() for f in files.split(",") if f.strip()]:
            path = self._upload_path(name if name.startswith(("/", "http")) else f"{upload_dir}/{name}")
            if path is None:
                self.report.warn(table, row_id, f"không thấy tệp: {name[:200]}")
                continue
            if path.suffix.lower().lstrip(".") not in FILE_EXTENSIONS or path.stat().st_size > MAX_FILE_BYTES:
                self.report.warn(table, row_id, f"tệp không được nhận (loại hoặc dung lượng): {path.name}")
                continue
            if not self.dry_run:
                stored.append(store_document(path))
        DocumentFile.objects.filter(legal_document=document).delete()
        for order, wagtail_document in enumerate(stored):
            DocumentFile.objects.create(legal_document=document, file=wagtail_document, sort_order=order)

    def _law_relations(self, table: str, rows: list[dict[str, Any]], replaces: dict[int, set[int]]) -> None:
        """``replacement``/_set_replace -> replaces; a related document (``relatement``) whose title says
        "sửa đổi" -> amends; other related documents have no Cổng relation and are left out."""
        documents = {
            rid: rec.document_id
            for (tbl, rid), rec in self._records.items()
            if tbl == table and rec.document_id
        }
        titles = {r["id"]: _text(r["title"]).casefold() for r in rows}
        for row in rows:
            source_pk = documents.get(row["id"])
            if source_pk is None:
                continue
            wanted: set[tuple[str, int]] = set()
            for target in replaces.get(row["id"], set()):
                if target in documents and documents[target] != source_pk:
                    wanted.add(("replaces", documents[target]))
                elif target not in documents:
                    self.report.warn(
                        table, row["id"], f"văn bản bị thay thế #{target} không có trong dữ liệu đã nhập"
                    )
            related = [int(x) for x in str(row["relatement"] or "").split(",") if x.strip().isdigit()]
            if "sửa đổi" in titles.get(row["id"], ""):
                wanted.update(
                    ("amends", documents[t]) for t in related if t in documents and documents[t] != source_pk
                )
            existing = set(
                DocumentRelation.objects.filter(
                    source_id=source_pk, kind__in=["replaces", "amends"]
                ).values_list("kind", "target_id")
            )
            if existing == wanted:
                continue
            with transaction.atomic():
                DocumentRelation.objects.filter(source_id=source_pk, kind__in=["replaces", "amends"]).delete()
                for kind, target_pk in sorted(wanted):
                    DocumentRelation.objects.create(source_id=source_pk, kind=kind, target_id=target_pk)
            # the relation changes the document's status and what links to it
            LegalDocument.objects.get(pk=source_pk).save()


def _doc_type(category: str, title: str) -> str:
    """NukeViet's document type (``_cat.title``) as a Cổng type: the longest Cổng type name found in
    it (or, failing that, at the start of the title), else "Văn bản khác"."""
    for text in (category.casefold(), title.casefold()[:40]):
        matches = [t for t in DocumentType if t != DocumentType.KHAC and str(t.label).casefold() in text]
        if matches:
            return max(matches, key=lambda t: len(str(t.label))).value
    return DocumentType.KHAC.value
