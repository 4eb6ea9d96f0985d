"""Benchmark of the visitor counter (docs/stats.md): hits/s, latency and zero lost hits, per mode.

    .venv/bin/python bench/stats_hits.py [--server granian|gunicorn] [--connections 32] [--duration 3]
                                         [--rounds 3] [--modes sqlite,redis]

For each mode (SQLite: no REDIS_URL; Redis: REDIS_URL, SQLite for the daily aggregates) it creates a
throw-away data dir with a few public pages and starts the server on loopback (port 8201/8202): granian
exactly like ``./cong serve`` (default), or gunicorn sync workers (2 × CPU + 1). The machine is shared,
so it interleaves short rounds of two baselines on the same server (a static file through WhiteNoise,
and /robots.txt, a trivial Django view) with rounds of hits, and reports ratios. Hits are what
navigator.sendBeacon sends (POST /stats/hit, text/plain path) from 2,000 visitors (X-Real-IP, as
behind nginx; 20 browser User-Agents). Afterwards it flushes, reads the counted totals from the
database and compares them with the hits the server acknowledged (204). wrk abandons the requests in
flight when time is up and the server may still count those, so "in flight at stop" ≤ connections
per round is expected, while "lost" (acknowledged but not counted) must be 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORTS = {"sqlite": 8201, "redis": 8202}
REDIS_URL = "redis://127.0.0.1:6379/12"
DISTINCT_VISITORS = 2000

SETUP_PAGES = """
import json, sys
import django
django.setup()
from wagtail.models import Site
from cong.news.models import ArticlePage, CategoryPage
home = Site.objects.get(is_default_site=True).root_page.specific
category = home.add_child(instance=CategoryPage(title="Tin đo tải", slug="do-tai"))
paths = [home.url, category.url]
for n in range(20):
    article = category.add_child(instance=ArticlePage(title=f"Tin số {n}", slug=f"tin-{n}"))
    paths.append(article.url)
json.dump(paths, sys.stdout)
"""

LUA = r"""
local paths = {%(paths)s}
local distinct = %(distinct)d
local threads = {}
counter = 0
ok, other = 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = tonumber(id) * 7919
end

