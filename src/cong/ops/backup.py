"""Backup and restore: one archive with the database, the media files and a manifest of checksums.

Archive layout (a tar file, gzip-compressed by default, optionally encrypted with gpg)::

    db/cong.sqlite3 | db/cong.pgdump    the database: SQLite online backup API / pg_dump -Fc
    media/...                           every file under MEDIA_ROOT
    manifest.json                       versions, engine, migrations, sha256 and size of every member

The manifest is written last, from the bytes that went into the archive. A restore first reads the
whole archive and compares every member with the manifest; only then does it touch the target. The
secret key is not in the archive (it would let anyone with the archive forge sessions); a restored
portal gets the key of its new data dir (``./cong init``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE_NAME = re.compile(r"^cong-backup-(\d{8})-(\d{6})(?:-\d+)?\.tar(?:\.gz)?(?:\.gpg)?$")
CHUNK = 1024 * 1024

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    data_bytes: int
    members: int


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _quiet(message: str) -> None:
    pass


# --- database -------------------------------------------------------------------------------------------


def _db() -> dict[str, Any]:
    return settings.DATABASES["default"]


def engine() -> str:
    return "postgresql" if "postgresql" in _db()["ENGINE"] else "sqlite"


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _tool_major(tool: str) -> int:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"Không tìm thấy {tool} (gói Debian postgresql-client).")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if match is None:
        raise BackupError(f"Không đọc được phiên bản của {tool}: {output!r}")
    return int(match.group(1))


def _server_major() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def check_pg_tools(tool: str) -> None:
    """pg_dump and pg_restore refuse a server newer than themselves: say so before starting."""
    tool_major, server_major = _tool_major(tool), _server_major()
    if tool_major < server_major:
        raise BackupError(
            f"{tool} {tool_major} cũ hơn máy chủ PostgreSQL {server_major}: cài postgresql-client-{server_major}."
        )


def applied_migrations_sqlite(path: Path) -> list[list[str]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return [list(row) for row in rows]


def applied_migrations() -> list[list[str]]:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def dump_sqlite(target: Path) -> None:
    """A consistent copy through SQLite's online backup API, in one step (one read snapshot: in WAL mode
    writers go on meanwhile), checked with ``PRAGMA integrity_check``."""
    source_path = Path(_db()["NAME"])
    if not source_path.exists():
        raise BackupError(f"Không có CSDL {source_path}.")
    with contextlib.closing(sqlite3.connect(source_path, timeout=60)) as source:
        with contextlib.closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"Bản sao CSDL không toàn vẹn: {result}")


def dump_postgres(target: Path) -> None:
    check_pg_tools("pg_dump")
    db = _db()
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--compress=6", "--file", str(target), "--dbname", db["NAME"]],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump lỗi: {result.stderr.strip()}")


# --- archive writing ------------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile and hashes exactly the bytes that go into the archive."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str, members: dict[str, dict[str, Any]]) -> int:
    with path.open("rb") as file:
        info = tar.gettarinfo(fileobj=file, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    members[name] = {"sha256": reader.sha.hexdigest(), "size": info.size}
    return info.size


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                yield path, "media/" + path.relative_to(root).as_posix()


def _versions() -> dict[str, str]:
    return {
        "cong": version("cong"),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "python": sys.version.split()[0],
    }


def archive_name(now: datetime, dest: Path, compress: bool, encrypt: bool) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    suffix = ".tar" + (".gz" if compress else "") + (".gpg" if encrypt else "")
    path = dest / f"cong-backup-{stamp}{suffix}"
    n = 1
    while path.exists():
        path = dest / f"cong-backup-{stamp}-{n}{suffix}"
        n += 1
    return path


def create_backup(
    dest: Path,
    *,
    compress: bool = True,
    passphrase: str | None = None,
    recipient: str | None = None,
    log: Log = _quiet,
) -> BackupResult:
    """Write one archive into ``dest``; returns its path. The archive appears only when complete."""
    started = time.monotonic()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = archive_name(now, dest, compress, bool(passphrase or recipient))
    kind = engine()
    with tempfile.TemporaryDirectory(prefix=".cong-backup-", dir=dest) as tmp_dir:
        tmp = Path(tmp_dir)
        db_name = "db/cong.sqlite3" if kind == "sqlite" else "db/cong.pgdump"
        db_file = tmp / Path(db_name).name
        log(f"[1/3] Sao lưu CSDL ({kind}) ...")
        if kind == "sqlite":
            dump_sqlite(db_file)
            migrations = applied_migrations_sqlite(db_file)
        else:
            migrations = applied_migrations()
            dump_postgres(db_file)
        data_bytes = db_file.stat().st_size
        members: dict[str, dict[str, Any]] = {}
        tar_path = tmp / "archive.tar"
        log("[2/3] Ghi tệp media và bản kê ...")
        with (
            tarfile.open(tar_path, "w:gz", compresslevel=6)
            if compress
            else tarfile.open(tar_path, "w") as tar
        ):
            _add_file(tar, db_file, db_name, members)
            media_count = 0
            for path, name in _media_files(Path(settings.MEDIA_ROOT)):
                try:
                    data_bytes += _add_file(tar, path, name, members)
                except FileNotFoundError:  # deleted while the backup ran
                    continue
                media_count += 1
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "versions": _versions(),
                "engine": kind,
                "database": db_name,
                "migrations": migrations,
                "media_files": media_count,
                "members": members,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
        if passphrase or recipient:
            log("[3/3] Mã hoá (gpg) ...")
            encrypted = tmp / "archive.gpg"
            gpg_encrypt(tar_path, encrypted, passphrase=passphrase, recipient=recipient)
            tar_path = encrypted
        else:
            log("[3/3] Hoàn tất.")
        with tar_path.open("rb") as file:
            os.fsync(file.fileno())
        os.chmod(tar_path, 0o600)
        os.replace(tar_path, final)
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        seconds=time.monotonic() - started,
        data_bytes=data_bytes,
        members=len(members),
    )


# --- encryption (gpg) -----------------------------------------------------------------------------------


def read_passphrase_file(path: str | Path | None) -> str | None:
    if not path:
        return None
    return Path(path).read_text(encoding="utf-8").strip() or None


@contextlib.contextmanager
def _gpg_home(needs_keyring: bool) -> Iterator[dict[str, str]]:
    """A throw-away GNUPGHOME for passphrase-only work (the service user may have no home)."""
    env = dict(os.environ)
    if needs_keyring:
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="cong-gpg-") as home:
        os.chmod(home, 0o700)
        env["GNUPGHOME"] = home
        yield env


def _gpg(args: list[str], env: dict[str, str], passphrase: str | None) -> None:
    gpg = shutil.which("gpg")
    if gpg is None:
        raise BackupError("Không tìm thấy gpg (gói Debian gnupg).")
    command = [gpg, "--batch", "--yes", "--quiet", "--no-tty"]
    if passphrase is not None:
        command += ["--pinentry-mode", "loopback", "--passphrase-fd", "0"]
    result = subprocess.run(
        command + args, input=(passphrase or "").encode(), capture_output=True, env=env, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError("gpg lỗi: " + (detail[-1] if detail else f"mã {result.returncode}"))


def gpg_encrypt(source: Path, target: Path, *, passphrase: str | None, recipient: str | None) -> None:
    with _gpg_home(needs_keyring=bool(recipient)) as env:
        if recipient:
            args = ["--trust-model", "always", "--encrypt", "--recipient", recipient]
        else:
            args = ["--symmetric", "--cipher-algo", "AES256", "--s2k-digest-algo", "SHA512"]
        _gpg([*args, "--compress-algo", "none", "--output", str(target), str(source)], env, passphrase)


def gpg_decrypt(source: Path, target: Path, passphrase: str | None) -> None:
    with _gpg_home(needs_keyring=passphrase is None) as env:
        try:
            _gpg(["--decrypt", "--output", str(target), str(source)], env, passphrase)
        except BackupError as exc:
            raise BackupError(
                f"Không giải mã được {source.name} (sai mật khẩu, thiếu khóa hoặc tệp hỏng). {exc}"
            ) from exc


# --- verification ---------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return (
        bool(parts)
        and not name.startswith("/")
        and ".." not in parts
        and parts[0] in {"db", "media", MANIFEST}
    )


def verify(archive: Path) -> dict[str, Any]:
    """Read the whole (decrypted) archive, check every member against the manifest; return the manifest.

    Raises BackupError with a clear message for a truncated, corrupted or foreign archive."""
    found: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for info in tar:
                if info.isdir():
                    continue
                if not info.isfile() or not _safe_name(info.name):
                    raise BackupError(f"Tệp sao lưu có mục không hợp lệ: {info.name!r}")
                file = tar.extractfile(info)
                assert file is not None
                if info.name == MANIFEST:
                    manifest = json.loads(file.read().decode("utf-8"))
                    continue
                sha = hashlib.sha256()
                while chunk := file.read(CHUNK):
                    sha.update(chunk)
                found[info.name] = {"sha256": sha.hexdigest(), "size": info.size}
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise BackupError(
            f"Tệp sao lưu {archive.name} hỏng hoặc bị cắt cụt ({type(exc).__name__}: {exc})."
        ) from exc
    if manifest is None:
        raise BackupError(
            f"Tệp sao lưu {archive.name} không có bản kê {MANIFEST} (bị cắt cụt hoặc không phải của Cổng)."
        )
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')!r} không được hỗ trợ.")
    expected: dict[str, dict[str, Any]] = manifest.get("members", {})
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(name for name in set(expected) & set(found) if expected[name] != found[name])
    if missing or extra or changed:
        raise BackupError(
            "Tệp sao lưu không khớp bản kê: "
            + "; ".join(
                f"{label}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
                for label, names in (("thiếu", missing), ("thừa", extra), ("sai tổng kiểm", changed))
                if names
            )
        )
    if manifest.get("database") not in found:
        raise BackupError("Tệp sao lưu không có CSDL.")
    return manifest


# --- restore --------------------------------------------------------------------------------------------


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _postgres_has_tables() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        return cursor.fetchone()[0] > 0


def _dir_has_files(path: Path) -> bool:
    return path.is_dir() and any(p.is_file() for p in path.rglob("*"))


def check_target(manifest: dict[str, Any], force: bool) -> None:
    kind = engine()
    if manifest["engine"] != kind:
        raise BackupError(
            f"Bản sao lưu là CSDL {manifest['engine']}, còn cấu hình hiện tại là {kind}: đặt DATABASE_URL cho "
            "đúng loại CSDL trước khi khôi phục."
        )
    if force:
        return
    busy = []
    if kind == "sqlite" and _sqlite_has_tables(Path(_db()["NAME"])):
        busy.append(f"CSDL {_db()['NAME']} đã có dữ liệu")
    if kind == "postgresql" and _postgres_has_tables():
        busy.append(f"CSDL PostgreSQL {_db()['NAME']} đã có bảng")
    if _dir_has_files(Path(settings.MEDIA_ROOT)):
        busy.append(f"thư mục {settings.MEDIA_ROOT} đã có tệp")
    if busy:
        raise BackupError("Nơi khôi phục không trống: " + "; ".join(busy) + ". Thêm --force để ghi đè.")


def _extract(tar: tarfile.TarFile, prefix: str, target: Path) -> None:
    for info in tar:
        if info.isfile() and info.name.startswith(prefix):
            out = target / info.name[len(prefix) :]
            out.parent.mkdir(parents=True, exist_ok=True)
            file = tar.extractfile(info)
            assert file is not None
            with out.open("wb") as handle:
                shutil.copyfileobj(file, handle, CHUNK)
            os.utime(out, (info.mtime, info.mtime))


def restore_sqlite(db_file: Path) -> None:
    with contextlib.closing(sqlite3.connect(db_file)) as db:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"CSDL trong bản sao lưu không toàn vẹn: {result}")
    target = Path(_db()["NAME"])
    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(db_file, target)


def restore_postgres(dump: Path, force: bool) -> None:
    check_pg_tools("pg_restore")
    db = _db()
    if force:
        with connections["default"].cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            db["NAME"],
            str(dump),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore lỗi: {result.stderr.strip()}")


def restore_backup(
    archive: Path, *, force: bool = False, passphrase: str | None = None, log: Log = _quiet
) -> RestoreResult:
    """Restore ``archive`` into the configured database and MEDIA_ROOT (see module docstring)."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không có tệp {archive}.")
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(prefix=".cong-restore-", dir=data_dir) as tmp_dir:
        tmp = Path(tmp_dir)
        plain = archive
        if archive.suffix == ".gpg":
            log("[1/4] Giải mã ...")
            plain = tmp / "archive.tar"
            gpg_decrypt(archive, plain, passphrase)
        log("[2/4] Kiểm tra toàn bộ tệp sao lưu với bản kê ...")
        manifest = verify(plain)
        check_target(manifest, force)
        log("[3/4] Giải nén ...")
        with tarfile.open(plain, "r:*") as tar:
            _extract(tar, "db/", tmp / "db")
        with tarfile.open(plain, "r:*") as tar:
            _extract(tar, "media/", tmp / "media")
        log("[4/4] Khôi phục CSDL và tệp media ...")
        db_file = tmp / manifest["database"]
        if manifest["engine"] == "sqlite":
            restore_sqlite(db_file)
        else:
            restore_postgres(db_file, force)
        media = Path(settings.MEDIA_ROOT)
        old = media.with_name(f"{media.name}.before-restore")
        if media.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(media, old)
        (tmp / "media").mkdir(exist_ok=True)
        os.replace(tmp / "media", media)
        shutil.rmtree(old, ignore_errors=True)
    result = RestoreResult(manifest=manifest)
    try:
        from cong.pagecache.store import bump_generation

        bump_generation()  # cached pages of the previous content are never served again
    except Exception as exc:
        result.notes.append(f"Không làm mới được bộ nhớ đệm trang ({exc}); hãy khởi động lại máy chủ.")
    result.notes.extend(version_notes(manifest))
    return result


