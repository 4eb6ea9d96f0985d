from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "cong.news"
    label = "news"
    verbose_name = "Tin bài"
