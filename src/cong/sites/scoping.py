"""Which component sites a user works on (through the per-site groups ``new_site`` creates)."""

from __future__ import annotations

from typing import Any

from cong.editorial.roles import SITE_ROLES, site_role

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
