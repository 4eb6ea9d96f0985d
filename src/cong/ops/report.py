"""Admin report "Vận hành" (Báo cáo → Vận hành): the scheduler, the jobs' last runs and the backups.

Visible to users with ``ops.view_jobrun``: the "Quản trị" group (migration 0002) and superusers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import backup, jobs
from .models import Heartbeat, JobRun

PERMISSION = "ops.view_jobrun"


class OpsReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Vận hành"
    header_icon = "cogs"
    template_name = "ops/admin/report.html"
    breadcrumbs_items: list[dict[str, Any]] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        last = dict(JobRun.objects.values("job").annotate(last=Max("started_at")).values_list("job", "last"))
        rows = []
        for name in sorted(set(jobs.registered()) | set(last)):
            run = JobRun.objects.filter(job=name, started_at=last[name]).first() if name in last else None
            rows.append({"name": name, "run": run})
        context.update(
            heartbeats=[
                {
                    "host": beat.host,
                    "seen_at": beat.seen_at,
                    "stale": (now - beat.seen_at).total_seconds() > settings.SCHEDULER_MAX_AGE,
                }
                for beat in Heartbeat.objects.order_by("-seen_at")
            ],
            jobs=rows,
            failures=JobRun.objects.filter(ok=False).order_by("-started_at")[:20],
            archives=[
                {"name": path.name, "stamp": stamp, "size": path.stat().st_size}
                for stamp, path in backup.archives(settings.BACKUP_DIR)[:30]
            ],
            backup_dir=settings.BACKUP_DIR,
            backup_at=settings.BACKUP_AT,
        )
        return context
