"""The ``cong`` command: Django management commands with Cổng's settings.

``./cong demo`` and ``./cong test`` need a little help before Django starts:
the demo creates a persistent secret key in the data dir, and the test suite
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


def ensure_secret_key() -> None:
    """Create $CONG_DATA_DIR/secret_key (mode 600) unless a key is configured."""
    if os.environ.get("CONG_SECRET_KEY"):
        return
    key_file = _data_dir() / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    if command == "test":
        import pytest

        os.environ["DJANGO_SETTINGS_MODULE"] = "cong.settings_test"
        sys.exit(pytest.main(args[1:]))
    if command == "demo":
        ensure_secret_key()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["cong", *args])
    except ImproperlyConfigured as error:  # a configuration mistake: a message for people, not a stack dump
        sys.exit(f"cong: {error}")


if __name__ == "__main__":
    main()
