from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """What the head of the editorial board reports upward: output, author fees, Decree 42 self-check."""

    name = "cong.reports"
    label = "reports"
    verbose_name = "Báo cáo"
