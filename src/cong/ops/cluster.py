"""A whole cluster on this one machine, for bench/cluster.py and the cluster tests (docs/scaling.md).

Two or three app hosts (``./cong serve`` processes on 127.0.0.2, 127.0.0.3, ... each with its own data
dir for host-local state, sharing one media directory), the shipped nginx as their load balancer
(passive health checks: ``max_fails``/``fail_timeout``, ``proxy_next_upstream``; nginx OSS has no
active checks), a PostgreSQL primary and one streaming replica made with ``pg_basebackup`` (own
clusters on their own ports, the machine's PostgreSQL is not touched) and Redis (one database number
of a running server). :meth:`Cluster.stop` ends everything it started, also after a failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cong.pagecache.nginx import Nginx

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path(os.environ.get("CONG_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOST_ADDRESSES = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
# nginx's shipped per-address limit on the visitor beacons (5/s): the load of a benchmark comes from one
# address, so the test balancer lifts it; everything else is the shipped file.
_STATS_LIMIT = "zone=cong_stats:10m rate=5r/s;"


def _as_postgres(command: list[str]) -> list[str]:
    """Run PostgreSQL's server tools as the ``postgres`` user when we are root (they refuse root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_http(url: str, timeout: float = 90, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``url`` answers with anything below 500."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Postgres:
    """One PostgreSQL server of our own (a primary, or a streaming replica of ``primary``)."""

    directory: Path
    port: int
    primary: Postgres | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/cong"

    def start(self) -> Postgres:
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        if not (self.directory / "PG_VERSION").exists():
            self.directory.mkdir(mode=0o700)
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            if self.primary is None:
                subprocess.run(
                    _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.directory), "--auth=trust",
                                  "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8"]),
                    check=True, capture_output=True,
                )  # fmt: skip
            else:
                subprocess.run(
                    _as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port),
                                  "-U", "postgres", "-D", str(self.directory), "-R", "-X", "stream", "-c", "fast"]),
                    check=True, capture_output=True,
                )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB"
        )
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-o", options, "-l",
                          str(self.directory / "server.log"), "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.directory / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.directory), "-m", mode, "-w", "stop"]),
                capture_output=True,
            )  # fmt: skip

    def sql(self, query: str, database: str = "postgres") -> str:
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-XAtqc", query],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return result.stdout.strip()


