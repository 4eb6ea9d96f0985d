"""Creating a component site with everything it needs, idempotently (``./cong new_site``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cong.core.models import PortalSettings
from cong.core.text import nfc, slugify_vi
from cong.documents.models import DocumentIndexPage, Issuer
from cong.editorial.roles import EDITOR, HEAD, SITE_ROLES, site_role
from cong.news.models import CategoryPage, HomePage
from cong.organisation.models import Unit
from cong.organisation.units import find_unit

from .models import ComponentSite

CITY_WORKFLOW = "Duyệt tin bài"
DEFAULT_CATEGORIES = (
    ("Tin tức – Sự kiện", "tin-tuc-su-kien"),
    ("Thông báo", "thong-bao"),
    ("Chỉ đạo – Điều hành", "chi-dao-dieu-hanh"),
)
# Model permissions a per-site group takes over from its city-wide role: the admin itself, authors
# and the city's documents database (a Sở enters its own documents). Questions, reports and the
# portal's settings stay with the city's board.
COPIED_APPS = ("wagtailadmin", "news", "documents")
SHARE_PERMISSIONS = ("sites.add_articleshare", "sites.view_articleshare")
# A host-mode site's Biên tập viên and Trưởng Ban biên tập manage its banners (the admin shows them
# their own site's only, cong.banners.wagtail_hooks). A path-prefix site shows the city's banners.
BANNER_ROLES = (EDITOR, HEAD)
BANNER_PERMISSIONS = ("add_banner", "change_banner", "delete_banner", "view_banner")


class SiteError(ValueError):
    """A request ``new_site`` cannot carry out (shown to the operator as is)."""


@dataclass
class Result:
    component: ComponentSite
    changes: list[str] = field(default_factory=list)


def split_host(host: str) -> tuple[str, int]:
    """ "so-y-te.localhost:8000" → ("so-y-te.localhost", 8000); the port defaults to 80."""
    host = host.strip().lower().removeprefix("http://").removeprefix("https://").rstrip("/")
    name, _, port = host.partition(":")
    if not name or "/" in name or (port and not port.isdigit()):
        raise SiteError(f"Tên miền không hợp lệ: {host!r}")
    return name, int(port or 80)


@transaction.atomic
def create_site(
    name: str, host: str = "", path_prefix: str = "", parent_unit: str = "", slug: str = ""
) -> Result:
    """Create (or complete) the component site ``name``: second calls change nothing."""
    name = nfc(name.strip())
    if not name:
        raise SiteError("Cần tên cổng thành phần (--name).")
    if bool(host) == bool(path_prefix):
        raise SiteError("Cần đúng một trong hai: --host (tên miền riêng) hoặc --path-prefix (đường dẫn).")
    path_prefix = path_prefix.strip("/")
    slug = slug or path_prefix or slugify_vi(name)
    if path_prefix and path_prefix != slugify_vi(path_prefix):
        raise SiteError(f"Đường dẫn chỉ gồm chữ thường không dấu, số và gạch ngang: {path_prefix!r}")
    city = Site.objects.get(is_default_site=True)
    unit = _parent_unit(parent_unit, city)
    component = ComponentSite.objects.filter(slug=slug).first()
    changes: list[str] = []
    if component is None:
        component = _create(name, slug, host, path_prefix, unit, city, changes)
    elif unit is not None and component.parent_unit_id != unit.pk:
        component.parent_unit = unit
        component.save(update_fields=["parent_unit"])
        changes.append(f"đơn vị chủ quản: {unit.name}")
    home = component.root_page.specific
    _categories(home, changes)
    if not path_prefix and not component.path_prefix:
        _settings(component.site, name, changes)
    groups = _groups(component, city, changes)
    _workflow(component, groups, changes)
    _documents(component, city, changes)
    return Result(component, changes)


def _parent_unit(text: str, city: Site) -> Unit | None:
    """The unit ``--parent-unit`` names (its slug or its name, among the city's units)."""
    if not text.strip():
        return None
    unit = find_unit(text, city)
    if unit is None:
        raise SiteError(
            f"Không tìm thấy đơn vị {text.strip()!r} trong cơ cấu tổ chức của cổng thành phố "
            "(nhập tên hoặc đường dẫn của một đơn vị ở Tổ chức → Đơn vị)."
        )
    return unit


def _create(
    name: str, slug: str, host: str, path_prefix: str, unit: Unit | None, city: Site, changes: list[str]
) -> ComponentSite:
    if host:
        hostname, port = split_host(host)
        if Site.objects.filter(hostname=hostname, port=port).exists():
            raise SiteError(f"Tên miền {hostname}:{port} đã thuộc một website khác.")
        parent = Page.get_first_root_node()
    else:
        parent = city.root_page
    if parent.get_children().filter(slug=slug).exists():
        raise SiteError(f"Đã có trang với đường dẫn {slug!r} ở {parent.title!r}.")
    home = parent.add_child(instance=HomePage(title=name, slug=slug, seo_title=name))
    changes.append(f"trang chủ {home.url_path}")
    if host:
        site = Site.objects.create(hostname=hostname, port=port, site_name=name, root_page=home)
        changes.append(f"website {hostname}:{port}")
    else:
        site = city
    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=name).first() or root_collection.add_child(
        name=name
    )
    changes.append(f"thư mục ảnh và tài liệu {name!r}")
    return ComponentSite.objects.create(
        name=name,
        slug=slug,
        host=site.hostname if host else "",
        path_prefix=path_prefix,
        parent_unit=unit,
        site=site,
        root_page=home,
        collection=collection,
    )


