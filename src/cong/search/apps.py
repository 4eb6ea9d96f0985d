from typing import Any

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cong.search"
    label = "search"
    verbose_name = "Tìm kiếm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import post_page_move

        from cong.core.signals import content_imported

        post_page_move.connect(_page_moved, dispatch_uid="cong-search-page-moved")
        content_imported.connect(_content_imported, dispatch_uid="cong-search-content-imported")


def _page_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from cong.search.index import sync_moved_pages

    sync_moved_pages(instance)


def _content_imported(sender: Any, count: int, **kwargs: Any) -> None:
    """An import indexed its objects one by one: give PostgreSQL's planner statistics now rather than
    when autovacuum comes by (without them a level can compute every row's lexemes)."""
    from cong.search.index import analyze

    analyze()
