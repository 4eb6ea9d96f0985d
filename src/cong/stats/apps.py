from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "cong.stats"
    label = "stats"
    verbose_name = "Thống kê truy cập"
