from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cong.editorial"
    label = "editorial"
    verbose_name = "Ban biên tập"
