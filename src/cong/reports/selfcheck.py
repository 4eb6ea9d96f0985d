"""Decree 42 self-check (Tự đánh giá theo Nghị định 42/2022): each required information category is
present, stale or missing, plus content quality checks.

The requirements are data (``data/nd42_requirements.json``: id, title, legal source, how it is
detected, how to fix it). Detection is generic and never imports another app: page types are found
through the content-type registry by app label and model name, models through ``apps.get_model``.
An app that provides a category registers its own detector::

    from cong.reports import selfcheck
    selfcheck.register("hoi-dap", lambda: selfcheck.Evidence(present=True, updated_at=last_answer))

A registered detector replaces the data's detection for that item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Locale, Page

DATA_FILE = Path(__file__).parent / "data" / "nd42_requirements.json"
LIST_LIMIT = 1000  # rows per quality check kept for the page and the export

PRESENT, STALE, MISSING = "present", "stale", "missing"
STATUS_LABELS = {PRESENT: "Có", STALE: "Chưa cập nhật", MISSING: "Thiếu"}


@dataclass(frozen=True)
class Evidence:
    """What a detector found: whether the category is there, when it last changed, where to fix it."""

    present: bool
    updated_at: datetime | None = None
    detail: str = ""
    fix_url: str = ""


Detector = Callable[[], Evidence]
_registry: dict[str, Detector] = {}


def register(item_id: str, detector: Detector) -> None:
    """Let an app report one requirement itself (e.g. the Q&A app for "hoi-dap")."""
    _registry[item_id] = detector


def unregister(item_id: str) -> None:
    _registry.pop(item_id, None)


@cache
def requirements() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@dataclass
class ItemResult:
    id: str
    title: str
    source: str
    how: str
    status: str
    updated_at: datetime | None
    detail: str
    fix_url: str
    fix_hint: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


# --- generic detectors (data "kind") ---------------------------------------------------------------
def _content_types(patterns: list[str]) -> list[ContentType]:
    """Installed page types matching "app_label.model" or "app_label.*" (no import of the app)."""
    query = Q()
    for pattern in patterns:
        app_label, _, model = pattern.lower().partition(".")
        query |= Q(app_label=app_label) if model in ("", "*") else Q(app_label=app_label, model=model)
    return [
        ct
        for ct in ContentType.objects.filter(query)
        if (cls := ct.model_class()) is not None and issubclass(cls, Page)
    ]


def _pages(pages: Any) -> Evidence:
    live = pages.live()
    latest = live.aggregate(latest=Max("last_published_at"))["latest"]
    if latest is None and not live.exists():
        return Evidence(False)
    page = live.order_by("-last_published_at").first()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else ""
    return Evidence(True, latest, detail=page.title if page else "", fix_url=edit)


def detect_page_type(spec: dict[str, Any]) -> Evidence:
    types = _content_types(spec["models"])
    if not types:
        return Evidence(False, detail="Chưa có chức năng này")
    return _pages(Page.objects.filter(content_type__in=types))


def detect_page_slug(spec: dict[str, Any]) -> Evidence:
    return _pages(Page.objects.filter(slug__in=spec["slugs"]))


def detect_model(spec: dict[str, Any]) -> Evidence:
    try:
        model = apps.get_model(spec["model"])
    except (LookupError, ValueError):
        return Evidence(False, detail="Chưa có chức năng này")
    rows = model._default_manager.filter(**spec.get("filter", {}))
    date_field = spec.get("date_field")
    latest = rows.aggregate(latest=Max(date_field))["latest"] if date_field else None
    return Evidence(rows.exists(), latest, detail=f"{rows.count()} mục")


def detect_settings(spec: dict[str, Any]) -> Evidence:
    try:
        model = apps.get_model(spec["model"])
    except (LookupError, ValueError):
        return Evidence(False)
    for row in model._default_manager.all():
        empty = [name for name in spec["fields"] if not getattr(row, name, "")]
        if not empty:
            return Evidence(True)
    labels = [str(model._meta.get_field(name).verbose_name) for name in spec["fields"]]
    return Evidence(False, detail="Cần điền: " + ", ".join(labels))


def detect_url(spec: dict[str, Any]) -> Evidence:
    try:
        return Evidence(True, detail=reverse(spec["name"]))
    except NoReverseMatch:
        return Evidence(False)


def detect_page_route(spec: dict[str, Any]) -> Evidence:
    types = _content_types([spec["model"]])
    if not types:
        return Evidence(False)
    page_class = types[0].model_class()
    try:
        page_class().reverse_subpage(spec["route"])  # type: ignore[union-attr]
    except (AttributeError, NoReverseMatch):
        return Evidence(False)
    return Evidence(Page.objects.filter(content_type__in=types).live().exists())


def detect_locale(spec: dict[str, Any]) -> Evidence:
    locales = Locale.objects.filter(language_code__istartswith=spec["language"])
    return _pages(Page.objects.filter(locale__in=locales, depth__gt=1))


DETECTORS: dict[str, Callable[[dict[str, Any]], Evidence]] = {
    "page_type": detect_page_type,
    "page_slug": detect_page_slug,
    "model": detect_model,
    "settings": detect_settings,
    "url": detect_url,
    "page_route": detect_page_route,
    "locale": detect_locale,
}


def _fix_url(fix: dict[str, Any]) -> str:
    try:
        if "settings" in fix:
            return reverse("wagtailsettings:edit", args=fix["settings"].split("."))
        if "url_name" in fix:
            return reverse(fix["url_name"])
    except NoReverseMatch:
        pass
    return ""


def check_item(item: dict[str, Any], stale_after_days: int, now: datetime | None = None) -> ItemResult:
    now = now or timezone.now()
    detector = _registry.get(item["id"])
    spec = item["detect"]
    if detector is not None:
        evidence = detector()
    elif spec["kind"] in DETECTORS:
        evidence = DETECTORS[spec["kind"]](spec)
    else:  # "registry": only an app that provides the category can say it is there
        evidence = Evidence(False, detail="Chưa có chức năng này")
    status = MISSING
    if evidence.present:
        old = evidence.updated_at is not None and evidence.updated_at < now - timedelta(days=stale_after_days)
        status = STALE if item.get("stale") and old else PRESENT
    fix = item.get("fix", {})
    return ItemResult(
        id=item["id"],
        title=item["title"],
        source=item["source"],
        how=item["how"],
        status=status,
        updated_at=evidence.updated_at,
        detail=evidence.detail,
        fix_url=evidence.fix_url if status == STALE and evidence.fix_url else _fix_url(fix),
        fix_hint="" if status == PRESENT else fix.get("hint", ""),
    )


def self_check(stale_after_days: int, now: datetime | None = None) -> list[ItemResult]:
    return [check_item(item, stale_after_days, now) for item in requirements()["items"]]


# --- content quality ---------------------------------------------------------------------------------
@dataclass
class QualityCheck:
    id: str
    title: str
    total: int = 0
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (object, problem, admin URL)

    def add(self, label: str, problem: str, url: str) -> None:
        self.total += 1
        if len(self.rows) < LIST_LIMIT:
            self.rows.append((label, problem, url))


def _edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _article_model() -> Any:
    try:
        return apps.get_model("news", "ArticlePage")
    except LookupError:
        return None


def _bodies(model: Any, marker: str) -> Iterator[tuple[int, str, list[Any]]]:
    """(id, title, raw StreamField data) of live pages whose stored body contains `marker`.

    The body is read as text (a JSON document on every database), filtered in SQL, parsed here.
    """
    rows = model.objects.live().annotate(body_text=Cast("body", TextField()))
    rows = rows.filter(body_text__contains=marker).order_by("pk")
    for pk, title, text in rows.values_list("pk", "title", "body_text").iterator(chunk_size=500):
        data = json.loads(text) if text else []
        yield pk, title, data if isinstance(data, list) else []


_LINK = re.compile(r'<a[^>]*\blinktype="(page|document)"[^>]*\bid="(\d+)"', re.IGNORECASE)


def quality_checks(stale_after_days: int, now: datetime | None = None) -> list[QualityCheck]:
    now = now or timezone.now()
    checks = []
    articles = _article_model()

    images = QualityCheck("anh-thieu-mo-ta", "Ảnh trong tin bài không có văn bản thay thế (alt) và chú thích")
    missing_meta = QualityCheck("tin-thieu-nguon-tac-gia", "Tin bài không ghi nguồn tin hoặc tác giả")
    broken = QualityCheck(
        "lien-ket-hong", "Liên kết nội bộ hỏng (trang hoặc tệp không còn, hoặc trang đã gỡ)"
    )
    if articles is not None:
        for pk, title, body in _bodies(articles, '"image"'):
            blank = sum(
                1
                for block in body
                if block.get("type") == "image"
                and isinstance(block.get("value"), dict)
                and not (block["value"].get("alt") or "").strip()
                and not (block["value"].get("caption") or "").strip()
            )
            if blank:
                images.add(title, f"{blank} ảnh", _edit(pk))
        lacking = articles.objects.live().filter(Q(source="") | Q(byline="")).order_by("-published_at", "pk")
        for pk, title, source, byline in lacking.values_list("pk", "title", "source", "byline").iterator():
            problem = "Thiếu " + " và ".join(
                part for part, empty in (("nguồn tin", not source), ("tác giả", not byline)) if empty
            )
            missing_meta.add(title, problem, _edit(pk))
        links = []
        for pk, title, body in _bodies(articles, "linktype"):
            for block in body:
                if block.get("type") == "text" and isinstance(block.get("value"), str):
                    links += [
                        (pk, title, kind, int(target)) for kind, target in _LINK.findall(block["value"])
                    ]
        live_pages = set(
            Page.objects.live()
            .filter(pk__in=[t for *_, k, t in links if k == "page"])
            .values_list("pk", flat=True)
        )
        documents = set()
        if any(k == "document" for *_, k, _ in links):
            from wagtail.documents import get_document_model

            ids = [t for *_, k, t in links if k == "document"]
            documents = set(get_document_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
        for pk, title, kind, target in links:
            if kind == "page" and target not in live_pages:
                broken.add(title, f"Liên kết tới trang số {target}", _edit(pk))
            elif kind == "document" and target not in documents:
                broken.add(title, f"Liên kết tới tệp số {target}", _edit(pk))
    checks += [images, missing_meta]

    documents_check = QualityCheck(
        "van-ban-thieu-tep-ngay", "Văn bản không có tệp đính kèm hoặc ngày ban hành"
    )
    try:
        legal = apps.get_model("documents", "LegalDocument")
        file_model = apps.get_model("documents", "DocumentFile")
    except LookupError:
        legal = None
    if legal is not None:
        has_file = Exists(file_model.objects.filter(legal_document=OuterRef("pk")))
        rows = legal.objects.annotate(has_file=has_file).filter(Q(has_file=False) | Q(issued_on__isnull=True))
        for pk, number, has, issued in rows.order_by("number").values_list(
            "pk", "number", "has_file", "issued_on"
        ):
            problem = "Thiếu " + " và ".join(
                part
                for part, empty in (("tệp đính kèm", not has), ("ngày ban hành", issued is None))
                if empty
            )
            documents_check.add(
                number, problem, reverse("wagtailsnippets_documents_legaldocument:edit", args=[pk])
            )
    checks += [documents_check, broken]

    old = QualityCheck(
        "trang-lau-khong-cap-nhat",
        f"Trang (không phải tin bài) không được cập nhật trong {stale_after_days} ngày",
    )
    pages = Page.objects.live().filter(
        depth__gt=1, last_published_at__lt=now - timedelta(days=stale_after_days)
    )
    if articles is not None:
        pages = pages.exclude(content_type=ContentType.objects.get_for_model(articles))
    for pk, title, last in pages.order_by("last_published_at").values_list(
        "pk", "title", "last_published_at"
    ):
        old.add(title, f"Cập nhật lần cuối {timezone.localtime(last):%d/%m/%Y}", _edit(pk))
    checks.append(old)
    return checks
