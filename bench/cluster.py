"""Cổng past one machine, on this machine (issue #20, docs/scaling.md): one bounded run that starts a
PostgreSQL primary + streaming replica (ports 5441/5442), three app hosts (127.0.0.2-4:8151-8153, their
own data dirs, one shared media dir), nginx as their balancer (127.0.0.1:8150) and uses Redis db 9, then
prints:

1. req/s and p99 through the balancer with one, two and three hosts, for the seed article as an app
   page-cache hit and uncached (a query parameter the page does not declare: rendered every time,
   warm fragments). This box has 2 CPUs for everything (wrk, nginx, hosts, PostgreSQL, Redis): more
   hosts cannot be faster here; the numbers show the overhead of the topology, not a speed-up.
2. the page cache's generation check: a Redis read per request (exact on every host) against the
   shared-memory counter of a single host (exact on one host only), in microseconds;
3. a publish on host A and the next request on host B;
4. the replica lag the router sees (in step, replay paused, replica stopped);
5. errors while one host is SIGKILLed under load, and visitor-counter totals against beacons sent.

Usage: .venv/bin/python bench/cluster.py [--seconds 4]   (about 4 minutes; stops everything at the end)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cong.ops.cluster import (  # noqa: E402
    Cluster,
    article_path,
    finish_wrk,
    kill_during_load,
    publish_title,
    wrk,
)

GENERATION_COST = """
import time
from cong.pagecache import store
n = 3000
start = time.perf_counter()
for _ in range(n): store.current_generation()
redis = (time.perf_counter() - start) / n * 1e6
store.MIRROR.read()
start = time.perf_counter()
for _ in range(n): store.MIRROR.read()
mirror = (time.perf_counter() - start) / n * 1e6
print(f"{redis:.1f} {mirror:.2f}")
"""

LAG = "from cong.core import replicas; print(replicas.lag_report())"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def say(message: str) -> None:
    print(message, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=4, help="seconds per wrk row (default 4)")
    args = parser.parse_args()
    started = time.monotonic()
    log("[1/6] PostgreSQL primary + replica, demo content, 3 app hosts, nginx ...")
    with Cluster(hosts=3, log=lambda message: log(f"      {message}")) as cluster:
        log(f"      ready in {time.monotonic() - started:.0f} s ({cluster.workdir})")
        path = article_path(cluster)
        base = f"http://{cluster.balancer}"
        say("\nCổng cluster on one 2-CPU machine: nginx -> app hosts (granian, 1 worker x 4 threads each),")
        say("PostgreSQL primary + streaming replica, one Redis. The CPUs are shared by everything, so more")
        say("hosts cannot be faster here: the rows show overhead and correctness, not a speed-up.")
        say(f"wrk -t2 -c8 -d{args.seconds:g}s through the balancer; cached = app page-cache hit (nginx's")
        say(
            "microcache bypassed with a sessionid cookie), uncached = ?r=1 (rendered every time, warm fragments)\n"
        )
        say(
            f"{'hosts':>5} | {'cached req/s':>12} | {'p99 ms':>7} | {'uncached req/s':>14} | {'p99 ms':>7} | errors"
        )
        log("[2/6] req/s and p99 with 1, 2, 3 hosts ...")
        for count in (1, 2, 3):
            cluster.start_balancer(cluster.app_hosts[:count])
            for host in cluster.app_hosts[:count]:
                cluster.get(path, host)
                cluster.get(path + "?r=1", host)
            cached = finish_wrk(wrk(base + path, args.seconds, 8, headers=("Cookie: sessionid=x",)))
            uncached = finish_wrk(wrk(base + path + "?r=1", args.seconds, 8))
            say(f"{count:>5} | {cached.rps:>12.0f} | {cached.p99_ms:>7.1f} | {uncached.rps:>14.0f} | "
                f"{uncached.p99_ms:>7.1f} | {cached.errors + uncached.errors}")  # fmt: skip
        cost_redis, cost_mirror = cluster.python(GENERATION_COST).split()
        say(f"\ngeneration check per request: Redis GET {cost_redis} µs (exact on every host) vs. "
            f"shared-memory counter {cost_mirror} µs (one host only)")  # fmt: skip

        log("[3/6] publish on host A, read on host B ...")
        a, b = cluster.app_hosts[0], cluster.app_hosts[1]
        before = cluster.get(path, b)
        title = "Tiêu đề mới sau khi xuất bản trên máy A"
        publish_title(cluster, a, title)
        begin = time.perf_counter()
        status, headers, body = cluster.get(path, b)
        say(f"publish on {a.upstream} -> next request on {b.upstream}: {status}, new title shown: "
            f"{title.encode() in body} (before: {before[1].get('x-page-cache')}, after: "
            f"{headers.get('x-page-cache')}, {(time.perf_counter() - begin) * 1000:.0f} ms)")  # fmt: skip

        log("[4/6] replica lag as the router sees it ...")
        assert cluster.replica is not None
        say(f"replica lag seen by the router, in step: {cluster.python(LAG)}")
        cluster.replica.sql("SELECT pg_wal_replay_pause()")
        title = "Tiêu đề khi bản sao tạm dừng"
        publish_title(cluster, a, title)
        time.sleep(cluster.max_lag + 1)
        lag = cluster.python(LAG)
        page = cluster.get(path + "?r=2", b)
        say(f"replay paused, publish, {cluster.max_lag + 1:g} s later: {lag} (CONG_REPLICA_MAX_LAG="
            f"{cluster.max_lag:g}): page {page[0]}, new title shown: {title.encode() in page[2]}")  # fmt: skip
        cluster.replica.sql("SELECT pg_wal_replay_resume()")
        cluster.replica.stop("immediate")
        stopped = [cluster.get(path + f"?r={n}", host)[0] for n, host in enumerate(cluster.app_hosts, 3)]
        say(f"replica stopped: {cluster.python(LAG)}; uncached pages on each host: {stopped}")

        log("[5/6] SIGKILL one host under load ...")
        cluster.start_balancer()
        seconds = max(6.0, args.seconds + 2)
        outcome = kill_during_load(cluster, seconds=seconds)
        pages, beacons = outcome.pages, outcome.beacons
        say(f"SIGKILL of {outcome.killed} 2 s into a {seconds:g} s wrk run (pages -c6, beacons -c4): pages "
            f"{pages.requests} answered, {pages.errors} errors; beacons {beacons.accepted} answered 204, "
            f"{beacons.refused + beacons.socket_errors} failed (in flight on the killed host)")  # fmt: skip
        say(f"visitor counter: {outcome.counted} counted of {beacons.accepted} accepted, lost {outcome.lost} "
            f"(bound: the killed host's last {outcome.batch_seconds:g} s of beacons, here "
            f"<= {outcome.buffer_bound(len(cluster.app_hosts))})")  # fmt: skip
        log("[6/6] stopping everything ...")
    say(f"total time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