def _categories(home: HomePage, changes: list[str]) -> None:
    existing = set(home.get_children().values_list("slug", flat=True))
    for title, slug in DEFAULT_CATEGORIES:
        if slug not in existing:
            home.add_child(instance=CategoryPage(title=title, slug=slug, show_in_menus=True))
            changes.append(f"chuyên mục {title!r}")


def _settings(site: Site, name: str, changes: list[str]) -> None:
    """A row of every per-site setting (footer and theme, and the other apps' settings)."""
    if not PortalSettings.objects.filter(site=site).exists():
        PortalSettings.objects.create(site=site, portal_name=f"Cổng thông tin điện tử {name}")
        changes.append("thông tin cổng")
    for model in registry:
        if issubclass(model, BaseSiteSetting) and not model.objects.filter(site=site).exists():
            model.objects.create(site=site)
            changes.append(f"cài đặt {model._meta.verbose_name}")


def _groups(component: ComponentSite, city: Site, changes: list[str]) -> dict[str, Group]:
    """Per-site groups with the city-wide role's page and folder permissions, on this site only."""
    groups = {}
    root_collection = Collection.get_first_root_node()
    for role in SITE_ROLES:
        group, created = Group.objects.get_or_create(name=site_role(role, component.name))
        if created:
            changes.append(f"nhóm {group.name!r}")
        groups[role] = group
        city_group = Group.objects.filter(name=role).first()
        if city_group is None:
            continue
        wanted = set(
            city_group.permissions.filter(content_type__app_label__in=COPIED_APPS).values_list(
                "pk", flat=True
            )
        )
        wanted |= set(
            Permission.objects.filter(
                content_type__app_label="sites", codename__in=[p.split(".")[1] for p in SHARE_PERMISSIONS]
            ).values_list("pk", flat=True)
        )
        if role in BANNER_ROLES and not component.path_prefix:
            wanted |= set(
                Permission.objects.filter(
                    content_type__app_label="banners", codename__in=BANNER_PERMISSIONS
                ).values_list("pk", flat=True)
            )
        added = wanted - set(group.permissions.values_list("pk", flat=True))
        if added:
            group.permissions.add(*added)
        for permission_id in GroupPagePermission.objects.filter(
            group=city_group, page=city.root_page
        ).values_list("permission_id", flat=True):
            _, made = GroupPagePermission.objects.get_or_create(
                group=group, page=component.root_page, permission_id=permission_id
            )
            added |= {permission_id} if made else set()
        for permission_id in GroupCollectionPermission.objects.filter(
            group=city_group, collection=root_collection
        ).values_list("permission_id", flat=True):
            _, made = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=component.collection, permission_id=permission_id
            )
            added |= {permission_id} if made else set()
        if added and not created:
            changes.append(f"quyền của nhóm {group.name!r}")
    return groups


def _workflow(component: ComponentSite, groups: dict[str, Group], changes: list[str]) -> None:
    """A copy of "Duyệt tin bài" whose steps are this site's groups, on this site's home."""
    template = Workflow.objects.filter(name=CITY_WORKFLOW).first()
    workflow, created = Workflow.objects.get_or_create(
        name=f"{CITY_WORKFLOW} – {component.name}", defaults={"active": True}
    )
    if created:
        changes.append(f"quy trình {workflow.name!r}")
    steps = template.workflow_tasks.select_related("task").order_by("sort_order") if template else []
    for step in steps:
        city_task = step.task.specific
        task = GroupApprovalTask.objects.filter(name=f"{city_task.name} – {component.name}").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=f"{city_task.name} – {component.name}", active=True)
            names = [group.name for group in getattr(city_task, "groups", Group.objects.none()).all()]
            task.groups.set([groups[name] for name in names if name in groups])
            changes.append(f"bước {task.name!r}")
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": step.sort_order}
        )
    _, made = WorkflowPage.objects.get_or_create(page=component.root_page, defaults={"workflow": workflow})
    if made:
        changes.append("gán quy trình cho trang chủ")


def _documents(component: ComponentSite, city: Site, changes: list[str]) -> None:
    """The site as an issuer of the city's documents database, and its ``van-ban/`` showing its own:
    a redirect of the site (Wagtail's redirects are per site) to the city's list filtered by issuer."""
    issuer, created = Issuer.objects.get_or_create(name=component.name)
    if created:
        changes.append(f"cơ quan ban hành {issuer.name!r}")
    index = DocumentIndexPage.objects.live().descendant_of(city.root_page).first()
    if index is None:
        return
    prefix = f"/{component.path_prefix}" if component.path_prefix else ""
    old_path = Redirect.normalise_path(f"{prefix}/van-ban/")
    target = f"{index.get_full_url()}?co_quan={issuer.slug}"
    _, made = Redirect.objects.get_or_create(
        site=component.site, old_path=old_path, defaults={"redirect_link": target, "is_permanent": False}
    )
    if made:
        changes.append(f"{prefix}/van-ban/ → văn bản của {issuer.name} ở cơ sở dữ liệu văn bản của thành phố")
