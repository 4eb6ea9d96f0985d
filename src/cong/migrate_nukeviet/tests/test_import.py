"""Importing a NukeViet site from a real MariaDB: counts, fields, statuses, laws, old addresses, re-runs."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision

from cong.documents.models import DocumentRelation, LegalDocument, RelationKind, Status
from cong.migrate_nukeviet.models import Kind, NukeVietRecord
from cong.migrate_nukeviet.source import NukeVietSource, SourceError
from cong.news.models import ArticlePage, CategoryPage

from .conftest import T2021

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db]


def page_of(table: str, row_id: int) -> Any:
    return NukeVietRecord.objects.get(source_table=table, nukeviet_id=row_id).page.specific


def article(row_id: int) -> ArticlePage:
    return page_of("nv4_vi_news_rows", row_id)


def test_counts_per_kind_and_failures_named(run_import: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    analyzed: list[int] = []
    monkeypatch.setattr("cong.search.index.analyze", lambda: analyzed.append(1))
    report = run_import()
    assert analyzed == [1]  # search refreshes its planner statistics once, after the import
    c = report.counts
    assert (c[Kind.CATEGORY].imported, c[Kind.CATEGORY].failed) == (7, 0)  # 6 + 1 of the old module
    assert (c[Kind.ARTICLE].imported, c[Kind.ARTICLE].failed) == (14, 1)  # 13 + 2 old, one orphan
    assert (c[Kind.PAGE].imported, c[Kind.PAGE].failed) == (2, 0)
    assert (c[Kind.LAW].imported, c[Kind.LAW].skipped, c[Kind.LAW].failed) == (5, 1, 1)
    failed = {(table, row_id) for table, row_id, _ in report.failures}
    assert failed == {("nv4_vi_news_rows", 12), ("nv4_vi_laws_row", 4)}
    assert ArticlePage.objects.count() == 16  # 14 articles + 2 static pages
    assert LegalDocument.objects.count() == 5


def test_article_fields(run_import: Any) -> None:
    run_import()
    page = article(1)
    assert page.title == "Đoàn công tác làm việc với thành phố"
    assert page.lede == "Chiều 01/12, đoàn công tác…"
    assert page.authors == ["Nguyễn Văn A", "Trần Thị B"]
    assert page.source == "Báo Hải Phòng"
    assert page.published_at == datetime.fromtimestamp(T2021, tz=UTC)
    assert page.first_published_at == page.published_at
    assert page.live and page.get_parent().title == "Thời sự"
    assert page.cover_image is not None and page.cover_image.description == "Toàn cảnh buổi làm việc"
    kinds = [b.block_type for b in page.body]
    assert kinds == ["text", "image", "text"]
    assert "42/2022/NĐ-CP" in page.body[0].value.source
    assert page.body[1].value["alt"] == "Quang cảnh"
    assert set(NukeVietRecord.objects.get(source_table="nv4_vi_news_rows", nukeviet_id=1).tags) == {
        "chuyển đổi số",
        "cải cách hành chính",
    }
    # a duplicate alias in the same category gets its own slug
    assert article(11).slug == "tin-bai-mot-2" and page.slug == "tin-bai-mot"


def test_statuses(run_import: Any) -> None:
    run_import()
    stopped, scheduled, expired, draft, review, rejected = (article(i) for i in (2, 3, 4, 5, 6, 7))
    assert not stopped.live and not stopped.expired
    assert not scheduled.live
    assert Revision.page_revisions.filter(
        object_id=str(scheduled.pk), approved_go_live_at__isnull=False
    ).exists()
    assert not expired.live and expired.expired and expired.expire_at is not None
    assert not draft.live and not rejected.live
    assert not review.live
    if review.get_workflow() is not None:
        assert review.current_workflow_state is not None
    assert rejected.current_workflow_state is None
    timed = article(13)
    assert timed.live and timed.expire_at is not None


def test_missing_images_broken_html_and_vietnamese(run_import: Any) -> None:
    report = run_import()
    missing = article(8)
    assert missing.live and missing.cover_image is None
    assert [b.block_type for b in missing.body] == ["text"]  # photos left out, caption kept
    assert "Trước ảnh." in missing.body[0].value.source and "Ảnh ngoài" in missing.body[0].value.source
    warned = [m for t, i, m in report.warnings if (t, i) == ("nv4_vi_news_rows", 8)]
    assert len(warned) == 3
    broken = article(9)
    html = "".join(b.value.source for b in broken.body if b.block_type == "text")
    assert "<script" not in html and "onclick" not in html and "alert" not in html
    assert "Ô bảng" in html and "nghiêng" in html
    vietnamese = article(10)
    assert vietnamese.title == "Hội nghị tổng kết Đoàn công tác"
    assert unicodedata.is_normalized("NFC", vietnamese.title) and "\u00d0" not in vietnamese.title
    assert unicodedata.is_normalized("NFC", vietnamese.lede)
    text = "".join(b.value.source for b in vietnamese.body)
    assert unicodedata.is_normalized("NFC", text) and "Đã xong" in text
    assert vietnamese.get_parent().title == "Đời sống"
    assert CategoryPage.objects.get(slug="van-hoa").title == "Văn hoá"


def test_categories_keep_their_tree_order_and_old_style_bodies(run_import: Any) -> None:
    run_import()
    titles = [p.title for p in CategoryPage.objects.order_by("path")]
    assert titles[:6] == ["Thời sự", "Kinh tế", "Nông nghiệp", "Cây lúa", "Đời sống", "Văn hoá"]
    nested = page_of("nv4_vi_news_cat", 4)
    assert nested.intro == "Thuộc chuyên mục Nông nghiệp." and not nested.show_in_menus
    old_html = page_of("nv4_vi_tintuc_cu_rows", 1)
    assert old_html.body[0].value.source == "<p>Thân bài <em>cũ</em>.</p>"
    old_text = page_of("nv4_vi_tintuc_cu_rows", 2)
    assert [b.value.source for b in old_text.body] == ["<p>Dòng một.</p><p>Dòng hai.</p>"]
    intro = page_of("nv4_vi_page", 1)
    assert intro.live and intro.get_parent().title == "Giới thiệu" and intro.cover_image is not None
    assert not page_of("nv4_vi_page", 2).live


def test_laws(run_import: Any) -> None:
    run_import()
    new = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    old = LegalDocument.objects.get(number="43/2011/NĐ-CP")
    assert new.doc_type == "nghi-dinh" and new.issuer.name == "Chính phủ" and new.signer == "Lê Minh Khái"
    assert new.issued_on == date(2022, 6, 24) and new.effective_on == date(2022, 8, 15)
    assert new.sector.name == "Thông tin và truyền thông"
    assert new.abstract.startswith("Nghị định quy định")
    assert new.files.count() == 1
    assert DocumentRelation.objects.filter(source=new, target=old, kind=RelationKind.REPLACES).exists()
    assert old.status == Status.REPLACED
    q10 = LegalDocument.objects.get(number="10/2020/QĐ-UBND")
    assert q10.doc_type == "quyet-dinh" and q10.issuer.name == "Ủy ban nhân dân thành phố"
    assert DocumentRelation.objects.filter(
        source__number="20/2024/QĐ-UBND", target=q10, kind="replaces"
    ).exists()
    assert DocumentRelation.objects.filter(
        source__number="15/2023/QĐ-UBND", target=q10, kind="amends"
    ).exists()
    assert not LegalDocument.objects.filter(number="99/2020/NĐ-CP").exists()  # hidden on NukeViet


def old_addresses() -> list[tuple[str, str, int]]:
    """(old address, table, id) for every URL form NukeViet produces."""
    forms = []
    for prefix in ("/vi/tin-tuc", "/tin-tuc", "/vi", ""):
        forms += [
            (f"{prefix}/thoi-su/tin-bai-mot-1.html", "nv4_vi_news_rows", 1),
            (f"{prefix}/cay-lua/tin-thieu-anh-8.html", "nv4_vi_news_rows", 8),
            (f"{prefix}/thoi-su/", "nv4_vi_news_cat", 1),
            (f"{prefix}/cay-lua/page-2", "nv4_vi_news_cat", 4),
        ]
    forms += [
        ("/vi/tin-cu/tin-cu-cm/tin-cu-html-1.html", "nv4_vi_tintuc_cu_rows", 1),
        ("/tin-cu/tin-cu-cm/tin-cu-html-1.html", "nv4_vi_tintuc_cu_rows", 1),
        ("/tin-tuc/thoi-su/tin-bai-mot-1/", "nv4_vi_news_rows", 1),
        ("/vi/gioi-thieu/gioi-thieu-chung.html", "nv4_vi_page", 1),
        ("/gioi-thieu/gioi-thieu-chung.html", "nv4_vi_page", 1),
        ("/index.php?language=vi&nv=tin-tuc&op=thoi-su/tin-bai-mot-1", "nv4_vi_news_rows", 1),
        ("/index.php?language=vi&nv=tin-tuc&op=thoi-su", "nv4_vi_news_cat", 1),
        ("/index.php?language=vi&nv=tin-cu&op=tin-cu-cm/tin-cu-html-1", "nv4_vi_tintuc_cu_rows", 1),
        ("/index.php?language=vi&nv=gioi-thieu&op=gioi-thieu-chung", "nv4_vi_page", 1),
    ]
    for prefix in ("/vi/van-ban", "/van-ban"):
        forms.append((f"{prefix}/detail/nghi-dinh-42-2/", "nv4_vi_laws_row", 2))
    forms.append(("/index.php?language=vi&nv=van-ban&op=detail/nghi-dinh-42-2", "nv4_vi_laws_row", 2))
    return forms


def test_every_old_address_answers_301_to_the_right_page(run_import: Any) -> None:
    run_import()
    client = Client()
    for old, table, row_id in old_addresses():
        record = NukeVietRecord.objects.get(source_table=table, nukeviet_id=row_id)
        expected = record.page.specific.url if record.page else record.document.url
        response = client.get(old)
        if old == expected:  # the new page took the old address itself (same slug)
            assert response.status_code == 200, old
            continue
        assert response.status_code == 301, old
        assert response["Location"] == expected, old
        assert client.get(expected).status_code == 200, expected
    # not live on the portal, unknown, or not NukeViet at all: still a 404
    for old in ("/tin-tuc/thoi-su/tin-nhap-5.html", "/tin-tuc/thoi-su/khong-co-999.html", "/khong-co/"):
        assert client.get(old).status_code == 404, old


def test_resolving_an_old_address_is_one_indexed_query(
    run_import: Any, django_assert_max_num_queries: Any
) -> None:
    from cong.migrate_nukeviet.legacy import resolve

    run_import()
    resolve("/tin-tuc/thoi-su/tin-bai-mot-1.html")  # warm Wagtail's site root paths cache
    expected = article(1).url
    with django_assert_max_num_queries(1):
        assert resolve("/vi/tin-tuc/thoi-su/tin-bai-mot-1.html") == expected


def test_second_run_changes_nothing_and_a_changed_row_is_updated(run_import: Any, nukeviet_db: Any) -> None:
    run_import()
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        NukeVietRecord.objects.count(),
        LegalDocument.objects.count(),
    )
    report = run_import()
    assert all(c.imported == 0 and c.updated == 0 for c in report.counts.values())
    assert report.counts[Kind.ARTICLE].skipped == 14 and report.counts[Kind.LAW].skipped == 6
    after = (
        Page.objects.count(),
        Revision.objects.count(),
        NukeVietRecord.objects.count(),
        LegalDocument.objects.count(),
    )
    assert after == before
    address, _uploads = nukeviet_db
    connection = address.connect(read_only=False)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE nv4_vi_news_rows SET title = 'Tiêu đề mới', catid = 2 WHERE id = 1")
    connection.commit()
    connection.close()
    report = run_import()
    assert report.counts[Kind.ARTICLE].updated == 1 and report.counts[Kind.ARTICLE].imported == 0
    page = article(1)
    assert page.title == "Tiêu đề mới" and page.get_parent().title == "Kinh tế"
    assert Client().get("/tin-tuc/thoi-su/tin-bai-mot-1.html")["Location"] == page.url


def test_dry_run_saves_nothing(run_import: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    analyzed: list[int] = []
    monkeypatch.setattr("cong.search.index.analyze", lambda: analyzed.append(1))
    report = run_import(dry_run=True)
    assert not analyzed  # nothing saved: search's statistics are not refreshed
    assert report.counts[Kind.ARTICLE].imported == 14
    assert not NukeVietRecord.objects.exists() and not ArticlePage.objects.exists()
    assert not LegalDocument.objects.exists()


def test_the_nukeviet_database_is_only_read(nukeviet_db: Any) -> None:
    address, _uploads = nukeviet_db
    source = NukeVietSource(address.connect())
    try:
        with pytest.raises(SourceError):
            source.select("DELETE FROM nv4_vi_news_rows")
        with pytest.raises(Exception, match=r"READ ONLY|read only|read-only"):
            with source.connection.cursor() as cursor:
                cursor.execute("UPDATE nv4_vi_news_rows SET title = 'x'")
    finally:
        source.close()


def databases(address: Any) -> list[str]:
    connection = address.connect(read_only=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW DATABASES")
            return [next(iter(row.values())) for row in cursor.fetchall()]
    finally:
        connection.close()


@pytest.mark.skipif(not (shutil.which("mariadb-dump") or shutil.which("mysqldump")), reason="no mariadb-dump")
def test_command_from_a_sql_dump(nukeviet_db: Any, home: Any, tmp_path: Path, capsys: Any) -> None:
    address, uploads = nukeviet_db
    dump = tmp_path / "nukeviet.sql"
    binary = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    with dump.open("wb") as handle:
        subprocess.run(
            [
                str(binary),
                "--host",
                address.host,
                "--port",
                str(address.port),
                "--user",
                address.user,
                "--protocol=TCP",
                address.database,
            ],
            stdout=handle,
            check=True,
        )
    with pytest.raises(Exception, match="2 dòng không nhập được"):
        call_command(
            "import_nukeviet",
            "--sql-dump",
            str(dump),
            "--uploads",
            str(uploads),
            "--scratch-server",
            "mysql://root@127.0.0.1:3306/",
            "--scratch-prefix",
            "h19_test_dump_",
        )
    assert not [n for n in databases(address) if n.startswith("h19_test_dump_")]  # the scratch copy is gone
    out = capsys.readouterr()
    assert "Tin bài: 14 mới" in out.out
    assert "lỗi nv4_vi_news_rows #12" in out.err
    assert ArticlePage.objects.count() == 16
