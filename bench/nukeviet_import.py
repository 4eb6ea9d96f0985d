"""NukeViet import benchmark: a generated NukeViet 4.x site in MariaDB, migrated into a fresh Cổng.

    .venv/bin/python bench/nukeviet_import.py --articles 10000 --laws 1000

Creates a MariaDB database (``--mariadb``, default root@127.0.0.1:3306; name ``--prefix<random>``,
dropped at the end) from NukeViet's own table definitions and fills it with ``generate_site`` (nested
categories, articles each citing a law by number, one photo in ten bodies, laws of which one in ten
replaces another, a static page). Then, in a fresh SQLite Cổng under /tmp/cong-bench-nukeviet (or
PostgreSQL with ``--db postgres``):

1. the import, timed (``NukeVietImporter``, what ``./cong import_nukeviet`` runs);
2. a second run, timed, which must change nothing;
3. old addresses: ``--check-urls`` of them (sampled from every article, category, law and page, in
   every URL form) requested through Django's test client, each must answer 301 to the right page;
4. /tim-kiem/ finds sampled migrated articles by their title, and migrated articles link the laws
   they cite (citation rows resolved to a document, and the link in the rendered article);
5. the resolver's cost with the address table grown to ``--lookup-rows`` rows: time per old address
   and the query plan (one indexed lookup, no table scan).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_DIR = Path("/tmp/cong-bench-nukeviet")
PG_DB = "cong_bench_nukeviet"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup_django(db: str, data_dir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cong.settings",
        CONG_SECRET_KEY="bench-only",
        CONG_DATA_DIR=str(data_dir),
        CONG_CACHE_PREFIX="cong-bench-nukeviet",
        CONG_DEBUG="",
        CONG_TESTING="1",
        CONG_ALLOWED_HOSTS="testserver,localhost",
    )
    os.environ.pop("REDIS_URL", None)
    data_dir.mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
        for sql in (f"DROP DATABASE IF EXISTS {PG_DB}", f"CREATE DATABASE {PG_DB}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    else:
        os.environ.pop("DATABASE_URL", None)
        for name in ("cong.sqlite3", "cong.sqlite3-wal", "cong.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def old_forms(record: object) -> list[str]:
    """Every NukeViet address of an imported row (with/without language and module, index.php)."""
    r = record
    if r.kind == "article":
        cat = getattr(r, "cat_alias", "x")
        tail = f"{cat}/{r.alias}-{r.nukeviet_id}"
        return [f"/vi/{r.module}/{tail}.html", f"/{r.module}/{tail}.html", f"/vi/{tail}.html", f"/{tail}.html",
                f"/index.php?language=vi&nv={r.module}&op={tail}"]  # fmt: skip
    if r.kind == "category":
        return [f"/vi/{r.module}/{r.alias}/", f"/{r.module}/{r.alias}/", f"/{r.module}/{r.alias}/page-2",
                f"/index.php?language=vi&nv={r.module}&op={r.alias}"]  # fmt: skip
    if r.kind == "law":
        return [f"/vi/{r.module}/detail/{r.alias}/", f"/{r.module}/detail/{r.alias}/",
                f"/index.php?language=vi&nv={r.module}&op=detail/{r.alias}"]  # fmt: skip
    return [f"/vi/{r.module}/{r.alias}.html", f"/{r.module}/{r.alias}.html",
            f"/index.php?language=vi&nv={r.module}&op={r.alias}"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--laws", type=int, default=1_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--mariadb", default="mysql://root@127.0.0.1:3306/")
    parser.add_argument("--prefix", default="cong_bench_nukeviet_", help="MariaDB database name prefix")
    parser.add_argument(
        "--data-dir", type=Path, default=SQLITE_DIR, help="Cổng's data directory (SQLite, media)"
    )
    parser.add_argument("--check-urls", type=int, default=3000, help="old addresses requested (sampled)")
    parser.add_argument("--lookup-rows", type=int, default=100_000)
    args = parser.parse_args()
    if not (1 <= args.articles <= 200_000 and 2 <= args.laws <= 20_000 and args.lookup_rows <= 1_000_000):
        parser.error("--articles 1..200000, --laws 2..20000, --lookup-rows up to 1000000")
    sys.path.insert(0, str(ROOT / "src"))
    setup_django(args.db, args.data_dir)

    from django.db import connection
    from django.test import Client

    from cong.documents.models import Citation
    from cong.migrate_nukeviet.importer import NukeVietImporter
    from cong.migrate_nukeviet.legacy import Address, resolve
    from cong.migrate_nukeviet.models import NukeVietRecord
    from cong.migrate_nukeviet.sample import NukeVietWriter, empty_database, generate_site
    from cong.migrate_nukeviet.source import MysqlAddress, NukeVietSource
    from cong.news.models import ArticlePage

    server = MysqlAddress.parse(args.mariadb)
    with tempfile.TemporaryDirectory() as tmp, empty_database(server, args.prefix) as address:
        uploads = Path(tmp) / "uploads"
        log(f"MariaDB {address.database}: generating {args.articles} articles and {args.laws} laws")
        t0 = time.perf_counter()
        writer_connection = address.connect(read_only=False)
        generated = generate_site(NukeVietWriter(writer_connection), uploads, args.articles, args.laws)
        writer_connection.close()
        log(f"generated in {time.perf_counter() - t0:.1f} s: {generated}")

        def run() -> tuple[float, object]:
            source = NukeVietSource(address.connect())
            try:
                started = time.perf_counter()
                report = NukeVietImporter(source, uploads, progress=True).run()
                return time.perf_counter() - started, report
            finally:
                source.close()

        seconds, report = run()
        log(
            f"IMPORT ({args.db}): {seconds:.1f} s = {args.articles / seconds:.1f} articles/s (laws and pages included)"
        )
        for line in report.summary_lines():
            log(f"  {line}")
        log(f"  {len(report.failures)} failures, {len(report.warnings)} warnings")
        assert report.ok, report.failures[:5]
        seconds2, report2 = run()
        changed = sum(c.imported + c.updated for c in report2.counts.values())
        log(f"SECOND RUN: {seconds2:.1f} s, {changed} rows imported or updated (must be 0)")
        assert changed == 0

    # --- old addresses ------------------------------------------------------------------------------
    records = list(NukeVietRecord.objects.exclude(alias="").select_related("page", "document"))
    article_cat = dict(
        ArticlePage.objects.filter(pk__in=[r.page_id for r in records if r.kind == "article"]).values_list(
            "pk", "path"
        )
    )
    parents = {r.page.path: r.alias for r in records if r.kind == "category" and r.page}
    for r in records:
        if r.kind == "article":
            r.cat_alias = parents.get(article_cat[r.page_id][:-4], "x")
    rng = random.Random(19)
    forms = [(form, r) for r in records for form in old_forms(r)]
    sample = forms if len(forms) <= args.check_urls else rng.sample(forms, args.check_urls)
    client = Client()
    bad, timings = [], []
    for form, r in sample:
        expected = r.page.url if r.page else r.document.url
        started = time.perf_counter()
        response = client.get(form)
        timings.append((time.perf_counter() - started) * 1000)
        ok = response.status_code == 301 and response["Location"] == expected
        ok = ok or (form == expected and response.status_code == 200)
        if not ok:
            bad.append((form, response.status_code, response.get("Location")))
    log(
        f"OLD ADDRESSES: {len(sample)} of {len(forms)} requested, {len(sample) - len(bad)} answered 301 to the "
        f"right page; request p50={statistics.median(timings):.1f} ms"
    )
    assert not bad, bad[:10]

    # --- search and citations -------------------------------------------------------------------------
    articles = list(
        ArticlePage.objects.live().filter(pk__in=[r.page_id for r in records if r.kind == "article"])
    )
    found = 0
    probes = rng.sample(articles, min(30, len(articles)))
    for page in probes:
        response = client.get("/tim-kiem/", {"q": page.title})
        found += response.status_code == 200 and page.url in response.content.decode()
    log(f"SEARCH /tim-kiem/: {found} of {len(probes)} sampled migrated articles found by their title")
    linked = Citation.objects.filter(article_id__in=[a.pk for a in articles], document__isnull=False)
    cited_articles = linked.values("article_id").distinct().count()
    log(f"CITATIONS: {cited_articles} of {len(articles)} migrated articles link a migrated law")
    rendered = 0
    for page in probes[:10]:
        citation = Citation.objects.filter(article_id=page.pk, document__isnull=False).select_related(
            "document"
        )
        citation = citation.first()
        html = client.get(page.url).content.decode()
        rendered += bool(citation) and citation.document.url in html
    log(f"CITATIONS: {rendered} of {min(10, len(probes))} sampled article pages render the link to the law")
    assert found == len(probes) and rendered == min(10, len(probes))

    # --- resolver cost at scale -----------------------------------------------------------------------
    have = NukeVietRecord.objects.count()
    extra = max(0, args.lookup_rows - have)
    log(f"RESOLVER: growing the address table from {have} to {have + extra} rows")
    batch = [
        NukeVietRecord(
            kind="article",
            source_table="nv4_vi_filler_rows",
            nukeviet_id=1_000_000 + i,
            module="filler",
            alias=f"tin-{i}",
            digest="",
        )
        for i in range(extra)
    ]
    NukeVietRecord.objects.bulk_create(batch, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    paths = [form for form, r in rng.sample(forms, min(500, len(forms)))]
    for path in paths[:20]:
        resolve(
            path.split("?")[0],
            dict(p.split("=") for p in path.split("?")[1].split("&")) if "?" in path else {},
        )
    times = []
    for path in paths:
        query = dict(p.split("=") for p in path.split("?")[1].split("&")) if "?" in path else {}
        started = time.perf_counter()
        resolve(path.split("?")[0], query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    query_times = []
    for path in paths:
        query = dict(p.split("=") for p in path.split("?")[1].split("&")) if "?" in path else {}
        address = Address.parse(path.split("?")[0], query)
        started = time.perf_counter()
        list(NukeVietRecord.objects.filter(address.condition()).select_related("page", "document")[:20])
        query_times.append((time.perf_counter() - started) * 1000)
    query_times.sort()
    log(
        f"RESOLVER query alone: mean {statistics.mean(query_times):.2f} ms, "
        f"p95 {query_times[int(len(query_times) * 0.95)]:.2f} ms"
    )
    log(
        f"RESOLVER at {NukeVietRecord.objects.count()} rows: {len(times)} old addresses, "
        f"mean {statistics.mean(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms"
    )
    sql, params = (
        NukeVietRecord.objects.filter(Address.parse("/vi/tin-tuc/chuyen-muc-1/tin-bai-5-5.html").condition())
        .select_related("page", "document")
        .query.sql_with_params()
    )
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    log("RESOLVER query plan:\n  " + "\n  ".join(plan))
    assert not any("SCAN migrate_nukeviet_nukevietrecord" in line and "INDEX" not in line for line in plan)


if __name__ == "__main__":
    main()
