from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "cong.i18n"
    label = "cong_i18n"
    verbose_name = "Ngôn ngữ"
