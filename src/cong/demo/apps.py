from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cong.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
