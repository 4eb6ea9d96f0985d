from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "cong.syndication"
    label = "syndication"
    verbose_name = "Tin RSS và siêu dữ liệu"
