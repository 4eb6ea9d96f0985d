"""The measured evidence of issue 12's "Done when", on this machine, over loopback only.

    .venv/bin/python bench/security_evidence.py [--port 18412] [--flood 10000] [--workers 4]

It builds a throw-away portal with the demo content (SQLite and the file cache, or PostgreSQL/Redis when
DATABASE_URL/REDIS_URL are set, as bench/run.py does), starts ``./cong serve`` on ``--port`` and Debian's
nginx with the shipped deploy/nginx.conf in front of it (HTTP on port+1, TLS on port+2 with a self-signed
certificate), then:

  1. runs ``curl -sI`` on the home page, the seed article, a static file and a document, from the app
     alone and through nginx over TLS, prints the security headers and checks that CSP, nosniff,
     Referrer-Policy and Permissions-Policy are on all of them, and HSTS on all TLS answers;
  2. sends ``--flood`` requests with random query strings (``?r=…``, ``?utm_source=…``, ``?<junk>=1``, …)
     to the home page and the article, straight to the app (where the page cache lives), and prints the
     page cache's entry count before and after, the time taken, the statuses, and whether the article is
     still a cache hit afterwards.

Exit status 1 when a check fails. Everything (servers, files, the database) is removed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHECKED = ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy")
SHOWN = (*CHECKED, "strict-transport-security", "content-disposition", "x-page-cache", "x-cache-status")

ENTRY_COUNT = """
import pickle, zlib
from pathlib import Path
from django.conf import settings
from cong.pagecache import store
cache = store.backend()
if hasattr(cache, "keys"):
    print(len(cache.keys(store.ENTRY_PREFIX + "*")))
else:
    count = 0
    for path in Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache"):
        with path.open("rb") as file:
            pickle.load(file)
            try:
                count += isinstance(pickle.loads(zlib.decompress(file.read())), store.Entry)
            except Exception:
                pass
    print(count)
"""
# The demo's legal documents have no files: upload one small PDF, as an editor would (a Wagtail document).
PATHS = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from cong.news.models import ArticlePage
print(ArticlePage.objects.get(legacy_url__startswith="demo:seed/").get_url_parts()[2])
pdf = b"%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"
print(Document.objects.create(title="Văn bản thử", file=ContentFile(pdf, name="van-ban-thu.pdf")).url)
"""


def log(message: str) -> None:
    print(message, flush=True)


