"""A real portal server for the browser tests: demo content, production settings, ``./cong serve``.

The server runs in its own processes, exactly as ``./cong demo`` would run it (DEBUG off, WhiteNoise with
hashed static files, the production server with several workers), on a throw-away data directory. With ``DATABASE_URL``
set it uses a database of its own next to the test database (``<name>_browser``), created and dropped
here; with ``REDIS_URL`` set it shares that Redis db under a key prefix of its own.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import dj_database_url
from playwright.sync_api import Browser, sync_playwright

ADMIN_USERNAME = "bientap"
# The environment of the pytest process that must not leak into the server's.
_PRIVATE_ENV = ("CONG_TESTING", "DJANGO_SETTINGS_MODULE", "CONG_DATA_DIR", "CONG_CACHE_PREFIX", "CONG_DEBUG")


# Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright, closed on exit."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """CONG_BROWSER_PORT if set, else a port the kernel says is free on 127.0.0.1."""
    if os.environ.get("CONG_BROWSER_PORT"):
        return int(os.environ["CONG_BROWSER_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ExistingServer:
    """A portal someone already runs (``CONG_BROWSER_URL``, e.g. ``./cong demo``): a shortcut while
    working on templates. Admin tests then need ``CONG_BROWSER_ADMIN=username:password:totp-key-hex``."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        admin = os.environ.get("CONG_BROWSER_ADMIN", "::").split(":")
        self.admin_username, self.admin_password, self.admin_totp_key = [*admin, "", "", ""][:3]


class PortalServer:
    """Prepare a data dir and database with the demo content, then serve it with ``cong serve``."""

    admin_username = ADMIN_USERNAME

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="cong-browser-"))
        self.admin_password = secrets.token_urlsafe(12)
        # The editor's authenticator key (hex): the admin asks for a TOTP code after the password.
        self.admin_totp_key = secrets.token_hex(20)
        self.cache_prefix = f"cong-browser-{os.getpid()}"
        self.env = {k: v for k, v in os.environ.items() if k not in _PRIVATE_ENV}
        self.env.update(
            CONG_DATA_DIR=str(self.data_dir),
            CONG_SECRET_KEY=secrets.token_urlsafe(40),
            CONG_CACHE_PREFIX=self.cache_prefix,
            CONG_WORKERS=str(workers),
            PYTHONUNBUFFERED="1",
        )
        self._pg_admin_url = ""
        self._db_name = ""
        if self.env.get("DATABASE_URL"):
            config = dj_database_url.parse(self.env["DATABASE_URL"])
            self._db_name = f"{config['NAME']}_browser"
            self.env["DATABASE_URL"] = self._with_db(self.env["DATABASE_URL"], self._db_name)
            self._pg_admin_url = self._with_db(self.env["DATABASE_URL"], "postgres")
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @staticmethod
    def _with_db(url: str, name: str) -> str:
        return url.rsplit("/", 1)[0] + "/" + name

    def _pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            self._pg_admin_url.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute(sql)

    def manage(self, *args: str, timeout: float = 600) -> str:
        """Run ``cong <args>`` against the server's data and database; return its output."""
        result = subprocess.run(
            [sys.executable, "-m", "cong.cli", *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"cong {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> None:
        """Fresh database with the demo content (``./cong demo --no-serve``) and an editor account."""
        if self._db_name:
            self._pg(f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)')
            self._pg(f'CREATE DATABASE "{self._db_name}"')
        self.manage("demo", "--no-serve")
        self.env["DJANGO_SUPERUSER_PASSWORD"] = self.admin_password
        self.manage("createsuperuser", "--noinput", "--username", ADMIN_USERNAME, "--email", "bbt@example.vn")
        self.manage(
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            "from django_otp.plugins.otp_totp.models import TOTPDevice; "
            f"TOTPDevice.objects.create(user=get_user_model().objects.get(username={ADMIN_USERNAME!r}), "
            f"name='browser', key={self.admin_totp_key!r}, confirmed=True)",
        )

    def start(self, timeout: float = 60) -> None:
        self._log = (self.data_dir / "server.log").open("wb")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "cong.cli", "serve", "--port", str(self.port), "--no-collectstatic"],
            env=self.env,
            cwd=self.data_dir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the portal server exited early:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the portal server did not answer within {timeout}s:\n{self.log_text()}")

    def log_text(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (its whole process group), drop the database, forget the cache keys and files."""
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
        if self._db_name:
            self._pg(f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)')
        if self.env.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(self.env["REDIS_URL"])
            keys = list(client.scan_iter(f"{self.cache_prefix}:*"))
            if keys:
                client.delete(*keys)
        shutil.rmtree(self.data_dir, ignore_errors=True)


@contextmanager
def running_portal() -> Iterator[PortalServer]:
    """A demo portal built and served for the duration of the block, removed afterwards."""
    server = PortalServer()
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()