def version_notes(manifest: dict[str, Any]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    notes = []
    archived = {tuple(m) for m in manifest.get("migrations", [])}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if archived - known:
        notes.append(
            "Bản sao lưu có migration mà mã nguồn này không có (sao lưu từ phiên bản mới hơn, "
            f"{manifest['versions'].get('cong')}): hãy cài đúng phiên bản đó."
        )
    elif known - archived:
        notes.append("Mã nguồn mới hơn bản sao lưu: chạy ./cong upgrade để cập nhật CSDL.")
    return notes


# --- retention ------------------------------------------------------------------------------------------


def archives(dest: Path) -> list[tuple[datetime, Path]]:
    found = []
    for path in Path(dest).iterdir() if Path(dest).is_dir() else []:
        match = ARCHIVE_NAME.match(path.name)
        if match and path.is_file():
            found.append((datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S"), path))
    return sorted(found, reverse=True)


def prune(dest: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Keep the newest archive of each of the last ``keep_daily`` days and ``keep_weekly`` ISO weeks that
    have one (and always the newest of all); delete the other Cổng archives in ``dest``."""
    found = archives(dest)
    keep: set[Path] = {found[0][1]} if found else set()
    days: list[Any] = []
    weeks: list[Any] = []
    for stamp, path in found:
        day, week = stamp.date(), stamp.isocalendar()[:2]
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(path)
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.append(week)
            keep.add(path)
    removed = [path for _, path in found if path not in keep]
    for path in removed:
        path.unlink()
    return removed