def shell(env: dict[str, str], code: str) -> list[str]:
    out = subprocess.run(
        [PYTHON, "-m", "cong.cli", "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"./cong shell failed:\n{out.stderr}")
    return out.stdout.strip().splitlines()


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} not ready after {timeout} s")


def curl_head(url: str, *extra: str) -> tuple[str, dict[str, str], str]:
    """``curl -sI`` (GET-less HEAD, as an operator would type it): status line, headers, the command."""
    command = ["curl", "-sI", "--max-time", "20", *extra, url]
    text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    lines = [line.rstrip("\r") for line in text.splitlines() if line.strip()]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    shown = " ".join(part if " " not in part else f"'{part}'" for part in command)
    return (lines[0] if lines else "(no answer)"), headers, shown


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def headers_check(app: str, plain: str, tls: str, paths: dict[str, str]) -> bool:
    ok = True
    for name, path in paths.items():
        for where, url, extra, need_hsts in (
            ("app alone", f"http://{app}{path}", (), False),
            ("nginx + TLS", f"https://localhost:{tls.rsplit(':', 1)[1]}{path}",
             ("-k", "--resolve", f"localhost:{tls.rsplit(':', 1)[1]}:127.0.0.1"), True),
        ):  # fmt: skip
            status, headers, command = curl_head(url, *extra)
            missing = [h for h in CHECKED if not headers.get(h)]
            if headers.get("x-content-type-options", "").lower() != "nosniff":
                missing.append("nosniff")
            if need_hsts and "includeSubDomains" not in headers.get("strict-transport-security", ""):
                missing.append("strict-transport-security")
            good = status.split()[1:2] == ["200"] and not missing
            ok &= good
            log(
                f"\n$ {command}\n  {status}   [{name}, {where}: {'OK' if good else 'MISSING ' + str(missing)}]"
            )
            for header in SHOWN:
                if header in headers:
                    value = headers[header]
                    log(f"  {header}: {value if len(value) <= 90 else value[:87] + '...'}")
    status, headers, command = curl_head(f"http://{plain}/", "--interface", "127.0.0.2")
    redirect = status.split()[1:2] == ["301"] and headers.get("location", "").startswith("https://")
    ok &= redirect
    log(f"\n$ {command}\n  {status}   location: {headers.get('location')}   [HTTP -> HTTPS: {redirect}]")
    return ok


def flood(app: str, paths: list[str], total: int, workers: int) -> tuple[Counter[str], float]:
    """``total`` GETs with a random query string, over keep-alive connections (one per worker)."""
    host, port = app.rsplit(":", 1)
    local = threading.local()
    shapes = ("r={j}", "utm_source={j}", "{j}=1", "{j}", "fbclid={j}&r={j}", "q=&x{j}=1")

    def one(n: int) -> str:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        junk = secrets.token_hex(6)
        url = f"{paths[n % len(paths)]}?{shapes[n % len(shapes)].format(j=junk)}"
        try:
            local.connection.request("GET", url)
            response = local.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            local.connection.close()
            del local.connection
            return f"error {type(error).__name__}"
        return f"{response.status} x-page-cache={response.getheader('X-Page-Cache', '-')}"

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = Counter(pool.map(one, range(total)))
    return outcomes, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=18412, help="app port; nginx uses the next two")
    parser.add_argument("--flood", type=int, default=10_000, help="random-query requests (default 10,000)")
    parser.add_argument("--workers", type=int, default=4, help="concurrent connections for the flood")
    args = parser.parse_args()
    for tool in ("curl", "nginx", "openssl"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing")
    sys.path.insert(0, str(ROOT / "src"))
    from cong.pagecache.nginx import Nginx

    workdir = Path(tempfile.mkdtemp(prefix="cong-evidence-"))
    env = {
        **os.environ,
        "CONG_DATA_DIR": str(workdir / "data"),
        "CONG_SECRET_KEY": secrets.token_urlsafe(40),
        "CONG_CACHE_PREFIX": f"cong-evidence-{os.getpid()}",
        "CONG_LOG_LEVEL": "ERROR",
    }
    for name in ("CONG_DEBUG", "DJANGO_SETTINGS_MODULE", "CONG_TESTING"):
        env.pop(name, None)
    if env.get("DATABASE_URL"):
        server = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{server}/cong_evidence_{os.getpid()}"
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE cong_evidence_{os.getpid()}"], check=True
        )
    app, plain, tls = (f"127.0.0.1:{args.port + n}" for n in range(3))
    process = None
    nginx = None
    ok = True
    try:
        log(f"# demo content in {workdir} (cache: {'Redis' if env.get('REDIS_URL') else 'file cache'}) ...")
        subprocess.run(
            [PYTHON, "-m", "cong.cli", "demo", "--no-serve"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        article, document = shell(env, PATHS)[-2:]
        logfile = (workdir / "app.log").open("wb")
        process = subprocess.Popen(
            [PYTHON, "-m", "cong.cli", "serve", "--port", str(args.port), "--no-collectstatic"],
            env=env, cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_ready(f"http://{app}/", process)
        home = urllib.request.urlopen(f"http://{app}/", timeout=20).read().decode()
        static = re.search(r'href="(/static/[^"]+\.css)"', home)
        if not static:
            raise SystemExit("no stylesheet link on the home page")
        data = workdir / "data"
        nginx = Nginx(
            app=app, listen=plain, tls_listen=tls, static_root=data / "static", media_root=data / "media"
        )
        nginx.start()
        paths = {"home page": "/", "article": article, "static file": static.group(1), "document": document}

        log("\n## 1. Security headers (curl -sI)")
        ok &= headers_check(app, plain, tls, paths)

        log(f"\n## 2. Flood of {args.flood:,} random-query requests, straight to the app (http://{app})")
        for _ in range(2):
            urllib.request.urlopen(f"http://{app}{article}", timeout=20).read()
            urllib.request.urlopen(f"http://{app}/", timeout=20).read()
        status, headers, command = curl_head(f"http://{app}{article}")
        log(f"$ {command}  ->  x-page-cache: {headers.get('x-page-cache')}")
        before = int(shell(env, ENTRY_COUNT)[-1])
        outcomes, seconds = flood(app, ["/", article], args.flood, args.workers)
        after = int(shell(env, ENTRY_COUNT)[-1])
        status, headers, command = curl_head(f"http://{app}{article}")
        hit = headers.get("x-page-cache") == "hit"
        errors = sum(count for outcome, count in outcomes.items() if not outcome.startswith("200 "))
        log(f"page-cache entries before: {before}")
        log(
            f"requests: {args.flood:,} in {seconds:.1f} s ({args.flood / seconds:,.0f} req/s, {args.workers} connections)"
        )
        for outcome, count in sorted(outcomes.items()):
            log(f"  {count:>6}  {outcome}")
        log(
            f"page-cache entries after:  {after}  ({'unchanged' if after == before else f'CHANGED by {after - before:+}'})"
        )
        log(f"$ {command}  ->  {status}, x-page-cache: {headers.get('x-page-cache')}")
        ok &= after == before and hit and errors == 0
        log(f"\nRESULT: {'all checks passed' if ok else 'SOME CHECKS FAILED'}")
    finally:
        if nginx:
            nginx.stop()
        if process:
            stop(process)
        if env.get("DATABASE_URL"):
            subprocess.run(
                ["psql", env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres", "-qc",
                 f"DROP DATABASE IF EXISTS cong_evidence_{os.getpid()}"],
                check=False, capture_output=True,
            )  # fmt: skip
        if env.get("REDIS_URL"):
            # Only this run's keys (its own prefix): clear() would empty the whole shared Redis database.
            code = (
                "from django.conf import settings; from django_redis import get_redis_connection;"
                "r = get_redis_connection();"
                "[r.delete(k) for k in r.scan_iter(settings.CACHE_KEY_PREFIX + ':*')]"
            )
            subprocess.run(
                [PYTHON, "-m", "cong.cli", "shell", "-c", code], env=env, cwd=ROOT, capture_output=True
            )
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
