"""Build NukeViet 4.x databases in MariaDB from NukeViet's own table definitions, for tests and benchmarks.

``data/nukeviet4_schema.sql`` holds the CREATE TABLE statements copied from NukeViet's install code
(news 4.0.29+, news before 4.0.29, page, module-laws); ``NukeVietWriter`` inserts rows the way NukeViet
stores them, and ``generate_site`` fills a whole site with generated articles and laws.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .source import MysqlAddress, identifier

SCHEMA = Path(__file__).with_name("data") / "nukeviet4_schema.sql"
MODULES = {"news": "news", "oldnews": "tintuc_cu", "page": "page", "laws": "laws"}
BASE_TIME = 1_600_000_000  # 2020-09-13


def schema_statements(
    prefix: str = "nv4", lang: str = "vi", modules: dict[str, str] | None = None
) -> list[str]:
    modules = {**MODULES, **(modules or {})}
    text = SCHEMA.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    text = text.replace("{prefix}", prefix).replace("{lang}", lang)
    for key, data in modules.items():
        text = text.replace("{" + key + "}", data)
    return [s.strip() for s in text.split(";\n") if s.strip()]


@contextmanager
def empty_database(server: MysqlAddress, prefix: str) -> Iterator[MysqlAddress]:
    """A new, empty MariaDB database named ``{prefix}{random}``, dropped afterwards."""
    name = f"{prefix}{secrets.token_hex(4)}"
    admin = server.connect(database="", read_only=False)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE {identifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        try:
            yield MysqlAddress(server.host, server.port, server.user, server.password, name)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {identifier(name)}")
    finally:
        admin.close()


class NukeVietWriter:
    """Inserts NukeViet rows (all NOT NULL columns filled, as NukeViet's admin does)."""

    def __init__(self, connection: Any, prefix: str = "nv4", lang: str = "vi") -> None:
        self.connection = connection
        self.prefix, self.lang = prefix, lang

    def table(self, name: str) -> str:
        return f"{self.prefix}_{self.lang}_{name}"

    def create_schema(self, modules: dict[str, str] | None = None) -> None:
        with self.connection.cursor() as cursor:
            for statement in schema_statements(self.prefix, self.lang, modules):
                cursor.execute(statement)
        self.connection.commit()

    def insert(self, name: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {identifier(self.table(name))} ({', '.join(identifier(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(r[c] for c in columns) for r in rows])
        self.connection.commit()

    # --- rows --------------------------------------------------------------------------------------
    def module(
        self, title: str, module_file: str, module_data: str, custom_title: str, weight: int = 1
    ) -> None:
        self.insert(
            "modules",
            [
                {
                    "title": title,
                    "module_file": module_file,
                    "module_data": module_data,
                    "module_upload": title,
                    "custom_title": custom_title,
                    "groups_view": "6",
                    "weight": weight,
                    "act": 1,
                }
            ],
        )

    def category(
        self, data: str, catid: int, title: str, alias: str, parentid: int = 0, sort: int = 0, **extra: Any
    ) -> None:
        row = {
            "catid": catid,
            "parentid": parentid,
            "title": title,
            "alias": alias,
            "weight": sort,
            "sort": sort,
        }
        self.insert(f"{data}_cat", [{**row, **extra}])

    @staticmethod
    def article_row(id: int, catid: int, title: str, alias: str, **extra: Any) -> dict[str, Any]:
        row = {
            "id": id,
            "catid": catid,
            "listcatid": str(catid),
            "author": "",
            "sourceid": 0,
            "addtime": BASE_TIME + id * 3600,
            "edittime": BASE_TIME + id * 3600,
            "status": 1,
            "publtime": BASE_TIME + id * 3600,
            "exptime": 0,
            "title": title,
            "alias": alias,
            "hometext": f"Tóm tắt {title}",
            "homeimgfile": "",
            "homeimgalt": "",
            "homeimgthumb": 0,
        }
        row.update(extra)
        return row

    def articles(
        self, data: str, rows: list[dict[str, Any]], bodies: dict[int, str], old: bool = False
    ) -> None:
        self.insert(f"{data}_rows", rows)
        if old:
            self.insert(
                f"{data}_bodyhtml_1",
                [{"id": i, "bodyhtml": b, "sourcetext": ""} for i, b in bodies.items() if b],
            )
            self.insert(f"{data}_bodytext", [{"id": i, "bodytext": b} for i, b in bodies.items()])
        else:
            self.insert(
                f"{data}_detail",
                [
                    {"id": i, "titlesite": "", "description": "", "bodyhtml": b, "sourcetext": ""}
                    for i, b in bodies.items()
                ],
            )

    def tags(self, data: str, tags: dict[int, str], links: list[tuple[int, int]]) -> None:
        self.insert(
            f"{data}_tags",
            [
                {"tid": t, "numnews": 0, "title": title, "alias": f"tag-{t}", "description": ""}
                for t, title in tags.items()
            ],
        )
        self.insert(f"{data}_tags_id", [{"id": a, "tid": t, "keyword": tags[t][:65]} for a, t in links])

    def law_lookups(
        self,
        data: str,
        cats: dict[int, str],
        subjects: dict[int, str],
        areas: dict[int, str],
        signers: dict[int, str],
    ) -> None:
        common = {"introduction": "", "keywords": ""}
        self.insert(
            f"{data}_cat", [{"id": i, "title": t, "alias": f"loai-{i}", **common} for i, t in cats.items()]
        )
        self.insert(
            f"{data}_subject",
            [{"id": i, "title": t, "alias": f"cq-{i}", **common} for i, t in subjects.items()],
        )
        self.insert(
            f"{data}_area", [{"id": i, "title": t, "alias": f"lv-{i}", **common} for i, t in areas.items()]
        )
        self.insert(f"{data}_signer", [{"id": i, "title": t} for i, t in signers.items()])

    @staticmethod
    def law_row(id: int, code: str, title: str, **extra: Any) -> dict[str, Any]:
        row = {
            "id": id,
            "replacement": "",
            "relatement": "",
            "title": title,
            "alias": f"van-ban-{id}",
            "code": code,
            "area_ids": "",
            "cid": 1,
            "sid": 1,
            "eid": 0,
            "sgid": 1,
            "note": "",
            "introtext": title,
            "bodytext": "",
            "keywords": "",
            "groups_view": "6",
            "groups_download": "6",
            "files": "",
            "status": 1,
            "approval": 1,
            "addtime": BASE_TIME,
            "edittime": BASE_TIME,
            "publtime": BASE_TIME,
            "startvalid": 0,
            "exptime": 0,
        }
        row.update(extra)
        return row

    def page(self, data: str, id: int, title: str, alias: str, bodytext: str, **extra: Any) -> None:
        row = {"id": id, "title": title, "alias": alias, "bodytext": bodytext, "description": "", "status": 1}
        row.update(extra)
        self.insert(data, [row])


def generate_site(
    writer: NukeVietWriter, uploads: Path, articles: int, laws: int, seed: int = 19
) -> dict[str, Any]:
    """A news module ("tin-tuc", data ``news``) with nested categories, ``articles`` articles (all
    published, each citing a law by its number, one photo in ten bodies), ``laws`` laws (one in ten
    replacing the previous one), a static page. Returns what was generated, for checking."""
    rng = random.Random(seed)
    writer.create_schema()
    writer.module("tin-tuc", "news", "news", "Tin tức", 1)
    writer.module("van-ban", "laws", "laws", "Văn bản", 2)
    writer.module("gioi-thieu", "page", "page", "Giới thiệu", 3)
    cats = [(1, 0, "Thời sự"), (2, 0, "Kinh tế"), (3, 2, "Nông nghiệp"), (4, 0, "Văn hóa"), (5, 4, "Du lịch")]
    for n, (catid, parent, title) in enumerate(cats):
        writer.category("news", catid, title, f"chuyen-muc-{catid}", parent, sort=n + 1, status=1)
    photo_dir = uploads / "tin-tuc" / "2020_09"
    photo_dir.mkdir(parents=True, exist_ok=True)
    photo = photo_dir / "anh-mau.jpg"
    if not photo.exists():
        from PIL import Image

        Image.new("RGB", (64, 40), (36, 87, 122)).save(photo, "JPEG")
    writer.law_lookups(
        "laws",
        {1: "Nghị định", 2: "Quyết định", 3: "Thông tư"},
        {1: "Chính phủ", 2: "Ủy ban nhân dân thành phố"},
        {1: "Giáo dục", 2: "Xây dựng"},
        {1: "Nguyễn Văn A"},
    )
    suffix = {1: "NĐ-CP", 2: "QĐ-UBND", 3: "TT-BGDĐT"}
    law_rows, numbers = [], []
    for i in range(1, laws + 1):
        cid = 1 + i % 3
        year = 2000 + i % 20
        code = f"{i}/{year}/{suffix[cid]}"
        numbers.append((code, year))
        law_rows.append(
            writer.law_row(
                i,
                code,
                f"Văn bản số {i} về quản lý nhà nước",
                cid=cid,
                sid=1 + i % 2,
                area_ids=str(1 + i % 2),
                publtime=BASE_TIME - (20 - i % 20) * 365 * 86400,
                alias=f"van-ban-so-{i}-{i}",
                replacement=str(i - 1) if i % 10 == 0 else "",
            )
        )
    for start in range(0, len(law_rows), 1000):
        writer.insert("laws_row", law_rows[start : start + 1000])
    words = "chính quyền nhân dân phát triển kinh tế xã hội đô thị nông thôn giáo dục y tế văn hóa du lịch".split()
    for start in range(1, articles + 1, 1000):
        rows, bodies = [], {}
        for i in range(start, min(start + 1000, articles + 1)):
            code, _year = numbers[rng.randrange(len(numbers))] if numbers else ("", 0)
            title = " ".join(rng.choice(words) for _ in range(8)).capitalize() + f" {i}"
            rows.append(
                writer.article_row(i, rng.choice(cats)[0], title, f"tin-bai-{i}", author="Phóng viên")
            )
            text = " ".join(rng.choice(words) for _ in range(60))
            citation = f" theo Nghị định số {code}" if code else ""
            image = '<p><img src="/uploads/tin-tuc/2020_09/anh-mau.jpg" alt="Ảnh"></p>' if i % 10 == 0 else ""
            bodies[i] = f"<p>{text}{citation}.</p>{image}<p>{text}</p>"
        writer.articles("news", rows, bodies)
    writer.page("page", 1, "Giới thiệu chung", "gioi-thieu-chung", "<p>Cơ cấu tổ chức.</p>")
    return {"categories": len(cats), "articles": articles, "laws": laws, "pages": 1}
