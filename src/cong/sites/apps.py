from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "cong.sites"
    label = "sites"  # django.contrib.sites is not installed
    verbose_name = "Cổng thành phần"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cong.pagecache.invalidation import register_page_tags

        from .sharing import city_tags_for_page

        register_page_tags(city_tags_for_page)
