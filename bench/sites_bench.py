"""Fifty component sites on one installation: creation time, queries per request, uncached req/s.

    .venv/bin/python bench/sites_bench.py [--sites 50] [--duration 3] [--connections 8]

Builds a throw-away portal (SQLite and the file cache, or PostgreSQL/Redis when DATABASE_URL/REDIS_URL
are set: its own database), then in one Django process: creates site 1 with an article and counts the
queries of an uncached article request and times the admin's main screens, creates sites 2..N (timed, through the code of ``./cong new_site``)
with an article on the last one, and counts the queries of site 1's and site N's article and times the
admin screens again. Then it
starts ``./cong serve`` with the page cache off on 127.0.0.1:8201 and runs wrk on the article of site 1
and of site N (each on its own Host header). Everything is stopped and removed at the end.
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8201  # the sites engineer's range, 8200-8209

SETUP = r"""
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from cong.news.models import ArticlePage
from cong.sites.provision import create_site

N = {sites}

def article(component, n):
    parent = component.root_page.get_children().get(slug="tin-tuc-su-kien")
    page = parent.add_child(instance=ArticlePage(title=f"Tin thử của phường {{n}}", lede="Sapo",
                                                 published_at=timezone.now(), live=False))
    page.save_revision().publish()
    return page

def queries(host, path):
    # (cold render: no fragments or routes kept, warm render: fragments and routes kept)
    client = Client()
    counts = []
    for fragments in (False, True):
        with override_settings(PAGECACHE_ENABLED=False, PAGECACHE_FRAGMENTS=fragments):
            client.get(path, HTTP_HOST=host)
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path, HTTP_HOST=host).status_code
        assert status == 200, (host, path, status)
        counts.append(len(captured.captured_queries))
    return counts

def host(n):
    return f"phuong-{{n}}.localhost:{port}"

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_PATHS = ["/admin/", "/admin/pages/", "/admin/sites/", "/admin/groups/", "/admin/users/",
               "/admin/snippets/banners/banner/", "/admin/reports/site-history/",
               "/admin/reports/thong-ke-tin-bai/", "/admin/snippets/sites/articleshare/"]
admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.vn", "mat-khau-bench-dai-1")
device = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)
staff = Client()
staff.force_login(admin)
session = staff.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # signed in with the second factor
session.save()

def admin_pages():
    # {{path: [milliseconds (best of 3), queries]}} for the admin's main screens, signed in as Quản trị
    result = {{}}
    for path in ADMIN_PATHS:
        staff.get(path, HTTP_HOST="127.0.0.1")
        best = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                status = staff.get(path, HTTP_HOST="127.0.0.1").status_code
                elapsed = time.perf_counter() - started
            assert status == 200, (path, status)
            best = elapsed if best is None else min(best, elapsed)
        result[path] = [round(best * 1000, 1), len(captured.captured_queries)]
    return result

first = create_site("Phường 1", host=host(1)).component
path1 = article(first, 1).url_path.removeprefix(first.root_page.url_path.rstrip("/"))
alone = queries(host(1), path1)
admin_alone = admin_pages()
times = []
for n in range(2, N + 1):
    started = time.perf_counter()
    last = create_site(f"Phường {{n}}", host=host(n)).component
    times.append(time.perf_counter() - started)
pathN = article(last, N).url_path.removeprefix(last.root_page.url_path.rstrip("/"))
print("RESULT " + json.dumps({{
    "queries_alone": alone, "queries_1": queries(host(1), path1), "queries_N": queries(host(N), pathN),
    "admin_alone": admin_alone, "admin_N": admin_pages(),
    "create_mean": sum(times) / len(times), "create_max": max(times), "path1": path1, "pathN": pathN,
}}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "-m", "cong.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def wrk(url: str, host: str, args: argparse.Namespace) -> tuple[float, str]:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "-H", f"Host: {host}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    problems = "; ".join(re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", output))
    return rps, problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run (default 3)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt-get install wrk)")
    workdir = Path(tempfile.mkdtemp(prefix="cong-sites-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "CONG_DATA_DIR": str(workdir / "data"),
        "CONG_SECRET_KEY": secrets.token_urlsafe(40),
        "CONG_CACHE_PREFIX": f"cong-sites-bench-{os.getpid()}",
        "CONG_LOG_LEVEL": "ERROR",
        "CONG_RATE_LIMIT": "0",
        "CONG_BASE_URL": f"http://127.0.0.1:{PORT}",
        "CONG_WORKERS": "1",
    }
    env.pop("CONG_DEBUG", None)
    database = None
    if env.get("DATABASE_URL"):
        database = f"cong_sites_bench_{os.getpid()}"
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    server = None
    try:
        log("[1/3] migrate, static files ...")
        run(env, "migrate", "--no-input", "-v0")
        run(env, "sync_site")
        run(env, "collectstatic", "--no-input", "-v0")
        log(f"[2/3] {args.sites} sites ...")
        started = time.perf_counter()
        output = run(env, "shell", "-c", SETUP.format(sites=args.sites, port=PORT))
        total = time.perf_counter() - started
        result = json.loads(output.split("RESULT ", 1)[1])
        log(f"[3/3] ./cong serve (page cache off) on :{PORT}, wrk {args.duration} s per row ...")
        server_env = {**env, "CONG_PAGE_CACHE": "0"}
        server = subprocess.Popen(
            [PYTHON, "-m", "cong.cli", "serve", "--port", str(PORT), "--no-collectstatic"],
            env=server_env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "serve.log").open("wb"),
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(300):
            try:
                request = urllib.request.Request(
                    base + result["path1"], headers={"Host": f"phuong-1.localhost:{PORT}"}
                )
                with urllib.request.urlopen(request, timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        rows = []
        targets = ((1, result["path1"]), (args.sites, result["pathN"]))
        for n, path in targets:
            wrk(base + path, f"phuong-{n}.localhost:{PORT}", args)  # warm up (fragments, routes)
        for n, path in [*targets, *targets]:  # alternated: the machine's load drifts
            rps, problems = wrk(base + path, f"phuong-{n}.localhost:{PORT}", args)
            rows.append((n, rps, problems))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if database:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", database], check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    backend = "PostgreSQL" if database else "SQLite"
    print(f"{args.sites} sites on {backend}, setup {total:.1f} s in all")
    print(
        f"creating a site (./cong new_site's code): mean {result['create_mean'] * 1000:.0f} ms, "
        f"max {result['create_max'] * 1000:.0f} ms"
    )
    for label, i in (("cold render (no fragments kept)", 0), ("warm render (fragments, routes kept)", 1)):
        print(
            f"queries per uncached article request, {label}: {result['queries_alone'][i]} with one site, "
            f"{result['queries_1'][i]} on site 1 and {result['queries_N'][i]} on site {args.sites} "
            f"with {args.sites} sites"
        )
    print(f"admin screens, signed in as Quản trị (best of 3, ms / queries): one site -> {args.sites} sites")
    for path, (ms, count) in result["admin_alone"].items():
        ms_n, count_n = result["admin_N"][path]
        print(f"  {path:<36} {ms:7.1f} ms / {count:3d} q -> {ms_n:7.1f} ms / {count_n:3d} q")
    for n, rps, problems in rows:
        print(f"uncached article, site {n}: {rps:.0f} req/s{' (' + problems + ')' if problems else ''}")


if __name__ == "__main__":
    main()
