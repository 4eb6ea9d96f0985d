"""./cong serve [--host H] [--port P] [--workers N] [--threads T]: the production server (granian).

Granian (a Rust HTTP server) runs ``cong.ops.wsgi`` (request metrics around ``cong.pagecache.wsgi``):
page-cache hits are answered before Django builds a request. It keeps connections alive and, on this
project's benchmark (bench/run.py, 2 cores,
wrk with 16 keep-alive connections), answers a cache hit about 4 times faster than gunicorn's sync
or gthread workers; docs/deploy.md has the figures. One worker process per CPU, each with a few
threads for requests that wait on the database.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from cong.core.address import address_mismatch


class Command(BaseCommand):
    help = "Chạy máy chủ web production (granian, nhiều tiến trình) cho cổng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("CONG_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CONG_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=settings.SERVER_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERVER_THREADS)
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        warning = address_mismatch()
        if warning:
            self.stderr.write(warning)
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from cong.ops.metrics import reset_directory

            reset_directory(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))  # one server's samples only
        granian = shutil.which("granian", path=os.path.dirname(sys.executable)) or "granian"
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"Cổng đang chạy tại http://{shown}:{port}/ ({options['workers']} tiến trình × "
            f"{options['threads']} luồng). Ctrl+C để dừng."
        )
        sys.stdout.flush()
        os.execv(
            granian,
            [
                granian,
                "--interface",
                "wsgi",
                "--host",
                host,
                "--port",
                str(port),
                "--workers",
                str(options["workers"]),
                "--blocking-threads",
                str(options["threads"]),
                "--no-ws",
                "--respawn-failed-workers",
                "--workers-kill-timeout",
                "10",
                "--log-level",
                "warning",
                "cong.ops.wsgi:application",
            ],
        )
