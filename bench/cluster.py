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
        rows = []
        log("[2/6] req/s and p99 with 1, 2, 3 hosts ...")
        for count in (1, 2, 3):
            cluster.start_balancer(cluster.app_hosts[:count])
            for host in cluster.app_hosts[:count]:
                cluster.get(path, host)
                cluster.get(path + "?r=1", host)
            cached = finish_wrk(wrk(base + path, args.seconds, 8, headers=("Cookie: sessionid=x",)))
            uncached = finish_wrk(wrk(base + path + "?r=1", args.seconds, 8))
            rows.append((count, cached, uncached))
        cost_redis, cost_mirror = cluster.python(GENERATION_COST).split()

        log("[3/6] publish on host A, read on host B ...")
        a, b = cluster.app_hosts[0], cluster.app_hosts[1]
        assert "Hải Phòng".encode() in cluster.get(path, b)[2]
        publish_title(cluster, a, "Tiêu đề mới sau khi xuất bản trên máy A")
        begin = time.perf_counter()
        status, headers, body = cluster.get(path, b)
        seen_on_b = "Tiêu đề mới sau khi xuất bản trên máy A".encode() in body
        publish_ms = (time.perf_counter() - begin) * 1000

        log("[4/6] replica lag as the router sees it ...")
        lag_in_step = cluster.python(LAG)
        assert cluster.replica is not None and cluster.primary is not None
        cluster.replica.sql("SELECT pg_wal_replay_pause()")
        publish_title(cluster, a, "Tiêu đề khi bản sao tạm dừng")
        time.sleep(cluster.max_lag + 1)
        lag_paused = cluster.python(LAG)
        paused_page = cluster.get(path + "?r=2", b)
        paused_ok = paused_page[0] == 200 and "Tiêu đề khi bản sao tạm dừng".encode() in paused_page[2]
        cluster.replica.sql("SELECT pg_wal_replay_resume()")
        cluster.replica.stop("immediate")
        lag_stopped = cluster.python(LAG)
        stopped = [cluster.get(path + f"?r={n}", host)[0] for n, host in enumerate(cluster.app_hosts, 3)]

        log("[5/6] SIGKILL one host under load ...")
        cluster.start_balancer()
        outcome = kill_during_load(cluster, seconds=max(6.0, args.seconds + 2))
        bound = outcome.buffer_bound(len(cluster.app_hosts))
        log("[6/6] stopping everything ...")

    print("\nCổng cluster on one 2-CPU machine: nginx -> app hosts (granian, 1 worker x 4 threads each),")
    print("PostgreSQL primary + streaming replica, one Redis. The CPUs are shared by everything, so more")
    print("hosts cannot be faster here: the rows show overhead and correctness, not a speed-up.\n")
    print(
        f"{'hosts':>5} | {'cached (page-cache hit) req/s':>30} | {'p99 ms':>7} | {'uncached req/s':>14} | {'p99 ms':>7}"
    )
    for count, cached, uncached in rows:
        print(f"{count:>5} | {cached.rps:>30.0f} | {cached.p99_ms:>7.1f} | {uncached.rps:>14.0f} | {uncached.p99_ms:>7.1f}")  # fmt: skip
        if cached.errors or uncached.errors:
            print(f"      errors: cached {cached.errors}, uncached {uncached.errors}")
    print(f"\ngeneration check per request: Redis GET {cost_redis} µs (exact on every host) vs. "
          f"shared-memory counter {cost_mirror} µs (one host only)")  # fmt: skip
    print(f"publish on {a.upstream} -> next request on {b.upstream}: {status}, new title shown: {seen_on_b} "
          f"({headers.get('x-page-cache')}, {publish_ms:.0f} ms)")  # fmt: skip
    print(f"replica lag seen by the router: in step {lag_in_step}; replay paused {cluster.max_lag + 1:.0f} s "
          f"after a publish {lag_paused} (CONG_REPLICA_MAX_LAG={cluster.max_lag:g}: primary used, "
          f"page up to date: {paused_ok}); replica stopped {lag_stopped}, pages: {stopped}")  # fmt: skip
    pages, beacons = outcome.pages, outcome.beacons
    print(f"SIGKILL of {outcome.killed} after 2 s of a {max(6.0, args.seconds + 2):.0f} s run: pages "
          f"{pages.requests} requests, {pages.errors} errors; beacons {beacons.requests} sent, "
          f"{beacons.accepted} answered 204, {beacons.refused + beacons.socket_errors} failed (in flight)")  # fmt: skip
    print(f"visitor counter: {outcome.counted} counted of {beacons.accepted} accepted: lost {outcome.lost} "
          f"(documented bound: the killed host's last {0.2:g} s of beacons, here <= {bound})")  # fmt: skip
    print(f"total time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
