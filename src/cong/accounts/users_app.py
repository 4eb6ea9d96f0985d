"""Wagtail's users app, with Cổng's user views (cong.accounts.users) in place of Wagtail's own."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "cong.accounts.users.UserViewSet"
