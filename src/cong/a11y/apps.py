from django.apps import AppConfig


class A11yConfig(AppConfig):
    name = "cong.a11y"
    label = "a11y"
    verbose_name = "Tiếp cận (WCAG 2.1 AA)"
