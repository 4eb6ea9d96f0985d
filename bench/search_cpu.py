"""CPU and queries of a *first* /tim-kiem/ search on the demo (issue 17, item 1).

    .venv/bin/python bench/search_cpu.py [--repeat 30] [--profile 15]

Builds a throw-away demo portal (``cong demo --no-serve`` in a temporary directory: SQLite and the file
cache, or PostgreSQL when DATABASE_URL is set — then in the database ``cong_search_cpu_bench``, or
``CONG_BENCH_CPU_DB``), then,
in one process with the page cache off, asks every query of ``bench/search_bench.py``'s mix (and the
demo's "hải phòng") through the whole request path (middleware, view, template) with Django's test
client. Before each measured request the fragment cache is cleared and one *other* search is made, so
what is per generation (the site, its settings, the header and menu fragments, the categories) is
warm, as on a running portal, and everything that depends on the query is computed again: a first
search. "cold" also counts the request made right after the clear (a new generation: nothing warm).

Prints per query: server CPU ms min / p50 / max (``time.process_time``), wall ms p50 and the query count.
``--profile N`` also prints the top N lines of a cProfile of every first search (cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import QUERIES  # noqa: E402

MIX = {"demo": "hải phòng", "demo unaccented": "hai phong", **QUERIES}
# CONG_BENCH_CPU_DB names the database (two engineers measuring at once each use their own).
PG_DB = os.environ.get("CONG_BENCH_CPU_DB", "cong_search_cpu_bench")
HOST = "127.0.0.1"
SKIPPED = ("SAVEPOINT", "RELEASE", "SET ", "BEGIN", "COMMIT")  # not counted as queries
# The cumulative profile lists these (the middleware's wrappers would fill its top lines).
PROFILED = (
    r"cong/(search|documents|participation|news)|modelsearch|template/response|query\.py.*fetch_all|execute\b"
)


def measure(repeat: int, profile_lines: int, only: str, show_sql: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    fragments = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    profiler = cProfile.Profile() if profile_lines else None

    last_sql: list[str] = []

    def get(query: str, profiled: bool = False) -> tuple[float, float, int, int]:
        connection.queries_log.clear()  # it keeps 9,000 statements: the capture must start below that
        with CaptureQueriesContext(connection) as captured:
            t0, c0 = time.perf_counter(), time.process_time()
            if profiler and profiled:
                profiler.enable()
            response = client.get("/tim-kiem/", {"q": query})
            if profiler and profiled:
                profiler.disable()
            t1, c1 = time.perf_counter(), time.process_time()
        statements = [q["sql"].lstrip() for q in captured.captured_queries]
        # PostgreSQL's search sets planner options in a transaction or savepoint: count reads and writes.
        last_sql[:] = [sql for sql in statements if not sql.upper().startswith(SKIPPED)]
        queries = len(last_sql)
        return (c1 - c0) * 1000, (t1 - t0) * 1000, queries, response.status_code

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"{connection.vendor}; {repeat} first searches per query (after 2 warm-up runs)")  # fmt: skip
    print(
        f"{'query':18} {'q':26} {'CPU min':>8} {'CPU p50':>8} {'CPU max':>8} {'wall p50':>8} {'queries':>7} {'cold CPU':>8} {'cold q':>6}"
    )
    all_cpu: list[float] = []
    for label, query in MIX.items() if not only else [(only, only)]:
        cpu, wall, cold_cpu, counts, cold_counts = [], [], [], set(), set()
        for i in range(repeat + 2):
            fragments.clear()
            c, _w, n, status = get(f"{query} chưa-có-{i}")  # another search: warms what is per generation
            cold_cpu.append(c)
            cold_counts.add(n)
            c, w, n, status = get(query, profiled=i >= 2)
            assert status == 200, f"{query!r}: {status}"
            if i >= 2:
                cpu.append(c)
                wall.append(w)
                counts.add(n)
        all_cpu += cpu
        print(f"{label:18} {query!r:26} {min(cpu):8.2f} {statistics.median(cpu):8.2f} {max(cpu):8.2f} "
              f"{statistics.median(wall):8.2f} {'/'.join(map(str, sorted(counts))):>7} "
              f"{statistics.median(cold_cpu):8.2f} {'/'.join(map(str, sorted(cold_counts))):>6}")  # fmt: skip
        if show_sql:
            print("\n".join(f"    {sql[:160]}" for sql in last_sql))
    print(f"{'ALL':18} {'':26} {min(all_cpu):8.2f} {statistics.median(all_cpu):8.2f} {max(all_cpu):8.2f}   "
          f"load average now {os.getloadavg()[0]:.2f}")  # fmt: skip
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(PROFILED, profile_lines)
        stats.sort_stats("tottime").print_stats(profile_lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30, help="measured first searches per query")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the profile's top N lines")
    parser.add_argument("--query", default="", help="this query alone instead of the mix")
    parser.add_argument("--sql", action="store_true", help="print each query's statements (its last run)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build the demo in DIR once and reuse it (SQLite only)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.repeat <= 1000 or not 0 <= args.profile <= 200:
        parser.error("--repeat must be 1..1000 and --profile 0..200")
    if args.child:
        measure(args.repeat, args.profile, args.query, args.sql)
        return
    with tempfile.TemporaryDirectory(prefix="cong-search-cpu-") as workdir:
        data = args.keep or Path(workdir) / "data"
        env = {
            **os.environ,
            "CONG_DATA_DIR": str(data),
            "CONG_SECRET_KEY": "bench-only" if args.keep else secrets.token_urlsafe(40),
            "CONG_CACHE_PREFIX": f"cong-search-cpu-{os.getpid()}",
            "CONG_LOG_LEVEL": "ERROR",
            "CONG_RATE_LIMIT": "0",
            "CONG_PAGE_CACHE": "0",  # the view itself: no page-cache hit
        }
        env.pop("CONG_DEBUG", None)
        env["DJANGO_SETTINGS_MODULE"] = "cong.settings"
        if args.keep:
            env.pop("DATABASE_URL", None)
        postgres = bool(env.get("DATABASE_URL"))
        if postgres:
            env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{PG_DB}"
            reset_pg(f"DROP DATABASE IF EXISTS {PG_DB}", f"CREATE DATABASE {PG_DB}")
        try:
            if not (args.keep and (data / "cong.sqlite3").exists()):
                print("building the demo ...", flush=True)
                subprocess.run(
                    [sys.executable, "-m", "cong.cli", "demo", "--no-serve"],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            command = [sys.executable, __file__, "--child", "--repeat", str(args.repeat)]
            command += ["--profile", str(args.profile), "--query", args.query] + (
                ["--sql"] if args.sql else []
            )
            subprocess.run(command, env=env, cwd=ROOT, check=True)
        finally:
            if postgres:
                reset_pg(f"DROP DATABASE IF EXISTS {PG_DB}")


def reset_pg(*statements: str) -> None:
    for sql in statements:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


if __name__ == "__main__":
    main()
