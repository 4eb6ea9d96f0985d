"""The served application keeps the cyclic collector off the tail latency (cong.ops.wsgi, gc.freeze)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

import pytest

from cong.ops import wsgi


def test_importing_the_served_application_freezes_what_start_up_built(tmp_path: Any) -> None:
    code = "import gc, cong.ops.wsgi; print(gc.get_freeze_count())"
    outside = ("CONG_TESTING", "DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS")
    env = {
        **{name: value for name, value in os.environ.items() if name not in outside},
        "CONG_DATA_DIR": str(tmp_path),
        "CONG_SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "cong.settings",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    # Django, Wagtail and the URLconf: far more than 50,000 objects, now outside every collection.
    assert int(out.stdout.strip().splitlines()[-1]) > 50_000


def test_objects_built_by_the_first_requests_are_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [])
        return [b"ok"]

    served = wsgi.MetricsWSGI(app)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "wsgi.url_scheme": "http"}
    for n in range(1, 3 * wsgi.WARM_REQUESTS):
        served(environ, lambda *args: None)
        assert len(frozen) == (1 if n >= wsgi.WARM_REQUESTS else 0), n
