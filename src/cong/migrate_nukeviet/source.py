"""Reading a NukeViet 4.x database: read-only, SELECT statements only.

The connection is opened with a read-only session and every read runs inside one read-only transaction
(``START TRANSACTION READ ONLY``), so the import sees one consistent state and cannot write to the
NukeViet database even by mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors

_IDENTIFIER = re.compile(r"^[A-Za-z0-9_]+$")


class SourceError(Exception):
    """The NukeViet database cannot be read (bad address, missing tables, ...)."""


@dataclass(frozen=True)
class MysqlAddress:
    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def parse(cls, url: str) -> MysqlAddress:
        """``mysql://user:pass@host:port/db`` (``mariadb://`` too)."""
        parts = urlsplit(url)
        if parts.scheme not in {"mysql", "mariadb"}:
            raise SourceError(
                f"địa chỉ CSDL phải có dạng mysql://user:pass@host:port/db, không phải {url[:40]!r}"
            )
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=unquote(parts.path.lstrip("/")),
        )

    def connect(self, database: str | None = None, read_only: bool = True) -> pymysql.connections.Connection:
        try:
            connection = pymysql.connect(
                host=self.host,
                port=self.port,
                user=self.user,
                password=self.password,
                database=database if database is not None else (self.database or None),
                charset="utf8mb4",
                cursorclass=pymysql.cursors.DictCursor,
                connect_timeout=10,
            )
        except pymysql.MySQLError as exc:
            raise SourceError(f"không kết nối được CSDL {self.host}:{self.port}: {exc}") from exc
        if read_only:
            with connection.cursor() as cursor:
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
                cursor.execute("START TRANSACTION READ ONLY")
        return connection


def identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise SourceError(f"tên bảng không hợp lệ: {name[:60]!r}")
    return f"`{name}`"


class NukeVietSource:
    """One language of a NukeViet site: its modules and their tables (``{prefix}_{lang}_{module_data}_*``)."""

    def __init__(self, connection: Any, prefix: str = "nv4", lang: str = "vi") -> None:
        self.connection = connection
        self.prefix = prefix
        self.lang = lang
        self._tables: set[str] | None = None

    def close(self) -> None:
        try:
            self.connection.rollback()  # ends the read-only transaction; nothing was written
        finally:
            self.connection.close()

    # --- tables -----------------------------------------------------------------------------------
    def table(self, module_data: str, suffix: str = "") -> str:
        return f"{self.prefix}_{self.lang}_{module_data}" + (f"_{suffix}" if suffix else "")

    @property
    def tables(self) -> set[str]:
        if self._tables is None:
            self._tables = {next(iter(row.values())) for row in self.select("SHOW TABLES")}
        return self._tables

    def has(self, table: str) -> bool:
        return table in self.tables

    # --- reading ----------------------------------------------------------------------------------
    def select(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        if not sql.lstrip().upper().startswith(("SELECT", "SHOW")):
            raise SourceError("chỉ được đọc (SELECT) CSDL NukeViet")
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def rows(self, table: str, order: str = "id", batch: int = 500) -> Iterator[dict[str, Any]]:
        """Every row of a table in key order, read in batches (keyset pagination, no OFFSET scans)."""
        last = -1
        while True:
            chunk = self.select(
                f"SELECT * FROM {identifier(table)} WHERE {identifier(order)} > %s "
                f"ORDER BY {identifier(order)} LIMIT {int(batch)}",
                (last,),
            )
            yield from chunk
            if len(chunk) < batch:
                return
            last = chunk[-1][order]

    def count(self, table: str) -> int:
        return int(self.select(f"SELECT COUNT(*) AS n FROM {identifier(table)}")[0]["n"])

    def modules(self, module_file: str) -> list[dict[str, Any]]:
        """The installed modules of this kind (``news``, ``laws``, ``page``): title (the URL name) and data."""
        modules = self.table("modules")
        if not self.has(modules):
            raise SourceError(f"không thấy bảng {modules}: sai tiền tố (--prefix) hoặc ngôn ngữ (--lang)?")
        return self.select(
            f"SELECT title, module_file, module_data, module_upload, custom_title FROM {identifier(modules)} "
            "WHERE module_file = %s ORDER BY weight, title",
            (module_file,),
        )
