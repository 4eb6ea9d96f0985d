from django.apps import AppConfig


class BannersConfig(AppConfig):
    name = "cong.banners"
    label = "banners"
    verbose_name = "Banner"
