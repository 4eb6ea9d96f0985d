"""``/healthz`` (the process answers), ``/readyz`` (it can serve: database, cache, migrations, disk,
scheduler) and ``/metrics`` (Prometheus, for allowed addresses or a bearer token). JSON, never cached:
the paths are in PAGECACHE_EXCLUDE, the answers carry ``Cache-Control: no-store``, and they are not
Wagtail pages, so the visitor counter never counts them."""

from __future__ import annotations

import hmac
import ipaddress
import shutil
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import metrics

_migrations_checked_at = 0.0
MIGRATION_CHECK_SECONDS = 300.0


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database() -> dict[str, Any]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connections[DEFAULT_DB_ALIAS].vendor}


def check_cache() -> dict[str, Any]:
    key = "ops:readyz"
    value = str(time.time_ns())
    cache.set(key, value, 30)
    if cache.get(key) != value:
        return {"ok": False, "detail": "giá trị ghi vào bộ nhớ đệm không đọc lại được"}
    return {"ok": True}


def check_migrations() -> dict[str, Any]:
    """Every migration applied; a positive answer is kept for five minutes (the check reads every
    migration file)."""
    global _migrations_checked_at
    if time.monotonic() - _migrations_checked_at < MIGRATION_CHECK_SECONDS:
        return {"ok": True}
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = [f"{m.app_label}.{m.name}" for m, _ in plan[:5]]
        return {"ok": False, "detail": f"{len(plan)} migration chưa chạy (./cong upgrade)", "pending": names}
    _migrations_checked_at = time.monotonic()
    return {"ok": True}


def check_disk() -> dict[str, Any]:
    free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    return {
        "ok": free_mb >= settings.MIN_FREE_DISK_MB,
        "free_mb": free_mb,
        "min_mb": settings.MIN_FREE_DISK_MB,
    }


def check_scheduler() -> dict[str, Any]:
    from django.db.models import Max

    from .models import Heartbeat

    seen = Heartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    if seen is None:
        return {"ok": False, "detail": "chưa có bộ lập lịch nào chạy (./cong scheduler)"}
    age = (timezone.now() - seen).total_seconds()
    return {"ok": age <= settings.SCHEDULER_MAX_AGE, "age_seconds": round(age)}


# Failing one of these makes the instance not ready (503); the scheduler only degrades it: a web
# server without a scheduler still serves readers, and a load balancer must not drop it for that.
CRITICAL = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
    "disk": check_disk,
}
ADVISORY = {"scheduler": check_scheduler}


def run_check(check: Any) -> dict[str, Any]:
    try:
        return check()
    except Exception as exc:  # any failure of a dependency is a "not ready", never a 500
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {name: run_check(check) for name, check in CRITICAL.items()}
    if not checks["database"]["ok"]:
        checks["migrations"] = {"ok": False, "detail": "không kiểm tra được khi CSDL không sẵn sàng"}
        checks["scheduler"] = {"ok": False, "detail": "không kiểm tra được khi CSDL không sẵn sàng"}
    else:
        checks.update({name: run_check(check) for name, check in ADVISORY.items()})
    if not all(checks[name]["ok"] for name in CRITICAL):
        status, code = "fail", 503
        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
    elif not all(checks[name]["ok"] for name in ADVISORY):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _allowed_address(request: HttpRequest) -> bool:
    # Through a proxy every client would look like 127.0.0.1: an address counts only for direct requests.
    if any(h in request.META for h in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").split("%")[0])
    except ValueError:
        return False
    for network in settings.METRICS_ALLOWED:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def _valid_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not (_valid_token(request) or _allowed_address(request)):
        return HttpResponse("Không được phép.\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
