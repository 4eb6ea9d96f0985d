"""The WSGI wrapper of ``./cong serve`` answers hits exactly as Django would, before Django runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from cong.pagecache.wsgi import PageCacheWSGI


class Recorder:
    def __init__(self) -> None:
        self.status = ""
        self.headers: dict[str, str] = {}

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        self.status, self.headers = status, dict(headers)


def call(app: PageCacheWSGI, path: str, method: str = "GET", **extra: str) -> tuple[Recorder, bytes]:
    environ = RequestFactory().generic(method, path, **extra).environ
    environ.setdefault("wsgi.input", None)
    recorder = Recorder()
    body = b"".join(app(environ, recorder))
    return recorder, body


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Like Django's test client: a real handler must not close the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_hit_is_answered_by_the_wrapper(
    seed_article: Any, keep_test_connection: None, django_user_model: Any
) -> None:
    calls = []
    django_app = WSGIHandler()

    def counting_app(environ: dict[str, Any], start_response: Any) -> Any:
        calls.append(environ["PATH_INFO"])
        return django_app(environ, start_response)

    app = PageCacheWSGI(counting_app)
    miss, rendered = call(app, seed_article.url)
    assert miss.status == "200 OK" and miss.headers["X-Page-Cache"] == "miss"
    hit, cached = call(app, seed_article.url)
    assert calls == [seed_article.url]  # Django ran once
    assert cached == rendered and hit.headers["X-Page-Cache"] == "hit"
    for name in ("Content-Type", "Content-Length", "X-Frame-Options", "ETag"):
        assert hit.headers[name] == miss.headers[name], name
    head, body = call(app, seed_article.url, "HEAD")
    assert body == b"" and head.headers["Content-Length"] == miss.headers["Content-Length"]
    not_modified, body = call(app, seed_article.url, HTTP_IF_NONE_MATCH=miss.headers["ETag"])
    assert not_modified.status.startswith("304") and body == b""
    call(app, seed_article.url, HTTP_COOKIE="sessionid=abc")  # a forged session is served the copy
    assert calls == [seed_article.url]
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("bientap", password="x" * 12))
    session = editor.cookies[settings.SESSION_COOKIE_NAME].value
    call(app, seed_article.url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session}")
    assert calls == [seed_article.url, seed_article.url]  # a real editor's session goes to Django
