"""Admin screens: linked portals (Quản trị) and the procedures list (Biên tập viên and above).

The main menu and the EMC code are site settings (Cài đặt → Trình đơn chính / Mã theo dõi EMC).
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LinkedPortal, ProcedureLink


class LinkedPortalViewSet(SnippetViewSet):
    model = LinkedPortal
    icon = "link-external"
    menu_label = "Liên kết cổng"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "url", "site", "sort_order", "active"]
    list_filter = ["site", "active"]


class ProcedureLinkViewSet(SnippetViewSet):
    model = ProcedureLink
    icon = "tasks"
    menu_label = "Thủ tục hành chính"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "field", "url", "site", "active"]
    list_filter = ["site", "field", "active"]
    search_fields = ["name", "field"]
    search_backend_name = None  # plain database search: a short list


register_snippet(LinkedPortalViewSet)
register_snippet(ProcedureLinkViewSet)
