"""Admin: banners. Quản trị manages every site's; a component site's board only its own site's."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from cong.sites.scoping import managed_site_ids

from .models import Banner

PERMISSION = "banners.change_banner"


def site_ids(user: Any) -> set[int] | None:
    """The Sites whose banners ``user`` may manage (``None``: all)."""
    return managed_site_ids(user, PERMISSION)


class BannerForm(WagtailAdminModelForm):
    """The site field offers only the sites the user manages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = site_ids(self.for_user) if self.for_user is not None else None
        if allowed is not None and "site" in self.fields:
            self.fields["site"].queryset = Site.objects.filter(pk__in=allowed)  # type: ignore[attr-defined]


def _managed_sites(request: HttpRequest | None) -> QuerySet[Site]:
    allowed = site_ids(request.user) if request is not None else set()
    sites = Site.objects.order_by("site_name", "hostname")
    return sites if allowed is None else sites.filter(pk__in=allowed)


class BannerFilterSet(WagtailFilterSet):
    """The list's filters; the site filter names only the sites the user manages."""

    site = django_filters.ModelChoiceFilter(queryset=_managed_sites, label="Website", empty_label="Tất cả")

    class Meta:
        model = Banner
        fields = ["site", "placement", "active"]


class _OwnSitesOnly:
    """A view of one banner: a banner of a site the user does not manage is not found (404)."""

    request: Any

    def get_object(self, *args: Any, **kwargs: Any) -> Banner:
        banner = super().get_object(*args, **kwargs)  # type: ignore[misc]
        allowed = site_ids(self.request.user)
        if allowed is not None and banner.site_id not in allowed:
            raise Http404
        return banner


def _scoped(view: type) -> type:
    return type(f"Banner{view.__name__}", (_OwnSitesOnly, view), {})


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = "Banner"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "site", "placement", "sort_order", "start_at", "end_at", "active"]
    filterset_class = BannerFilterSet
    edit_handler = ObjectList(Banner.panels, base_form_class=BannerForm)
    edit_view_class = _scoped(snippets.EditView)
    delete_view_class = _scoped(snippets.DeleteView)
    copy_view_class = _scoped(snippets.CopyView)
    usage_view_class = _scoped(snippets.UsageView)
    history_view_class = _scoped(snippets.HistoryView)
    inspect_view_class = _scoped(snippets.InspectView)

    def get_queryset(self, request: Any) -> QuerySet[Banner]:
        """Quản trị sees every site's banners; a component board only its own site's."""
        queryset = Banner.objects.select_related("site")
        allowed = site_ids(request.user)
        return queryset if allowed is None else queryset.filter(site_id__in=allowed)


register_snippet(BannerViewSet)
