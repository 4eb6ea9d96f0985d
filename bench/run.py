"""One benchmark run: Cổng against nginx serving a static file, on this machine, with wrk over loopback.

    .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--threads 2] [--port-base 8144]

It builds a throw-away portal with the demo content (SQLite and the file cache, or PostgreSQL/Redis when
DATABASE_URL/REDIS_URL are set), starts ``./cong serve`` twice (page cache on, and off for the uncached
rows) and Debian's nginx with the shipped deploy/nginx.conf, then measures, in one run:

  1. nginx serving a static copy of the article's HTML (the baseline)
  2. the article as a page-cache hit from the app alone (and again asking for gzip: the stored variant)
  3. the article behind the shipped nginx config
  4. the article uncached (page cache off; per-revision and per-generation fragments warm)
  5. the home page uncached
  6. a search query, uncached

and prints req/s, p50, p99 and the ratio to row 1, then the latency of one client at a time per page type.
Ports: app 8501-8502, nginx 8580-8581 (or --port-base N: N..N+3). Everything is stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
APP_CACHED, APP_UNCACHED, NGINX_STATIC, NGINX_PROXY = 8501, 8502, 8580, 8581
SEARCH = "/tim-kiem/?q=h%E1%BA%A3i+ph%C3%B2ng"  # "hải phòng"
TARGETS = {"hit": 0.20, "nginx": 0.70}
GZIP = ("Accept-Encoding: gzip",)


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str
    cpu_ms: float  # CPU time of the serving processes (app or nginx) per request


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            if get(url, timeout=2)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout}s")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU time of every process in a process group (from /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the command: state, ppid, pgrp, ..., utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wrk(
    name: str,
    url: str,
    args: argparse.Namespace,
    pgids: list[int],
    connections: int | None = None,
    headers: tuple[str, ...] = (),
) -> Result:
    connections = connections or args.connections
    threads = min(args.threads, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{args.duration}s", "--latency"]
    command += [part for header in headers for part in ("-H", header)] + [url]
    cpu_before = sum(group_cpu_seconds(pgid) for pgid in pgids)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = sum(group_cpu_seconds(pgid) for pgid in pgids) - cpu_before
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    problems = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return Result(name, rps, p50, p99, "; ".join(problems), 1000 * cpu / max(requests, 1))


def start_app(port: int, env: dict[str, str], workdir: Path, page_cache: bool) -> subprocess.Popen[bytes]:
    env = {**env, "CONG_PAGE_CACHE": "1" if page_cache else "0"}
    logfile = (workdir / f"app-{port}.log").open("wb")
    command = [PYTHON, "-m", "cong.cli", "serve", "--port", str(port), "--no-collectstatic"]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def article_path(env: dict[str, str]) -> str:
    code = (
        "from cong.news.models import ArticlePage;"
        "print(ArticlePage.objects.get(legacy_url__startswith='demo:seed/').get_url_parts()[2])"
    )
    out = subprocess.run(
        [PYTHON, "-m", "cong.cli", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--port-base",
        type=int,
        help="use PORT..PORT+3 (apps, static nginx, proxy nginx) instead of 8501/8502/8580/8581",
    )
    args = parser.parse_args()
    if args.port_base:  # several people benchmarking on one machine
        global APP_CACHED, APP_UNCACHED, NGINX_STATIC, NGINX_PROXY
        APP_CACHED, APP_UNCACHED, NGINX_STATIC, NGINX_PROXY = (args.port_base + n for n in range(4))
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing (Debian package {tool}; .ci/run installs it)")

    sys.path.insert(0, str(ROOT / "src"))
    from cong.pagecache.nginx import Nginx

    workdir = Path(tempfile.mkdtemp(prefix="cong-bench-"))
    env = {
        **os.environ,
        "CONG_DATA_DIR": str(workdir / "data"),
        "CONG_SECRET_KEY": secrets.token_urlsafe(40),
        "CONG_CACHE_PREFIX": f"cong-bench-{os.getpid()}",
        "CONG_LOG_LEVEL": "ERROR",
        # wrk sends thousands of searches a second from one address: measure speed, not the limits.
        "CONG_RATE_LIMIT": "0",
    }
    env.pop("CONG_DEBUG", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + f"/cong_bench_{os.getpid()}"
    processes: list[subprocess.Popen[bytes]] = []
    nginx = None
    try:
        log(f"[1/4] demo content in {workdir} ...")
        subprocess.run(
            [PYTHON, "-m", "cong.cli", "demo", "--no-serve"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        article = article_path(env)
        log(f"[2/4] servers: app :{APP_CACHED} (page cache), app :{APP_UNCACHED} (no page cache), nginx ...")
        processes.append(start_app(APP_CACHED, env, workdir, page_cache=True))
        processes.append(start_app(APP_UNCACHED, env, workdir, page_cache=False))
        wait_ready(f"http://127.0.0.1:{APP_CACHED}/", processes[0])
        wait_ready(f"http://127.0.0.1:{APP_UNCACHED}/", processes[1])
        status, html = get(f"http://127.0.0.1:{APP_UNCACHED}{article}")
        if status != 200:
            raise SystemExit(f"article {article} answered {status}")
        copy = workdir / "copy"
        copy.mkdir()
        (copy / "article.html").write_bytes(html)
        data = Path(env["CONG_DATA_DIR"])
        static_server = f"server {{ listen 127.0.0.1:{NGINX_STATIC}; root {copy}; default_type text/html; }}"
        nginx = Nginx(
            app=f"127.0.0.1:{APP_CACHED}",
            listen=f"127.0.0.1:{NGINX_PROXY}",
            static_root=data / "static",
            media_root=data / "media",
            extra=static_server,
        ).start()
        search_status = get(f"http://127.0.0.1:{APP_UNCACHED}{SEARCH}")[0]
        assert nginx.process is not None
        web, cached, uncached = nginx.process.pid, processes[0].pid, processes[1].pid
        rows = [
            ("nginx, static copy of the article", f"http://127.0.0.1:{NGINX_STATIC}/article.html", [web]),
            ("article, page-cache hit, app alone", f"http://127.0.0.1:{APP_CACHED}{article}", [cached]),
            ("article, page-cache hit, gzip", f"http://127.0.0.1:{APP_CACHED}{article}#gzip", [cached]),
            ("article behind the shipped nginx", f"http://127.0.0.1:{NGINX_PROXY}{article}", [web, cached]),
            ("article uncached", f"http://127.0.0.1:{APP_UNCACHED}{article}", [uncached]),
            ("home page uncached", f"http://127.0.0.1:{APP_UNCACHED}/", [uncached]),
        ]
        if search_status == 200:
            name = f"search {urllib.request.unquote(SEARCH)} uncached"
            rows.append((name, f"http://127.0.0.1:{APP_UNCACHED}{SEARCH}", [uncached]))
        for _name, url, _pgids in rows:  # warm: renditions, fragments, the page cache, nginx's copy
            for _ in range(3):
                get(url.removesuffix("#gzip"))
        log(f"[3/4] wrk -t{args.threads} -c{args.connections} -d{args.duration}s per row ...")
        # "#gzip" rows ask for the compressed variant the page cache stores beside each entry.
        results = [
            wrk(name, url.removesuffix("#gzip"), args, pgids, headers=GZIP if url.endswith("#gzip") else ())
            for name, url, pgids in rows
        ]
        log("[4/4] one client at a time (render time per page type) ...")
        single = [
            wrk(name, f"http://127.0.0.1:{APP_UNCACHED}{path}", args, [uncached], connections=1)
            for name, path in [
                ("article", article),
                ("home page", "/"),
                ("category", "/" + article.strip("/").split("/")[0] + "/"),
                ("search", SEARCH),
            ]
            if name != "search" or search_status == 200
        ]
        report(results, single, args, search_status)
    finally:
        if nginx:
            nginx.stop()
        for process in processes:
            stop(process)
        if env.get("DATABASE_URL"):
            subprocess.run(
                [
                    "psql",
                    env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
                    "-qc",
                    f"DROP DATABASE IF EXISTS cong_bench_{os.getpid()}",
                ],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(workdir, ignore_errors=True)


def report(results: list[Result], single: list[Result], args: argparse.Namespace, search_status: int) -> None:
    base = results[0].rps
    load = os.getloadavg()
    print(
        f"\nCổng benchmark: wrk -t{args.threads} -c{args.connections} -d{args.duration}s, loopback, "
        f"{os.cpu_count()} CPUs, load average before/after {load[0]:.1f}"
    )
    print(f"{'':38} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'vs nginx':>9} {'server CPU ms/req':>18}")
    for result in results:
        line = (
            f"{result.name:38} {result.rps:>10,.0f} {result.p50_ms:>8.2f} {result.p99_ms:>8.2f} "
            f"{result.rps / base:>9.1%} {result.cpu_ms:>18.3f}"
        )
        print(line + (f"  !! {result.errors}" if result.errors else ""))
    if search_status != 200:
        print(f"{'search':38} not measured: {SEARCH} answered {search_status}")
    hit, behind, uncached = results[1], results[3], results[4]
    print(
        "\nTargets: hit >= 20% of nginx: {}; behind nginx >= 70%: {}; uncached article >= 600 req/s "
        "with p99 < 50 ms: {}".format(
            "met" if hit.rps >= TARGETS["hit"] * base else "NOT met",
            "met" if behind.rps >= TARGETS["nginx"] * base else "NOT met",
            "met" if uncached.rps >= 600 and uncached.p99_ms < 50 else "NOT met",
        )
    )
    search = next((r for r in results if r.name.startswith("search")), None)
    if search:
        print(
            f"Search uncached >= 660 req/s (10x the 66 of issue 17): {'met' if search.rps >= 660 else 'NOT met'}"
        )
    print("\nOne client at a time (page cache off):")
    for result in single:
        print(
            f"  {result.name:12} p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  "
            f"({result.rps:,.0f} req/s, server CPU {result.cpu_ms:.2f} ms/req)"
        )
    print(
        json.dumps({r.name: {"rps": round(r.rps), "p50_ms": r.p50_ms, "p99_ms": r.p99_ms} for r in results}),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