@dataclass
class AppHost:
    number: int
    address: str
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def upstream(self) -> str:
        return f"{self.address}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    """The topology of docs/scaling.md on loopback addresses; use as a context manager."""

    hosts: int = 3
    base_port: int = 8150
    pg_ports: tuple[int, int] = (5441, 5442)
    redis_url: str = "redis://127.0.0.1:6379/9"
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cong-cluster-")))
    max_lag: float = 1.0
    extra_env: dict[str, str] = field(default_factory=dict)
    log: Callable[[str], None] = lambda message: None
    seed_only: bool = False  # only the reference article (the test), not the whole demo (the bench)
    # A migrated database to copy instead of migrating from scratch (the test suite's own test database).
    template_url: str | None = None
    app_hosts: list[AppHost] = field(default_factory=list)
    nginx: Nginx | None = None
    primary: Postgres | None = None
    replica: Postgres | None = None

    def __post_init__(self) -> None:
        self.workdir.chmod(0o755)  # the postgres user must reach its data dirs inside
        self.prefix = f"cong-cluster-{secrets.token_hex(4)}"
        self.secret = secrets.token_urlsafe(40)
        self.media = self.workdir / "media"
        self.static = self.workdir / "static"
        self.app_hosts = [
            AppHost(n, HOST_ADDRESSES[n], self.base_port + 1 + n, self.workdir / f"host{n + 1}")
            for n in range(self.hosts)
        ]

    @property
    def balancer(self) -> str:
        return f"127.0.0.1:{self.base_port}"

    def env(self, host: AppHost | None = None) -> dict[str, str]:
        """The environment of one app host (``None``: the first one's, for management commands)."""
        host = host or self.app_hosts[0]
        assert self.primary is not None and self.replica is not None
        env = {
            **os.environ,
            "CONG_DATA_DIR": str(host.data_dir),
            "CONG_MEDIA_DIR": str(self.media),
            "CONG_SECRET_KEY": self.secret,
            "CONG_CACHE_PREFIX": self.prefix,
            "DATABASE_URL": self.primary.url,
            "DATABASE_REPLICA_URLS": self.replica.url,
            "CONG_REPLICA_MAX_LAG": str(self.max_lag),
            "REDIS_URL": self.redis_url,
            "CONG_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "CONG_FRONTEND_CACHE_URL": f"http://{self.balancer}",
            "CONG_SERVE_MEDIA": "0",
            "CONG_RATE_LIMIT": "0",  # one address sends all the load: measure, not limit
            "CONG_LOG_LEVEL": "ERROR",
            **self.extra_env,
        }
        for name in ("CONG_DEBUG", "DJANGO_SETTINGS_MODULE", "CONG_TESTING"):
            env.pop(name, None)
        return env

    def get(
        self, path: str, host: AppHost | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """GET ``path`` from one app host directly, or through the balancer; every request names the
        balancer's host, so the hosts share their page-cache entries like behind nginx."""
        address = host.upstream if host is not None else self.balancer
        request = urllib.request.Request(
            f"http://{address}{path}", headers={"Host": "127.0.0.1", **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, found, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, found, body = error.code, error.headers, error.read()
        return status, {name.lower(): value for name, value in found.items()}, body

    def manage(self, *args: str, host: AppHost | None = None) -> str:
        """A management command run with one app host's configuration; its standard output."""
        result = subprocess.run(
            [sys.executable, "-m", "cong.cli", *args], env=self.env(host), cwd=ROOT,
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"./cong {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def python(self, code: str, host: AppHost | None = None) -> str:
        """Python run inside Django with one host's configuration (``./cong shell -c``); its last line."""
        return self.manage("shell", "-c", code, host=host).strip().splitlines()[-1]

    def start(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        began = time.monotonic()
        self.primary = Postgres(self.workdir / "pg-primary", self.pg_ports[0]).start()
        self.primary.sql("CREATE DATABASE cong")
        if self.template_url:
            dump = subprocess.run(
                [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "-d", self.template_url],
                check=True, capture_output=True,
            )  # fmt: skip
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres", "-d", "cong",
                 "-XAtq", "-v", "ON_ERROR_STOP=1"],
                input=dump.stdout, check=True, capture_output=True,
            )  # fmt: skip
        self.replica = Postgres(self.workdir / "pg-replica", self.pg_ports[1], primary=self.primary).start()
        self.log(f"primary and replica up in {time.monotonic() - began:.0f} s")
        self.media.mkdir()
        first = self.app_hosts[0]
        # Migrations and the demo content, once, through the primary; static files once, shared.
        self.manage("demo", "--no-serve", *(["--seed-only"] if self.seed_only else []))
        self.log(f"demo content loaded after {time.monotonic() - began:.0f} s")
        shutil.move(first.data_dir / "static", self.static)
        for host in self.app_hosts:
            host.data_dir.mkdir(exist_ok=True)
            (host.data_dir / "static").symlink_to(self.static)
            self.start_host(host)
        for host in self.app_hosts:
            assert host.process is not None
            wait_http(f"http://{host.upstream}/healthz", process=host.process)
        self.start_balancer()
        self.log(f"app hosts and balancer up after {time.monotonic() - began:.0f} s")

    def start_host(self, host: AppHost) -> None:
        log = (self.workdir / f"host{host.number + 1}.log").open("ab")
        host.process = subprocess.Popen(
            [sys.executable, "-m", "cong.cli", "serve", "--host", host.address, "--port", str(host.port),
             "--workers", "1", "--threads", "4", "--no-collectstatic"],
            env=self.env(host), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def start_balancer(self, hosts: list[AppHost] | None = None) -> Nginx:
        """(Re)start nginx in front of ``hosts`` (all by default), with a fresh microcache."""
        if self.nginx is not None:
            self.nginx.stop()
        upstreams = ";\n    server ".join(
            f"{host.upstream} max_fails=1 fail_timeout=10s" for host in (hosts or self.app_hosts)
        )
        self.nginx = _BalancerNginx(
            app=upstreams,
            listen=self.balancer,
            tls_listen=f"127.0.0.1:{self.base_port + 9}",
            static_root=self.static,
            media_root=self.media,
            workdir=Path(tempfile.mkdtemp(prefix="nginx-", dir=self.workdir)),
        ).start()
        return self.nginx

    def kill_host(self, host: AppHost, sig: signal.Signals = signal.SIGKILL) -> None:
        """Kill a host's server and its workers at once (SIGKILL: no clean-up of any kind)."""
        if host.running:
            assert host.process is not None
            os.killpg(host.process.pid, sig)
            host.process.wait()

    def stop(self) -> None:
        """Stop everything that was started, in any state."""
        if self.nginx is not None:
            self.nginx.stop()
        for host in self.app_hosts:
            if host.running:
                assert host.process is not None
                os.killpg(host.process.pid, signal.SIGTERM)
                try:
                    host.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill_host(host)
        for server in (self.replica, self.primary):
            if server is not None:
                server.stop("immediate")
        try:
            import redis

            client = redis.Redis.from_url(self.redis_url)
            keys = list(client.scan_iter(f"*{self.prefix}*", count=1000))
            if keys:
                client.delete(*keys)
        except Exception:  # Redis not reachable: nothing of ours is left there either
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _BalancerNginx(Nginx):
    """The shipped nginx config with several upstream servers and the beacons' per-address limit lifted."""

    def main_config(self) -> str:
        text = super().main_config()
        if text.count(_STATS_LIMIT) != 1:
            raise ValueError(f"deploy/nginx.conf changed: expected exactly one {_STATS_LIMIT!r}")
        return text.replace(_STATS_LIMIT, "zone=cong_stats:10m rate=100000r/s;")


# --- Scenario steps shared by bench/cluster.py and src/cong/ops/tests/test_cluster.py ---------------

WRK_STATS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  ok = 0; failed = 0
  wrk.method = "POST"; wrk.body = "%(path)s"
  wrk.headers["Content-Type"] = "text/plain"; wrk.headers["User-Agent"] = "Mozilla/5.0 (cluster bench)"
end
function response(status, headers, body)
  if status == 204 then ok = ok + 1 else failed = failed + 1 end
end
function done(summary, latency, requests)
  local o, f = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); f = f + t:get("failed") end
  io.write(string.format("COUNTED %%d FAILED %%d\\n", o, f))
end
"""


@dataclass
class WrkResult:
    requests: int
    rps: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    accepted: int = 0  # stats beacons answered 204 (the Lua script's count)
    refused: int = 0  # stats beacons answered anything else

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def _to_ms(value: str) -> float:
    import re

    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> WrkResult:
    """The numbers of one ``wrk --latency`` run."""
    import re

    def number(pattern: str) -> int:
        match = re.search(pattern, output)
        return int(match.group(1)) if match else 0

    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    counted = re.search(r"COUNTED (\d+) FAILED (\d+)", output)
    return WrkResult(
        requests=number(r"(\d+) requests in"),
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p99_ms=_to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        non_2xx=number(r"Non-2xx or 3xx responses: (\d+)"),
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        accepted=int(counted.group(1)) if counted else 0,
        refused=int(counted.group(2)) if counted else 0,
    )


def wrk(
    url: str, seconds: float, connections: int = 8, headers: tuple[str, ...] = (), script: Path | None = None
) -> subprocess.Popen[str]:
    """Start wrk (2 threads) against ``url``; read its output with :func:`finish_wrk`."""
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    command += [part for header in headers for part in ("-H", header)]
    if script is not None:
        command += ["-s", str(script)]
    return subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_wrk(process: subprocess.Popen[str]) -> WrkResult:
    output, _ = process.communicate(timeout=120)
    if process.returncode:
        raise RuntimeError(f"wrk failed:\n{output}")
    return parse_wrk(output)


def article_path(cluster: Cluster) -> str:
    """The path of the demo's seed article (Wagtail names the host too when there are several sites)."""
    url = cluster.python(
        "from cong.news.models import ArticlePage;"
        "print(ArticlePage.objects.get(legacy_url__startswith='demo:seed/').url)"
    )
    return urllib.parse.urlsplit(url).path


def publish_title(cluster: Cluster, host: AppHost, title: str) -> None:
    """Publish a new title of the seed article with ``host``'s configuration (its data dir, its
    process-local state), as an editor's publish on that host would."""
    cluster.python(
        "from cong.news.models import ArticlePage;"
        "a = ArticlePage.objects.get(legacy_url__startswith='demo:seed/');"
        f"a.title = {title!r}; a.save_revision().publish();"
        # A server process lives on; this shell would exit before the balancer's refresh is sent.
        "import threading; [t.join(20) for t in threading.enumerate() if t.name == 'pagecache-refresh'];"
        "print('ok')",
        host=host,
    )


def stats_pageviews(cluster: Cluster) -> int:
    """All page views counted in Redis (every day kept), whichever host counted them."""
    return int(
        cluster.python(
            "from cong.stats.backends import get_backend; b = get_backend();"
            "print(sum(int(v) for k in b.redis.scan_iter(b.key('pv', '*')) for v in b.redis.hvals(k)))"
        )
    )


@dataclass
class KillOutcome:
    pages: WrkResult
    beacons: WrkResult
    counted: int
    killed: str
    batch_seconds: float

    @property
    def lost(self) -> int:
        """Beacons answered 204 but not counted (at most what the killed host had buffered)."""
        return self.beacons.accepted - self.counted

    def buffer_bound(self, hosts: int) -> int:
        """Documented bound: the killed host's share of the beacons of its last two BATCH_SECONDS — the
        batch being written when it died (taken from the buffer, not committed) and the one filling behind it."""
        return int(self.beacons.rps / hosts * 2 * self.batch_seconds) + 1


def kill_during_load(cluster: Cluster, seconds: float = 6.0, kill_after: float = 2.0) -> KillOutcome:
    """Pages and visitor beacons through the balancer; the last host is SIGKILLed during the run."""
    path = article_path(cluster)
    script = cluster.workdir / "beacons.lua"
    script.write_text(WRK_STATS_SCRIPT % {"path": path}, encoding="utf-8")
    before = stats_pageviews(cluster)
    base = f"http://{cluster.balancer}"
    # The session cookie (not a real one) keeps nginx's microcache out of the way: the app hosts answer.
    pages = wrk(base + path, seconds, 6, headers=("Cookie: sessionid=x",))
    beacons = wrk(base + "/stats/hit", seconds, 4, script=script)
    time.sleep(kill_after)
    victim = cluster.app_hosts[-1]
    cluster.kill_host(victim)
    page_result, beacon_result = finish_wrk(pages), finish_wrk(beacons)
    batch = float(cluster.python("from cong.stats.backends import BATCH_SECONDS; print(BATCH_SECONDS)"))
    return KillOutcome(page_result, beacon_result, stats_pageviews(cluster) - before, victim.upstream, batch)
