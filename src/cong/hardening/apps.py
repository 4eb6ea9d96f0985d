from django.apps import AppConfig


class HardeningConfig(AppConfig):
    name = "cong.hardening"
    label = "hardening"
    verbose_name = "Cổng: giới hạn truy cập và tiêu đề bảo mật"
