"""./cong serve [--host H] [--port P] [--workers N]: the production server (gunicorn)."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy máy chủ web production (gunicorn, nhiều tiến trình) cho cổng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("CONG_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CONG_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=settings.SERVER_WORKERS)
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        host = options["host"]
        bind = f"[{host}]:{options['port']}" if ":" in host else f"{host}:{options['port']}"
        self.stdout.write(
            f"Cổng đang chạy tại http://{bind}/ ({options['workers']} tiến trình). Ctrl+C để dừng."
        )
        sys.stdout.flush()
        os.execv(
            gunicorn,
            [
                gunicorn,
                "cong.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--worker-tmp-dir",
                "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
                "--graceful-timeout",
                "10",
                "--log-level",
                "warning",
            ],
        )
