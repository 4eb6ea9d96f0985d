"""Admin: the authors (tác giả) named in bylines, as a snippet under their own menu item."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Tác giả"
    menu_name = "tac-gia"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "unit", "user"]
    search_backend_name = None  # plain ORM search on the name and unit
    search_fields = ["name", "unit"]
    ordering = ["name_key"]


register_snippet(AuthorViewSet)
