from django.apps import AppConfig, apps


class NewsConfig(AppConfig):
    name = "cong.news"
    label = "news"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        if apps.is_installed("cong.pagecache"):
            # Author pages and article bylines show the author's name and unit.
            from cong.pagecache.invalidation import register_model

            from .models import Author

            register_model(Author)
