"""Admin: shares to the city portal (proposed by a component board, decided by the city's board)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import ArticleShareForm
from .models import ArticleShare
from .scoping import sites_of


class ArticleShareViewSet(SnippetViewSet):
    model = ArticleShare
    icon = "upload"
    menu_label = "Chia sẻ lên cổng thành phố"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["article", "status", "proposed_by", "proposed_at", "decided_at"]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [FieldPanel("article"), FieldPanel("note"), FieldPanel("status")], base_form_class=ArticleShareForm
    )

    def get_queryset(self, request: Any) -> QuerySet[ArticleShare]:
        """The city's board sees every share; a component board only its own site's."""
        queryset = ArticleShare.objects.select_related("article", "proposed_by")
        user = request.user
        if user.is_superuser or user.has_perm("sites.change_articleshare"):
            return queryset
        roots = Q(pk__in=[])
        for component in sites_of(user):
            roots |= Q(article__path__startswith=component.root_page.path)
        return queryset.filter(roots)


register_snippet(ArticleShareViewSet)
