"""Search benchmark: N generated Vietnamese articles, index build time and size, query latency.

    .venv/bin/python bench/search_bench.py --db both --articles 100000

Each database runs in its own process with its own throw-away state: SQLite in
/tmp/cong-bench-search/cong.sqlite3, PostgreSQL in the database ``cong_bench_search`` (dropped and
recreated; ``CONG_BENCH_SEARCH_NAME=name`` uses /tmp/name and the database ``name`` instead). Articles are generated with a fixed seed and bulk-inserted (pages with correct treebeard
paths via ``Page.objects.bulk_create`` plus one multi-row insert per batch into the article table);
the importer would publish revisions one by one and take over an hour. The index is then built with
``./cong update_index`` (the real command) and every query of a fixed mix is run ``--repeat`` times
the way the public page runs it: ``ArticlePage.objects.live().public().search(q)``, the count (bounded
by ``settings.SEARCH_COUNT_LIMIT``, as the page counts) and the first page of 20 — and once more
through the whole /tim-kiem/ view (template, snippets, highlighting).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 20241203
# CONG_BENCH_SEARCH_NAME=other keeps a second data set apart (/tmp/other, database "other").
STATE_NAME = os.environ.get("CONG_BENCH_SEARCH_NAME", "cong_bench_search")
SQLITE_DIR = Path("/tmp") / STATE_NAME.replace("_", "-")
PG_DB = STATE_NAME
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"

QUERIES = {
    "accented": "chuyển đổi số",
    "unaccented": "chuyen doi so",
    "phrase": '"cải cách hành chính"',
    "document number": "42/2022/NĐ-CP",
    "rare word": "khinh khí cầu",
    "common word": "thành phố",
}

# Syllables of everyday Vietnamese news text; sampled with a Zipf-like weight so a few are very common.
VOCAB = """
và của các trong là được có cho với những người đã năm này một không tại theo đến về từ khi
để cũng như trên công tác phát triển kinh tế xã hội thành phố tỉnh huyện quận phường xã nhân dân
ủy ban hội đồng đảng bộ chính quyền cơ quan đơn vị doanh nghiệp dự án đầu tư xây dựng hạ tầng giao
thông vận tải cảng biển du lịch văn hóa giáo dục y tế sức khỏe môi trường tài nguyên nông nghiệp
thủy sản công nghiệp thương mại dịch vụ khoa học công nghệ thông tin truyền thông an ninh quốc phòng
trật tự an toàn lao động việc làm thu nhập đời sống người dân cán bộ công chức viên chức lãnh đạo
chủ tịch phó bí thư giám đốc sở ngành địa phương trung ương quốc gia chương trình kế hoạch nhiệm vụ
giải pháp mục tiêu chỉ tiêu kết quả thực hiện triển khai tổ chức hội nghị tổng kết đánh giá báo cáo
chỉ đạo điều hành quản lý nhà nước pháp luật văn bản quy định nghị quyết quyết định thông tư hướng
dẫn kiểm tra giám sát thanh tra xử lý vi phạm cải thiện nâng cao chất lượng hiệu quả năng lực cạnh
tranh thu hút vốn ngân sách nguồn lực tăng trưởng bình quân tỷ lệ phần trăm so với cùng kỳ quý tháng
ngày tuần hoàn thành vượt đạt mức cao thấp lớn nhỏ mới cũ tốt nhất tiếp tục đẩy mạnh tăng cường đổi
mới sáng tạo hội nhập quốc tế hợp tác đối tác trao đổi kinh nghiệm học tập nghiên cứu ứng dụng số
hóa điện tử trực tuyến cổng dịch vụ công mức độ toàn trình hồ sơ thủ tục hành chính cải cách một
cửa liên thông tiếp nhận trả kết quả giải quyết khiếu nại tố cáo phản ánh kiến nghị cử tri đại biểu
quốc hội hội đồng nhân dân mặt trận tổ quốc đoàn thanh niên phụ nữ cựu chiến binh nông dân công đoàn
hải phòng hà nội đà nẵng thành phố hồ chí minh cần thơ quảng ninh lạch huyện cát bà đồ sơn kiến an
thủy nguyên vĩnh bảo tiên lãng an lão kiến thụy ngô quyền lê chân hồng bàng dương kinh hải an bạch
long vĩ mùa mưa bão lũ thiên tai phòng chống ứng phó biến đổi khí hậu nước sạch điện chiếu sáng cây
xanh công viên trường học bệnh viện trạm y tế khám chữa bệnh bảo hiểm an sinh hỗ trợ hộ nghèo cận
gia đình chính sách người có công thương binh liệt sĩ tri ân đền ơn đáp nghĩa lễ hội truyền thống
di tích lịch sử bảo tồn phát huy giá trị thể thao giải đấu vận động viên huy chương tuyển đội bóng
""".split()


def words_and_weights() -> tuple[list[str], list[float]]:
    weights = [1.0 / (rank + 8) for rank in range(len(VOCAB))]
    return VOCAB, weights


def doc_number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"{rng.randint(1, 200)}/{rng.randint(2015, 2024)}/NĐ-CP"
    if kind < 0.8:
        return f"{rng.randint(1, 3000)}/QĐ-UBND"
    return f"{rng.randint(1, 60):02d}-CT/TW"


def sentence(rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    words = rng.choices(vocab, cum_weights=cum, k=rng.randint(12, 26))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), ",")
    text = " ".join(words).replace(" ,", ",")
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, vocab: list[str], cum: list[float], n: int) -> dict[str, Any]:
    """Title ~12 words, lede ~35 words, body 5-8 paragraphs of 3-5 sentences (~450 words)."""
    title = " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 16)))
    lede = " ".join(sentence(rng, vocab, cum) for _ in range(2))
    paragraphs = [
        " ".join(sentence(rng, vocab, cum) for _ in range(rng.randint(3, 5)))
        for _ in range(rng.randint(5, 8))
    ]
    if rng.random() < 0.9:
        lede = f"Thành phố {lede[0].lower()}{lede[1:]}"
    if rng.random() < 0.08:
        paragraphs[rng.randrange(len(paragraphs))] += " Chuyển đổi số là nhiệm vụ trọng tâm."
    if rng.random() < 0.05:
        paragraphs[rng.randrange(len(paragraphs))] += " Đẩy mạnh cải cách hành chính."
    if rng.random() < 0.0003:
        title += " khinh khí cầu"
    for _ in range(rng.choice([0, 0, 1, 2])):
        paragraphs[rng.randrange(len(paragraphs))] += f" Thực hiện văn bản số {doc_number(rng)}."
    if n % 2000 == 0:
        paragraphs[0] += " Theo Nghị định 42/2022/NĐ-CP về cung cấp thông tin."
    return {"title": title[0].upper() + title[1:], "lede": lede, "paragraphs": paragraphs}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def generate(count: int, batch: int = 1000) -> float:
    """Bulk-create `count` live articles in four categories; returns seconds."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cong.news.models import ArticlePage, CategoryPage

    started = time.perf_counter()
    rng = random.Random(SEED)
    vocab, weights = words_and_weights()
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    home = Site.objects.get(is_default_site=True).root_page.specific
    categories = [
        home.add_child(instance=CategoryPage(title=title, slug=slug))
        for slug, title in [
            ("thoi-su", "Thời sự"),
            ("kinh-te", "Kinh tế"),
            ("van-hoa", "Văn hóa"),
            ("xa-hoi", "Xã hội"),
        ]
    ]
    content_type = ContentType.objects.get_for_model(ArticlePage)
    fields = [f for f in ArticlePage._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(ArticlePage._meta.db_table)
    children = {c.pk: 0 for c in categories}
    start = timezone.make_aware(datetime(2020, 1, 1, 7, 0))
    for offset in range(0, count, batch):
        pages, extra = [], []
        for n in range(offset, min(count, offset + batch)):
            category = categories[n % len(categories)]
            children[category.pk] += 1
            data = article(rng, vocab, cum, n)
            slug = f"bai-{n}"
            when = start + timedelta(minutes=37 * n)
            pages.append(
                Page(
                    title=data["title"],
                    draft_title=data["title"],
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{category.url_path}{slug}/",
                    path=Page._get_path(category.path, category.depth + 1, children[category.pk]),
                    depth=category.depth + 1,
                    numchild=0,
                    locale_id=home.locale_id,
                    translation_key=uuid.uuid4(),
                    first_published_at=when,
                    last_published_at=when,
                )
            )
            body = [
                {"type": "text", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in data["paragraphs"]
            ]
            extra.append((data["lede"], json.dumps(body, ensure_ascii=False), when))
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            rows = []
            for page, (lede, body, when) in zip(pages, extra, strict=True):
                obj = ArticlePage(page_ptr_id=page.pk, lede=lede, published_at=when, source="Cổng TTĐT")
                values = []
                for f in fields:
                    values.append(
                        body
                        if f.attname == "body"
                        else f.get_db_prep_save(getattr(obj, f.attname), connection)
                    )
                rows.append(values)
            placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", rows)
        done = min(count, offset + batch)
        if done % (batch * 10) == 0 or done == count:
            log(f"generated {done}/{count} articles")
    for category in categories:
        Page.objects.filter(pk=category.pk).update(numchild=children[category.pk])
    vacuum()
    return time.perf_counter() - started


def vacuum() -> None:
    """Steady state of a live site (autovacuum would get there): statistics and, on PostgreSQL, the
    visibility map that index-only scans need."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def index_size() -> dict[str, int]:
    """Bytes of everything the search index adds to the database, by structure: the entries and
    readings tables with their indexes, the FTS5 tables' shadow tables and the token store (SQLite),
    the tsvector columns (in the entry table and its TOAST table) and their GIN indexes (PostgreSQL)."""
    from django.db import connection

    from cong.search.models import SearchEntry, SearchReading

    tables = [SearchEntry._meta.db_table, SearchReading._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid) + COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) "
                "FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid "
                "WHERE c.oid IN (SELECT %s::regclass UNION SELECT %s::regclass) "
                "OR i.indrelid IN (SELECT %s::regclass UNION SELECT %s::regclass)",
                [*tables, *tables],
            )
            return {name: int(size) for name, size in cursor.fetchall()}
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        marks = ", ".join(["%s"] * len(tables))
        cursor.execute(
            f"SELECT name FROM sqlite_master WHERE tbl_name IN ({marks}) OR name LIKE 'search_fts_%%'", tables
        )
        names = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT name, SUM(pgsize) FROM dbstat WHERE name IN ({', '.join(['%s'] * len(names))}) GROUP BY name",
            names,
        )
        return {name: int(size) for name, size in cursor.fetchall()}


def text_bytes() -> int:
    """UTF-8 bytes of the text the index holds: titles, ledes and bodies as the index tokenised them
    (the exact tokens of every tier, space-separated; markup and punctuation are not counted)."""
    from django.db import connection

    from cong.search.index import FTS_TEXT, document_tokens, fts_values, unpack_tokens

    def size(per_tier: dict[str, list[str]]) -> int:
        return sum(len(value.encode()) for value in fts_values(per_tier, folded=False))

    if connection.vendor == "sqlite":  # the token store holds exactly that, once per object
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tokens FROM {FTS_TEXT}")
            return sum(size(unpack_tokens(blob)) for (blob,) in cursor.fetchall())
    from cong.news.models import ArticlePage

    # The same token streams, rebuilt from the pages (PostgreSQL keeps only vectors).
    return sum(size(document_tokens(page)) for page in ArticlePage.objects.iterator(chunk_size=1000))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def server_cpu_ms() -> float:
    """CPU time used so far by this process's PostgreSQL backend (from its /proc stat; 0 on SQLite).
    The clock ticks are 10 ms, so only means over many runs are meaningful."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(repeat: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import RequestFactory

    from cong.news.models import ArticlePage
    from cong.search.views import search_view

    factory = RequestFactory()
    report: dict[str, Any] = {}
    all_search, all_page, all_page_cpu, all_server = [], [], [], []
    for label, query in QUERIES.items():
        search_times, page_times, cpu_times, page_cpu, server_cpu = [], [], [], [], []
        for i in range(repeat + 2):
            t0, c0 = time.perf_counter(), time.process_time()
            results = ArticlePage.objects.live().public().search(query)
            results.bounded_count(settings.SEARCH_COUNT_LIMIT)
            list(results[:20])
            # Uncached: the page keeps its rendered part per search parameters as typed; trailing spaces
            # (stripped by the form) make each run a new key for the same search. Header, menu and
            # other fragments stay warm, as in bench/run.py's "uncached" rows.
            s1 = server_cpu_ms()
            t1, c1 = time.perf_counter(), time.process_time()
            response = search_view(factory.get("/tim-kiem/", {"q": query + " " * (i + 1)}))
            response.render()
            t2, c2 = time.perf_counter(), time.process_time()
            s2 = server_cpu_ms()
            if i >= 2:  # two warm-up runs
                search_times.append((t1 - t0) * 1000)
                cpu_times.append((c1 - c0) * 1000)
                page_times.append((t2 - t1) * 1000)
                page_cpu.append((c2 - c1) * 1000)
                server_cpu.append(s2 - s1)
        all_search += search_times
        all_page += page_times
        all_page_cpu += page_cpu
        count = ArticlePage.objects.live().public().search(query).count()  # exact, not timed
        all_server += server_cpu
        report[label] = {
            "query": query,
            "hits": count,
            "search_p50": statistics.median(search_times),
            "search_p95": percentile(search_times, 95),
            "cpu_p50": statistics.median(cpu_times),
            "cpu_p95": percentile(cpu_times, 95),
            "page_p50": statistics.median(page_times),
            "page_p95": percentile(page_times, 95),
            "page_cpu_p50": statistics.median(page_cpu),
            "page_server_cpu_mean": statistics.mean(server_cpu),
        }
        log(f"{label:16} {query!r:26} hits={count:6} search p50={report[label]['search_p50']:.1f} ms "
            f"p95={report[label]['search_p95']:.1f} ms (own CPU p50={report[label]['cpu_p50']:.1f} p95={report[label]['cpu_p95']:.1f}) | page p50={report[label]['page_p50']:.1f} ms "
            f"p95={report[label]['page_p95']:.1f} ms (CPU p50={report[label]['page_cpu_p50']:.1f} ms, "
            f"database server CPU mean={report[label]['page_server_cpu_mean']:.1f} ms)")  # fmt: skip
    report["all"] = {
        "search_p50": statistics.median(all_search),
        "search_p95": percentile(all_search, 95),
        "page_p50": statistics.median(all_page),
        "page_p95": percentile(all_page, 95),
        "page_cpu_p50": statistics.median(all_page_cpu),
        "page_server_cpu_mean": statistics.mean(all_server),
    }
    return report


def run_one(db: str, articles: int, repeat: int, reuse: bool) -> None:
    """Runs inside a process whose environment already selects the database."""
    import django

    django.setup()
    from django.core.management import call_command

    if not reuse:
        log(f"{db}: migrating a fresh database")
        call_command("migrate", verbosity=0)
        log(f"{db}: generating {articles} articles (seed {SEED})")
        seconds = generate(articles)
        log(f"{db}: generated in {seconds:.1f} s")
        log(f"{db}: ./cong update_index")
        t0 = time.perf_counter()
        call_command("update_index", chunk_size=500)
        build = time.perf_counter() - t0
        vacuum()
        parts, text = index_size(), text_bytes()
        size = sum(parts.values())
        log(f"{db}: index built in {build:.1f} s, size {size / 1e6:.1f} MB for {text / 1e6:.1f} MB of indexed text "
            f"({size / max(text, 1):.2f}x)")  # fmt: skip
        for name, part in sorted(parts.items(), key=lambda item: -item[1]):
            log(f"{db}:   {name:40} {part / 1e6:8.1f} MB")
    log(
        f"{db}: {repeat} runs per query (after 2 warm-up runs); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    report = measure(repeat)
    overall = report["all"]
    log(f"{db}: load average now {os.getloadavg()[0]:.1f}")
    log(f"{db}: ALL search p50={overall['search_p50']:.1f} ms p95={overall['search_p95']:.1f} ms | "
        f"page p50={overall['page_p50']:.1f} ms p95={overall['page_p95']:.1f} ms, "
        f"page CPU p50={overall['page_cpu_p50']:.1f} ms, database server CPU mean={overall['page_server_cpu_mean']:.1f} ms")  # fmt: skip


def child_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        # The test settings: plain static files storage, no collectstatic manifest needed.
        DJANGO_SETTINGS_MODULE="cong.settings_test",
        CONG_SECRET_KEY="bench-only",
        CONG_DATA_DIR=str(SQLITE_DIR),
        CONG_CACHE_PREFIX=STATE_NAME,
        CONG_DEBUG="",
    )
    env.pop("REDIS_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
    return env


def reset_database(db: str) -> None:
    if db == "postgres":
        for sql in (f"DROP DATABASE IF EXISTS {PG_DB}", f"CREATE DATABASE {PG_DB}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    else:
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        for name in ("cong.sqlite3", "cong.sqlite3-wal", "cong.sqlite3-shm"):
            (SQLITE_DIR / name).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="measured runs per query")
    parser.add_argument("--reuse", action="store_true", help="keep the generated database, only measure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.articles <= 200_000 or not 1 <= args.repeat <= 500:
        parser.error("--articles must be 1..200000 and --repeat 1..500")
    if args.child:
        run_one(args.db, args.articles, args.repeat, args.reuse)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if not args.reuse:
            reset_database(db)
        command = [sys.executable, __file__, "--child", "--db", db, "--articles", str(args.articles)]
        command += ["--repeat", str(args.repeat)] + (["--reuse"] if args.reuse else [])
        subprocess.run(command, env=child_env(db), cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
