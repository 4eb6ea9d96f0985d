from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cong.accounts"
    label = "accounts"
    verbose_name = "Bảo mật tài khoản"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (signal receivers)
