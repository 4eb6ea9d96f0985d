"""A NukeViet site in a real MariaDB: NukeViet's own table definitions and rows covering every case.

The database is ``h19_test_<random>``, created for each test and dropped after it. Tests using it are
marked ``mariadb``; CI starts MariaDB (.ci/run).
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cong.migrate_nukeviet.sample import NukeVietWriter, empty_database
from cong.migrate_nukeviet.source import MysqlAddress, NukeVietSource, SourceError

SERVER = os.environ.get("CONG_TEST_MARIADB", "mysql://root@127.0.0.1:3306/")
FUTURE = int(time.time()) + 10 * 86400
PAST = int(time.time()) - 10 * 86400
T2021 = 1_638_325_800  # 2021-12-01 09:30 +07:00
NFD_TITLE = unicodedata.normalize("NFD", "Hội nghị tổng kết ") + "\u00d0oàn công tác"


@pytest.fixture(scope="session")
def mariadb_server() -> MysqlAddress:
    address = MysqlAddress.parse(SERVER)
    try:
        address.connect(database="", read_only=False).close()
    except SourceError as exc:
        pytest.skip(f"MariaDB is not reachable at {SERVER}: {exc}")
    return address


def _photo(path: Path, colour: tuple[int, int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (80, 50), colour).save(path, "JPEG")


def fill_site(writer: NukeVietWriter, uploads: Path) -> None:
    """Rows covering every status, nested categories, missing images, broken HTML, NFD and Ð, duplicate
    aliases, an old-style (before 4.0.29) news module, laws with a replaced one, static pages."""
    writer.create_schema()
    writer.module("tin-tuc", "news", "news", "Tin tức", 1)
    writer.module("tin-cu", "news", "tintuc_cu", "Tin cũ", 2)
    writer.module("van-ban", "laws", "laws", "Văn bản", 3)
    writer.module("gioi-thieu", "page", "page", "Giới thiệu", 4)
    _photo(uploads / "tin-tuc" / "2021_12" / "anh-bia.jpg", (200, 30, 30))
    _photo(uploads / "tin-tuc" / "2021_12" / "anh-trong-bai.jpg", (30, 200, 30))
    _photo(uploads / "gioi-thieu" / "tru-so.jpg", (30, 30, 200))
    (uploads / "van-ban" / "2022_06").mkdir(parents=True)
    (uploads / "van-ban" / "2022_06" / "42-2022-nd-cp.pdf").write_bytes(b"%PDF-1.4\n% Nghi dinh 42\n%%EOF\n")

    for catid, parent, title, alias, sort in [
        (1, 0, "Thời sự", "thoi-su", 1),
        (2, 0, "Kinh tế", "kinh-te", 2),
        (3, 2, "Nông nghiệp", "nong-nghiep", 3),
        (4, 3, "Cây lúa", "cay-lua", 4),
        (5, 0, "\u00d0ời sống", "doi-song", 5),
        (6, 0, unicodedata.normalize("NFD", "Văn hoá"), "van-hoa", 6),
    ]:
        writer.category("news", catid, title, alias, parent, sort=sort, status=1)
    writer.insert(
        "news_sources", [{"sourceid": 1, "title": "Báo Hải Phòng", "link": "", "add_time": 0, "edit_time": 0}]
    )
    row = writer.article_row
    rows = [
        row(
            1,
            1,
            "Đoàn công tác làm việc với thành phố",
            "tin-bai-mot",
            publtime=T2021,
            addtime=T2021,
            author="Nguyễn Văn A, Trần Thị B",
            sourceid=1,
            homeimgfile="2021_12/anh-bia.jpg",
            homeimgalt="Toàn cảnh buổi làm việc",
            homeimgthumb=1,
            hometext="<p>Chiều 01/12, đoàn <b>công tác</b>…</p>",
        ),
        row(2, 1, "Tin ngưng hiệu lực", "tin-ngung", status=0),
        row(3, 1, "Tin hẹn giờ đăng", "tin-hen-gio", status=2, publtime=FUTURE),
        row(4, 1, "Tin hết hạn", "tin-het-han", status=3, exptime=PAST),
        row(5, 2, "Tin lưu nháp", "tin-nhap", status=4),
        row(6, 2, "Tin chờ duyệt", "tin-cho-duyet", status=5),
        row(7, 2, "Tin bị từ chối", "tin-tu-choi", status=6),
        row(8, 4, "Tin thiếu ảnh", "tin-thieu-anh", homeimgfile="2021_12/khong-co.jpg", homeimgthumb=2),
        row(9, 3, "Tin HTML hỏng", "tin-html-hong"),
        row(10, 5, NFD_TITLE, "tin-nfd", hometext=unicodedata.normalize("NFD", "Tóm tắt tiếng Việt")),
        row(11, 1, "Tin trùng đường dẫn", "tin-bai-mot"),
        row(12, 99, "Tin mất chuyên mục", "tin-mat-chuyen-muc"),
        row(13, 6, "Tin có hạn", "tin-co-han", exptime=FUTURE),
    ]
    bodies = {
        1: "<p>Theo Nghị định số 42/2022/NĐ-CP, cổng thông tin phải cập nhật.</p>"
        '<p><img src="/uploads/tin-tuc/2021_12/anh-trong-bai.jpg" alt="Quang cảnh" width="600" style="x"></p>'
        "<p>Đoạn cuối.</p>",
        8: '<p>Trước ảnh.</p><p><img src="/uploads/tin-tuc/2021_12/mat-roi.jpg"></p>'
        '<figure><img src="http://example.invalid/ngoai.jpg"><figcaption>Ảnh ngoài</figcaption></figure>',
        9: '<p>Đoạn <b>đậm <i>nghiêng</p><div onclick="x()"><script>alert(1)</script><table><tr><td>Ô bảng',
        10: unicodedata.normalize("NFD", "<p>Nội dung tiếng Việt dựng sẵn.</p>") + "<p>\u00d0ã xong.</p>",
    }
    writer.articles(
        "news", rows, {r["id"]: bodies.get(r["id"], f"<p>Nội dung {r['title']}.</p>") for r in rows}
    )
    writer.tags("news", {1: "chuyển đổi số", 2: "cải cách hành chính"}, [(1, 1), (1, 2), (9, 1)])

    # A module from before NukeViet 4.0.29: bodies in _bodyhtml_1, plain text in _bodytext.
    writer.insert(
        "tintuc_cu_cat",
        [{"catid": 1, "parentid": 0, "title": "Tin cũ", "alias": "tin-cu-cm", "weight": 1, "sort": 1}],
    )
    old_rows = [row(1, 1, "Tin cũ có HTML", "tin-cu-html"), row(2, 1, "Tin cũ chỉ có văn bản", "tin-cu-text")]
    writer.insert("tintuc_cu_rows", old_rows)
    writer.insert(
        "tintuc_cu_bodyhtml_1", [{"id": 1, "bodyhtml": "<p>Thân bài <em>cũ</em>.</p>", "sourcetext": ""}]
    )
    writer.insert(
        "tintuc_cu_bodytext",
        [{"id": 1, "bodytext": "Thân bài cũ."}, {"id": 2, "bodytext": "Dòng một.\n\nDòng hai."}],
    )

    writer.law_lookups(
        "laws",
        {1: "Nghị định", 2: "Quyết định"},
        {1: "Chính phủ", 2: "Ủy ban nhân dân thành phố"},
        {1: "Thông tin và truyền thông"},
        {1: "Lê Minh Khái", 2: "Nguyễn Văn Tùng"},
    )
    law = writer.law_row
    writer.insert(
        "laws_row",
        [
            law(
                1,
                "43/2011/NĐ-CP",
                "Nghị định về cung cấp thông tin trên trang thông tin điện tử",
                alias="nghi-dinh-43-1",
                publtime=1_307_898_000,
                startvalid=1_312_131_600,
            ),
            law(
                2,
                "42/2022/NĐ-CP",
                "Nghị định quy định về việc cung cấp thông tin và dịch vụ công trực tuyến",
                alias="nghi-dinh-42-2",
                replacement="1",
                area_ids="1",
                publtime=1_656_003_600,
                startvalid=1_660_496_400,
                files="2022_06/42-2022-nd-cp.pdf,2022_06/khong-co.pdf",
            ),
            law(3, "99/2020/NĐ-CP", "Văn bản ẩn", alias="van-ban-an-3", status=0),
            law(4, "", "Văn bản không số", alias="khong-so-4"),
            law(
                5,
                "15/2023/QĐ-UBND",
                "Quyết định sửa đổi, bổ sung Quyết định số 10/2020/QĐ-UBND",
                cid=2,
                sid=2,
                sgid=2,
                alias="quyet-dinh-15-5",
                relatement="6",
                publtime=1_680_000_000,
            ),
            law(
                6,
                "10/2020/QĐ-UBND",
                "Quyết định ban hành quy chế",
                cid=2,
                sid=2,
                sgid=2,
                alias="quyet-dinh-10-6",
                publtime=1_590_000_000,
            ),
            law(
                7,
                "20/2024/QĐ-UBND",
                "Quyết định thay thế quy chế",
                cid=2,
                sid=2,
                sgid=2,
                alias="quyet-dinh-20-7",
                publtime=1_710_000_000,
            ),
        ],
    )
    writer.insert("laws_set_replace", [{"id": 1, "oid": 7, "nid": 6}])
    writer.page(
        "page",
        1,
        "Giới thiệu chung",
        "gioi-thieu-chung",
        "<p>Cơ cấu tổ chức của Sở.</p>",
        image="tru-so.jpg",
        imagealt="Trụ sở",
        add_time=T2021,
    )
    writer.page("page", 2, "Trang ẩn", "trang-an", "<p>Ẩn.</p>", status=0)


@pytest.fixture
def nukeviet_db(mariadb_server: MysqlAddress, tmp_path: Path) -> Iterator[tuple[MysqlAddress, Path]]:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    with empty_database(mariadb_server, "h19_test_") as address:
        connection = address.connect(read_only=False)
        try:
            fill_site(NukeVietWriter(connection), uploads)
        finally:
            connection.close()
        yield address, uploads


@pytest.fixture
def run_import(nukeviet_db: tuple[MysqlAddress, Path], home: Any) -> Any:
    from cong.migrate_nukeviet.importer import NukeVietImporter

    address, uploads = nukeviet_db

    def _run(**kwargs: Any) -> Any:
        source = NukeVietSource(address.connect())
        try:
            return NukeVietImporter(source, uploads, home=home, progress=False, **kwargs).run()
        finally:
            source.close()

    return _run
