"""Production start-up: a missing secret key is a clear error, not a silent insecure default."""

import os
import subprocess
import sys
from pathlib import Path


def run_cli(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("CONG_") and k != "DJANGO_SETTINGS_MODULE"
    }
    clean.update(CONG_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "cong.cli", *args], capture_output=True, text=True, env=clean, timeout=120
    )


def test_production_without_secret_key_fails_clearly(tmp_path: Path) -> None:
    result = run_cli(["check"], tmp_path)
    assert result.returncode != 0
    assert "CONG_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr  # a message for people, not a stack dump


def test_secret_key_from_environment_or_data_dir(tmp_path: Path) -> None:
    assert run_cli(["check"], tmp_path, CONG_SECRET_KEY="x" * 50).returncode == 0
    (tmp_path / "secret_key").write_text("y" * 50)
    assert run_cli(["check"], tmp_path).returncode == 0


def test_demo_creates_a_private_secret_key(tmp_path: Path) -> None:
    from cong.cli import ensure_secret_key

    old = os.environ.pop("CONG_SECRET_KEY", None)
    old_dir = os.environ.get("CONG_DATA_DIR")
    os.environ["CONG_DATA_DIR"] = str(tmp_path)
    try:
        ensure_secret_key()
        key_file = tmp_path / "secret_key"
        first = key_file.read_text()
        ensure_secret_key()
        assert key_file.read_text() == first  # kept, not regenerated
        assert len(first) >= 50
        assert key_file.stat().st_mode & 0o077 == 0
    finally:
        if old is not None:
            os.environ["CONG_SECRET_KEY"] = old
        if old_dir is not None:
            os.environ["CONG_DATA_DIR"] = old_dir


PROBE = (
    "from django.conf import settings; from wagtail.admin.views.account import password_reset_enabled\n"
    "print('reset-on' if password_reset_enabled() else 'reset-off', 'testserver' in settings.ALLOWED_HOSTS)"
)


def test_production_refuses_cong_testing(tmp_path: Path) -> None:
    result = run_cli(["check"], tmp_path, CONG_SECRET_KEY="x" * 50, CONG_TESTING="1")
    assert result.returncode != 0
    assert "CONG_TESTING" in result.stderr.splitlines()[-1]


def test_production_without_mail_server_has_no_password_reset(tmp_path: Path) -> None:
    """A reset link must not end up in the server log: no mail server, no "forgot password" (and a warning)."""
    result = run_cli(["check"], tmp_path, CONG_SECRET_KEY="x" * 50)
    assert result.returncode == 0 and "cong.W001" in result.stderr
    probe = run_cli(["shell", "-c", PROBE], tmp_path, CONG_SECRET_KEY="x" * 50)
    assert probe.stdout.splitlines()[-1].split() == ["reset-off", "False"], probe.stderr  # no "testserver"
    with_mail = run_cli(["check"], tmp_path, CONG_SECRET_KEY="x" * 50, CONG_EMAIL_HOST="smtp.example.gov.vn")
    assert with_mail.returncode == 0 and "cong.W001" not in with_mail.stderr
    probe = run_cli(["shell", "-c", PROBE], tmp_path, CONG_SECRET_KEY="x" * 50, CONG_EMAIL_HOST="smtp.x")
    assert probe.stdout.splitlines()[-1].split() == ["reset-on", "False"], probe.stderr
