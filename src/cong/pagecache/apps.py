from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "cong.pagecache"
    label = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self) -> None:
        from . import invalidation

        invalidation.connect_builtin_dependencies()
