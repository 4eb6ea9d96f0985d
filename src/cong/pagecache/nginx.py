"""Run the shipped deploy/nginx.conf with a real nginx, as a process of our own (bench and slow tests).

Only the lines marked ADJUST in the shipped file are replaced; a change to any of them fails loudly here
rather than letting the tests run a different configuration than the one we ship.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[3] / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A TCP port the kernel says is free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed_certificate(directory: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A throw-away certificate and key made with Debian's openssl (for tests and the benchmark)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def render_config(
    *,
    app: str,
    listen: str,
    static_root: Path,
    media_root: Path,
    cache_dir: Path,
    tls_listen: str,
    certificate: tuple[Path, Path],
    logs: Path,
    admin_allow_dir: Path | None = None,
) -> str:
    """The shipped server config with its ADJUST lines pointed at this machine's paths and ports (the
    admin allow-list is looked for in ``admin_allow_dir``, by default ``logs``; no file there: no list)."""
    text = SHIPPED.read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000;": f"server {app};",
        "proxy_cache_path /var/cache/nginx/cong ": f"proxy_cache_path {cache_dir} ",
        "listen 80;": f"listen {listen};",
        "listen 443 ssl http2;": f"listen {tls_listen} ssl http2;",
        "ssl_certificate /etc/ssl/cong/fullchain.pem;": f"ssl_certificate {certificate[0]};",
        "ssl_certificate_key /etc/ssl/cong/privkey.pem;": f"ssl_certificate_key {certificate[1]};",
        "access_log /var/log/nginx/cong-access.log ": f"access_log {logs}/access.log ",
        "error_log /var/log/nginx/cong-error.log ": f"error_log {logs}/cong-error.log ",
        "alias /var/lib/cong/static/;": f"alias {static_root}/;",
        "alias /var/lib/cong/media/;": f"alias {media_root}/;",
        "include /etc/nginx/cong-admin-allow[.]conf;": f"include {admin_allow_dir or logs}/cong-admin-allow[.]conf;",
    }
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise ValueError(f"deploy/nginx.conf changed: expected exactly one {old!r}")
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    """nginx with the shipped config in front of ``app`` on ``listen`` (HTTP) and ``tls_listen`` (HTTPS,
    a self-signed certificate; a free port when not given); ``extra`` adds server blocks;
    ``admin_allow`` is the text of the admin allow-list (deploy/nginx-admin-allow.conf), none when empty."""

    app: str
    listen: str
    static_root: Path
    media_root: Path
    extra: str = ""
    admin_allow: str = ""
    tls_listen: str = ""
    workers: int = 2
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cong-nginx-")))
    process: subprocess.Popen[bytes] | None = None

    def main_config(self) -> str:
        self.tls_listen = self.tls_listen or f"127.0.0.1:{free_port()}"
        if self.admin_allow:
            (self.workdir / "cong-admin-allow.conf").write_text(self.admin_allow, encoding="utf-8")
        site = render_config(
            app=self.app,
            listen=self.listen,
            static_root=self.static_root,
            media_root=self.media_root,
            cache_dir=self.workdir / "cache",
            tls_listen=self.tls_listen,
            certificate=self_signed_certificate(self.workdir),
            logs=self.workdir,
        )
        temp = self.workdir / "temp"
        user = "user root root;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}worker_processes {self.workers};\npid {self.workdir}/nginx.pid;\n"
            f"error_log {self.workdir}/error.log warn;\ndaemon off;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_requests 100000;\n"
            f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
            f"{site}\n{self.extra}\n}}\n"
        )

    def start(self, timeout: float = 10.0) -> Nginx:
        (self.workdir / "temp").mkdir(parents=True, exist_ok=True)
        config = self.workdir / "nginx.conf"
        config.write_text(self.main_config(), encoding="utf-8")
        check = subprocess.run(
            [NGINX, "-t", "-q", "-c", str(config), "-e", str(self.workdir / "error.log")],
            capture_output=True,
            text=True,
        )
        if check.returncode:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.process = subprocess.Popen(
            [NGINX, "-c", str(config), "-e", str(self.workdir / "error.log")], start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"http://{self.listen}/static/", timeout=1)
                return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.1)
        errors = (self.workdir / "error.log").read_text() if (self.workdir / "error.log").exists() else ""
        self.stop()
        raise RuntimeError(f"nginx did not start:\n{errors}")

    def access_log(self) -> str:
        path = self.workdir / "access.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