function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  local n = counter %% distinct
  local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0."
    .. (n %% 20) .. ".0 Safari/537.36"
  local ip = "10.0." .. math.floor(n / 250) .. "." .. (n %% 250)
  return wrk.format("POST", "/stats/hit", {["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = ua, ["X-Real-IP"] = ip, ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port}, path)
end

function response(status, headers, body)
  if status == 204 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local acked, bad = 0, 0
  for _, t in ipairs(threads) do
    acked = acked + t:get("ok")
    bad = bad + t:get("other")
  end
  io.write(string.format('RESULT {"requests": %%d, "acked": %%d, "other": %%d, "errors": %%d, ' ..
    '"seconds": %%.3f, "p50_ms": %%.3f, "p99_ms": %%.3f}\n', summary.requests, acked, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
"""

BASELINE_LUA = r"""
function done(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %d, "errors": %d, "seconds": %.3f, "p50_ms": %.3f, ' ..
    '"p99_ms": %.3f}\n', summary.requests, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.status + summary.errors.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def run(cmd: list[str], env: dict[str, str], **kwargs: Any) -> str:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, text=True, **kwargs).stdout


def wrk(url: str, script: Path, connections: int, duration: int, threads: int) -> dict[str, Any]:
    proc = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 30,
    )
    if proc.returncode:
        raise SystemExit(f"wrk failed: {proc.stderr or proc.stdout}")
    out = proc.stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def combine(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum of the rounds; the median round's p50 and the worst round's p99."""
    total: dict[str, Any] = {
        key: sum(r.get(key, 0) for r in results)
        for key in ("requests", "acked", "other", "errors", "seconds")
    }
    total["rps"] = total["requests"] / total["seconds"]
    total["p50_ms"] = sorted(r["p50_ms"] for r in results)[len(results) // 2]
    total["p99_ms"] = max(r["p99_ms"] for r in results)
    total["rounds_rps"] = [round(r["rps"]) for r in results]
    return total


def server_command(args: argparse.Namespace, port: int) -> list[str]:
    """The server as ``./cong serve`` runs it (granian, default) or gunicorn sync workers."""
    cpus = os.cpu_count() or 1
    if args.server == "gunicorn":
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
        workers = args.workers or cpus * 2 + 1
        return [gunicorn, "cong.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--worker-tmp-dir", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp", "--log-level", "warning"]  # fmt: skip
    granian = shutil.which("granian", path=str(Path(PYTHON).parent)) or "granian"
    return [granian, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers",
            str(args.workers or cpus), "--blocking-threads", "4", "--no-ws", "--log-level", "warning",
            "cong.pagecache.wsgi:application"]  # fmt: skip


def counted(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "cong.sqlite3") as db:
        visitors, pageviews = db.execute(
            "SELECT COALESCE(SUM(visitors), 0), COALESCE(SUM(pageviews), 0) FROM stats_dailystats"
        ).fetchone()
        per_page = db.execute("SELECT COALESCE(SUM(views), 0) FROM stats_dailypageviews").fetchone()[0]
    return {"visitors": visitors, "pageviews": pageviews, "per_page_sum": per_page}


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def bench_mode(mode: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    data_dir = work / mode
    env = {
        **os.environ,
        "CONG_DATA_DIR": str(data_dir),
        "CONG_SECRET_KEY": "bench-only-secret-key",
        "CONG_ALLOWED_HOSTS": "127.0.0.1",
        "CONG_CACHE_PREFIX": f"cong-bench-{os.getpid()}-{mode}",
        # As behind nginx: the client address comes in X-Real-IP (2,000 addresses, 20 browsers).
        "CONG_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "CONG_RATE_LIMIT": "0",  # the counter's throughput, not the request limits
        "DJANGO_SETTINGS_MODULE": "cong.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if mode == "redis":
        env["REDIS_URL"] = REDIS_URL
    run([PYTHON, "-m", "cong.cli", "migrate", "-v0"], env)
    run([PYTHON, "-m", "cong.cli", "collectstatic", "--noinput", "-v0"], env)
    paths = json.loads(run([PYTHON, "-c", SETUP_PAGES], env))
    port = PORTS[mode]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(server_command(args, port), env=env, cwd=ROOT, start_new_session=True)
    try:
        wait_for(f"{base}/robots.txt")
        hits_lua = work / f"{mode}-hits.lua"
        hits_lua.write_text(
            LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "distinct": DISTINCT_VISITORS}
        )
        baseline_lua = work / "baseline.lua"
        baseline_lua.write_text(BASELINE_LUA)
        c, d, t = args.connections, args.duration, args.threads
        wrk(base + "/stats/hit", hits_lua, c, 1, t)  # warm-up: every worker resolves the paths once
        wrk(base + "/robots.txt", baseline_lua, c, 1, t)
        if mode == "redis":
            run([PYTHON, "-m", "cong.cli", "flush_stats"], env)
        time.sleep(0.5)
        before = counted(data_dir)
        # The machine is shared: interleave short rounds so that a change of load hits all three alike.
        rounds: dict[str, list[dict[str, Any]]] = {"static": [], "trivial": [], "hits": []}
        for _ in range(args.rounds):
            rounds["static"].append(wrk(base + "/static/stats/js/stats.js", baseline_lua, c, d, t))
            rounds["trivial"].append(wrk(base + "/robots.txt", baseline_lua, c, d, t))
            rounds["hits"].append(wrk(base + "/stats/hit", hits_lua, c, d, t))
        static, trivial, hits = (combine(rounds[k]) for k in ("static", "trivial", "hits"))
        time.sleep(1)  # let the last in-flight requests (and SQL-mode batches) finish
        with urllib.request.urlopen(f"{base}/stats/summary.json?fresh={time.time()}", timeout=5) as response:
            summary = json.load(response)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if mode == "redis":
        run([PYTHON, "-m", "cong.cli", "flush_stats"], env)
        run([PYTHON, "-m", "cong.cli", "flush_stats"], env)  # idempotent: a second flush changes nothing
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{env['CONG_CACHE_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    after = counted(data_dir)
    pageviews = after["pageviews"] - before["pageviews"]
    invariants = summary["today"] <= summary["week"] <= summary["total"] and (
        summary["today"] <= summary["month"] <= summary["total"]
    )
    return {
        "mode": mode,
        "server": args.server,
        "static": static,
        "trivial": trivial,
        "hits": hits,
        "counted_pageviews": pageviews,
        "per_page_sum_equals_total": after["per_page_sum"] == after["pageviews"],
        "lost": max(0, hits["acked"] - pageviews),
        "unacknowledged_counted": pageviews - hits["acked"],
        "summary": summary,
        # Hits cycle through DISTINCT_VISITORS (address, User-Agent) pairs, so all of them appear.
        "distinct_visitors_ok": summary["today"] <= DISTINCT_VISITORS
        and (hits["acked"] < 4 * DISTINCT_VISITORS or summary["today"] == DISTINCT_VISITORS),
        "invariants_ok": invariants,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=3, help="seconds per round and measurement (max 20)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument(
        "--workers", type=int, default=0, help="default: as ./cong serve (granian) or 2 × CPU + 1"
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of baseline and hits")
    parser.add_argument("--modes", default="sqlite,redis")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 20))
    args.rounds = max(1, min(args.rounds, 10))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian package wrk)")
    results = []
    with tempfile.TemporaryDirectory(prefix="cong-bench-stats-") as tmp:
        for mode in args.modes.split(","):
            results.append(bench_mode(mode.strip(), args, Path(tmp)))
    print(
        f"\n{args.server}; wrk -t{args.threads} -c{args.connections}, {args.rounds} interleaved rounds of "
        f"{args.duration}s each; loopback, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    header = f"{'mode':7} {'what':22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  notes"
    print(header)
    print("-" * len(header))
    failed = False
    for r in results:
        h = r["hits"]
        for label, m in (("static file (baseline)", r["static"]), ("/robots.txt (baseline)", r["trivial"])):
            print(f"{r['mode']:7} {label:22} {m['rps']:8.0f} {m['p50_ms']:8.2f} {m['p99_ms']:8.2f}")
        ok = r["lost"] == 0 and h["other"] == 0 and h["errors"] == 0 and r["invariants_ok"]
        ok = ok and r["per_page_sum_equals_total"] and r["distinct_visitors_ok"]
        failed |= not ok
        print(
            f"{r['mode']:7} {'POST /stats/hit':22} {h['rps']:8.0f} {h['p50_ms']:8.2f} {h['p99_ms']:8.2f}  "
            f"{h['rps'] / r['static']['rps']:.2f}× static, {h['rps'] / r['trivial']['rps']:.2f}× robots "
            f"(rounds {h['rounds_rps']}); "
            f"acked {h['acked']}, counted {r['counted_pageviews']}, lost {r['lost']}, "
            f"in flight at stop {r['unacknowledged_counted']}, non-204 {h['other']}, errors {h['errors']}"
        )
        s = r["summary"]
        print(
            f"{'':7} {'summary':22} online {s['online']}, today {s['today']}, week {s['week']}, "
            f"month {s['month']}, total {s['total']}; invariants {'ok' if r['invariants_ok'] else 'BROKEN'}, "
            f"per-page sum = total {r['per_page_sum_equals_total']}"
        )
    if args.json:
        print(json.dumps(results, indent=2))
    if failed:
        raise SystemExit("FAILED: lost hits, errors or broken invariants")


if __name__ == "__main__":
    main()
