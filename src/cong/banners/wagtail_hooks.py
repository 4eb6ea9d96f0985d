from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Banner


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = "Banner"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "placement", "sort_order", "start_at", "end_at", "active"]
    list_filter = ["placement", "active"]


register_snippet(BannerViewSet)
