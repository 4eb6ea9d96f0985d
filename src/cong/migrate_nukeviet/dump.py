"""A NukeViet SQL dump (mysqldump / phpMyAdmin export) loaded into a throw-away MariaDB database.

The dump is loaded by the MariaDB/MySQL command-line client, not parsed here: dumps carry
``/*!40101 ... */`` version comments, ``DELIMITER`` blocks, multi-row INSERTs with escaped binary
strings and character-set switches, and only the server's own parser reads all of them exactly as the
NukeViet site did. The database gets a random name, is read like any NukeViet database and is dropped
afterwards.
"""

from __future__ import annotations

import gzip
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .source import MysqlAddress, SourceError, identifier


def client_binary() -> str:
    found = shutil.which("mariadb") or shutil.which("mysql")
    if not found:
        raise SourceError("cần trình khách mariadb (gói Debian mariadb-client) để nạp tệp SQL")
    return found


@contextmanager
def scratch_database(
    dump: Path, server: MysqlAddress, prefix: str = "cong_nukeviet_"
) -> Iterator[MysqlAddress]:
    """Create a database, load the dump into it, yield its address, drop it whatever happens."""
    if not dump.is_file():
        raise SourceError(f"không thấy tệp SQL: {dump}")
    name = f"{prefix}{secrets.token_hex(4)}"
    admin = server.connect(database="", read_only=False)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE {identifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        try:
            load(dump, server, name)
            yield MysqlAddress(server.host, server.port, server.user, server.password, name)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {identifier(name)}")
    finally:
        admin.close()


def load(dump: Path, server: MysqlAddress, database: str) -> None:
    command = [
        client_binary(),
        f"--host={server.host}",
        f"--port={server.port}",
        f"--user={server.user}",
        "--protocol=TCP",
        "--default-character-set=utf8mb4",
        database,
    ]
    env = {**os.environ, "MYSQL_PWD": server.password}
    opener = gzip.open if dump.suffix == ".gz" else open
    with opener(dump, "rb") as handle:
        result = subprocess.run(command, stdin=handle, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[:500]
        raise SourceError(f"nạp tệp SQL không thành công: {message}")
