"""The ``cong`` command: Django management commands with Cổng's settings.

``./cong demo`` and ``./cong test`` need a little help before Django starts:
the demo and ``./cong init`` create a persistent secret key in the data dir (before the settings need
it), and the test suite
runs under pytest with the test settings.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def _data_dir() -> Path:
    path = Path(os.environ.get("CONG_DATA_DIR") or Path.cwd() / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_secret_key() -> str:
    """Create $CONG_DATA_DIR/secret_key (mode 600) unless a key is configured; never overwrite one.

    Returns what happened, for ``./cong init`` to print.
    """
    if os.environ.get("CONG_SECRET_KEY"):
        return "Khóa bí mật lấy từ biến môi trường CONG_SECRET_KEY."
    key_file = _data_dir() / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = key_file.stat().st_mode & 0o777
        warning = f" CẢNH BÁO: quyền {mode:o}, nên là 600 (chmod 600 {key_file})." if mode & 0o077 else ""
        return f"Khóa bí mật đã có tại {key_file}: giữ nguyên, không ghi đè.{warning}"
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_urlsafe(50))
    return f"Đã tạo khóa bí mật {key_file} (quyền 600)."


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    if command == "test":
        import pytest

        os.environ["DJANGO_SETTINGS_MODULE"] = "cong.settings_test"
        sys.exit(pytest.main(args[1:]))
    if command in ("demo", "restore"):  # a restore drill starts from an empty data dir
        ensure_secret_key()
    if command == "init":
        print(f"[1/5] {ensure_secret_key()}", flush=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["cong", *args])
    except ImproperlyConfigured as error:  # a configuration mistake: a message for people, not a stack dump
        sys.exit(f"cong: {error}")


if __name__ == "__main__":
    main()
