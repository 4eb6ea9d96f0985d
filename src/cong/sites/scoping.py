"""Which component sites a user works on (through the per-site groups ``new_site`` creates)."""

from __future__ import annotations

from typing import Any

from cong.editorial.roles import SITE_ROLES, base_role, site_role

from .models import ComponentSite


def sites_of(user: Any) -> list[ComponentSite]:
    """The component sites whose board ``user`` belongs to (any per-site role)."""
    names = set(user.groups.values_list("name", flat=True))
    return [
        component
        for component in ComponentSite.objects.select_related("root_page")
        if any(site_role(role, component.name) in names for role in SITE_ROLES)
    ]


def origin_of(page_path: str, components: list[ComponentSite]) -> ComponentSite | None:
    """The component site whose tree holds the page at treebeard ``page_path``."""
    return next((c for c in components if page_path.startswith(c.root_page.path)), None)


def managed_site_ids(user: Any, permission: str) -> set[int] | None:
    """The Wagtail Sites whose rows of a per-site model (e.g. banners) ``user`` may manage.

    ``None``: every site (a superuser, or ``permission`` held through a group that is not a per-site
    board's, e.g. Quản trị). Otherwise the Sites of the host-mode component sites whose board the user
    belongs to (a path-prefix component is served by the city's Site, whose rows are the city's)."""
    if user.is_superuser:
        return None
    app_label, codename = permission.split(".")
    holders = user.groups.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).values_list("name", flat=True)
    if any(base_role(name) == name for name in holders):
        return None
    return {component.site_id for component in sites_of(user) if not component.path_prefix}
