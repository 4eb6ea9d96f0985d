"""Remove a user's second-factor devices (lost phone and recovery codes) from the command line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cong.accounts import twofactor
from cong.accounts.audit import REMOVE, log


class Command(BaseCommand):
    help = "Gỡ xác thực hai bước của một tài khoản; lần đăng nhập tới sẽ đăng ký lại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username}.")
        removed = twofactor.remove_devices(user)
        log(user, REMOVE, data={"devices": removed, "by": "command"})
        self.stdout.write(f"Đã gỡ {removed} thiết bị xác thực của {username}.")
