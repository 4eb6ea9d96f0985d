"""Reports benchmark: the monthly editorial output report on N generated articles.

    .venv/bin/python bench/reports_bench.py --db sqlite --articles 100000

Each database runs in its own process with throw-away state: SQLite in /tmp/cong-bench-reports,
PostgreSQL in the database ``cong_bench_reports`` (dropped and recreated). Articles are bulk-inserted
with a fixed seed (as bench/search_bench.py does: pages with correct treebeard paths, then one
multi-row insert per batch into the article table), 37 minutes apart from 2020-01-01 (about 1,170 a
month), each with 1-2 of 300 authors, one of 30 owner accounts, a fee coefficient, and for 30% of them
a submission to the "Duyệt tin bài" workflow 1-48 hours before publication; 2% are drafts, 1% in review.
Then the report of one month in the middle is computed ``--repeat`` times (after one warm-up run):
the numbers alone (``output_report``), the admin page with fees, and the XLSX export.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261201
SQLITE_DIR = Path("/tmp/cong-bench-reports")
PG_DB = "cong_bench_reports"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
MONTH = (date(2023, 6, 1), date(2023, 6, 30))
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thu Thanh Ngọc Quang Hồng".split()
GIVEN = "An Bình Chi Dũng Giang Hà Hải Hùng Lan Linh Long Mai Nam Phong Quân Sơn Tùng Vy Yến Đàm".split()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def generate(count: int, batch: int = 2000) -> float:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Site, Workflow, WorkflowState

    from cong.news.models import ArticleAuthor, ArticlePage, Author, CategoryPage

    started = time.perf_counter()
    rng = random.Random(SEED)
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
    users = [
        get_user_model().objects.create_user(username=f"pv{n}", first_name="Phóng viên", last_name=str(n))
        for n in range(30)
    ]
    names = sorted({f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(400)})[
        :300
    ]
    authors = Author.objects.bulk_create(
        Author(name=name, name_key=name.casefold(), slug=f"tac-gia-{n}") for n, name in enumerate(names)
    )
    workflow = Workflow.objects.get(name="Duyệt tin bài")
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    fields = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(ArticlePage._meta.db_table)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    children = {c.pk: 0 for c in categories}
    start = timezone.make_aware(datetime(2020, 1, 1, 7, 0))
    created_at = WorkflowState._meta.get_field("created_at")
    created_at.auto_now_add = False  # the bench sets submission times itself
    for offset in range(0, count, batch):
        pages, extra = [], []
        for n in range(offset, min(count, offset + batch)):
            category = categories[n % len(categories)]
            children[category.pk] += 1
            when = start + timedelta(minutes=37 * n)
            roll = rng.random()
            live, in_review = roll >= 0.03, 0.02 <= roll < 0.03
            byline = [rng.choice(authors) for _ in range(rng.choice([1, 1, 1, 2]))]
            title = f"Tin bài số {n} về {category.title.lower()}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"bai-{n}",
                    content_type=article_type,
                    live=live,
                    has_unpublished_changes=not live,
                    url_path=f"{category.url_path}bai-{n}/",
                    path=Page._get_path(category.path, category.depth + 1, children[category.pk]),
                    depth=category.depth + 1,
                    numchild=0,
                    locale_id=home.locale_id,
                    translation_key=uuid.uuid4(),
                    owner=rng.choice(users),
                    first_published_at=when if live else None,
                    last_published_at=when if live else None,
                    latest_revision_created_at=when,
                )
            )
            extra.append((when, live, in_review, byline))
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            rows, links, states = [], [], []
            for page, (when, live, in_review, byline) in zip(pages, extra, strict=True):
                obj = ArticlePage(
                    page_ptr_id=page.pk,
                    lede="Sapo.",
                    byline=" - ".join(dict.fromkeys(a.name for a in byline)),
                    source="Cổng TTĐT",
                    published_at=when if live else None,
                    fee_coefficient=Decimal(rng.choice(["1", "1.5", "2", "3"])) if live else None,
                )
                rows.append(
                    [
                        '[{"type": "text", "value": "<p>Nội dung.</p>"}]'
                        if f.attname == "body"
                        else f.get_db_prep_save(getattr(obj, f.attname), connection)
                        for f in fields
                    ]
                )
                links += [
                    ArticleAuthor(article_id=page.pk, author=author, position=p)
                    for p, author in enumerate(dict.fromkeys(byline))
                ]
                if (live and rng.random() < 0.3) or in_review:
                    states.append(
                        WorkflowState(
                            content_type=article_type,
                            base_content_type=page_type,
                            object_id=str(page.pk),
                            workflow=workflow,
                            status="in_progress" if in_review else "approved",
                            created_at=when - timedelta(hours=rng.randint(1, 48)),
                            requested_by=page.owner,
                        )
                    )
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", rows)
            ArticleAuthor.objects.bulk_create(links)
            WorkflowState.objects.bulk_create(states)
        done = min(count, offset + batch)
        if done % (batch * 10) == 0 or done == count:
            log(f"generated {done}/{count} articles")
    created_at.auto_now_add = True
    for category in categories:
        Page.objects.filter(pk=category.pk).update(numchild=children[category.pk])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def measure(repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from cong.reports.models import ReportSettings
    from cong.reports.output import output_report
    from cong.reports.views import OutputReportView

    config = ReportSettings.load()
    config.fees_enabled = True
    config.save()
    admin = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create_superuser("bench-admin", "bench@example.gov.vn", "bench")
    factory = RequestFactory()
    params = {"tu": MONTH[0].isoformat(), "den": MONTH[1].isoformat()}
    view = OutputReportView.as_view()

    def page(export: str | None = None) -> int:
        request = factory.get(
            "/admin/reports/thong-ke-tin-bai/", {**params, **({"xuat": export} if export else {})}
        )
        request.user = admin
        response = view(request)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, response.status_code
        return len(response.content)

    times: dict[str, list[float]] = {"numbers": [], "page": [], "xlsx": []}
    cpu: dict[str, list[float]] = {"numbers": [], "page": [], "xlsx": []}
    for i in range(repeat + 1):
        steps = [
            ("numbers", lambda: output_report(*MONTH, fee_unit=config.fee_unit)),
            ("page", lambda: page()),
            ("xlsx", lambda: page("xlsx")),
        ]
        for name, step in steps:
            t0, c0 = time.perf_counter(), time.process_time()
            result = step()
            if i:  # one warm-up run
                times[name].append(time.perf_counter() - t0)
                cpu[name].append(time.process_time() - c0)
            if name == "numbers":
                report = result
    log(
        f"month {MONTH[0]:%m/%Y}: {report.published} articles published, {len(report.by_author)} authors, "
        f"{report.review.count} through the workflow, fees {report.fee_total:,} đồng"
    )
    return times, cpu


def run_one(db: str, articles: int, repeat: int, reuse: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if not reuse:
        log(f"{db}: migrating a fresh database")
        call_command("migrate", verbosity=0)
        log(f"{db}: generating {articles} articles (seed {SEED})")
        log(f"{db}: generated in {generate(articles):.1f} s")
    from cong.news.models import ArticlePage

    log(
        f"{db}: {ArticlePage.objects.count()} articles; {repeat} runs after 1 warm-up; load {os.getloadavg()[0]:.1f}"
    )
    times, cpu = measure(repeat)
    for name, values in times.items():
        log(
            f"{db}: {name:8} median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
            f"(own CPU median {statistics.median(cpu[name]) * 1000:.0f} ms)"
        )
    worst = max(times["page"] + times["xlsx"])
    log(
        f"{db}: slowest page or export {worst * 1000:.0f} ms ({'under' if worst < 2 else 'OVER'} the 2 s budget)"
    )


def child_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cong.settings",
        CONG_SECRET_KEY="bench-only",
        CONG_DATA_DIR=str(SQLITE_DIR),
        CONG_CACHE_PREFIX="cong-bench-reports",
        CONG_DEBUG="",
        CONG_TESTING="1",
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
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="measured runs")
    parser.add_argument("--reuse", action="store_true", help="keep the generated database, only measure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.articles <= 200_000 or not 1 <= args.repeat <= 100:
        parser.error("--articles must be 1..200000 and --repeat 1..100")
    if args.child:
        run_one(args.db, args.articles, args.repeat, args.reuse)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if not args.reuse:
            reset_database(db)
        command = [sys.executable, __file__, "--child", "--db", db, "--articles", str(args.articles)]
        command += ["--repeat", str(args.repeat)] + (["--reuse"] if args.reuse else [])
        subprocess.run(command, env=child_env(db), cwd=ROOT, check=True, timeout=1800)


if __name__ == "__main__":
    main()
