"""``./cong scheduler``: one process that runs the scheduled jobs (cong.ops.jobs) every minute.

Run one per host, or several: a job runs once per period whatever the number of schedulers (the
JobRun row is the lock). Stops cleanly on SIGTERM/SIGINT after the jobs in progress end.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection
from django.utils import timezone

from cong.ops import jobs


class Command(BaseCommand):
    help = "Chạy các công việc định kỳ: xuất bản hẹn giờ, ghi số liệu truy cập, sao lưu, bảo trì chỉ mục tìm kiếm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="chạy các việc đến hạn một lần rồi thoát")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="giây giữa hai lần xét (mặc định 60)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = jobs.Scheduler()
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        names = ", ".join(sorted(jobs.registered()))
        self.stdout.write(f"Bộ lập lịch {scheduler.host}: {names}")
        while not stop.is_set():
            try:
                connection.close_if_unusable_or_obsolete()
                jobs.beat()
                ran = scheduler.run_due(wait=options["once"])
                for name in ran:
                    self.stdout.write(f"{timezone.localtime():%d/%m/%Y %H:%M:%S} chạy {name}")
            except DatabaseError as exc:  # database away: say so, try again next minute
                self.stderr.write(f"Lỗi CSDL, thử lại sau: {exc}")
                connection.close()
            if options["once"]:
                break
            # Wake at the start of the next interval (clock-aligned, like cron).
            interval = options["interval"]
            stop.wait(interval - time.time() % interval + 0.5)
        for thread in threading.enumerate():
            if thread.name.startswith("job-"):
                thread.join()
