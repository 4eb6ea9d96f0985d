"""Which roles a non-superuser may grant, and whose accounts it may manage."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from cong.editorial.roles import SITE_ROLE_SEPARATOR

# The writing and editing roles: a Quản trị (or anyone with user permissions who is not a superuser) may
# grant these and only these. Trưởng Ban biên tập and Quản trị, Wagtail's own "Editors"/"Moderators" and
# any group made later are granted by a superuser.
GRANTABLE_ROLES = ("Phóng viên", "Cộng tác viên", "Biên tập viên")


def _grantable() -> Q:
    """These roles, city-wide or on one component site ("Biên tập viên – Sở Y tế", cong.sites)."""
    query = Q(name__in=GRANTABLE_ROLES)
    for role in GRANTABLE_ROLES:
        query |= Q(name__startswith=role + SITE_ROLE_SEPARATOR)
    return query


def assignable_groups(actor: Any) -> QuerySet[Group]:
    if actor.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(_grantable())


def can_manage_user(actor: Any, target: Any) -> bool:
    """A non-superuser manages only accounts that hold no more than the roles it may grant (or its own)."""
    if actor.is_superuser or actor.pk == target.pk:
        return True
    if target.is_superuser:
        return False
    return not target.groups.exclude(_grantable()).exists()
