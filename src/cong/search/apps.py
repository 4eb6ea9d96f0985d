from typing import Any

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cong.search"
    label = "search"
    verbose_name = "Tìm kiếm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import post_page_move

        post_page_move.connect(_page_moved, dispatch_uid="cong-search-page-moved")


def _page_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from cong.search.index import sync_moved_pages

    sync_moved_pages(instance)
