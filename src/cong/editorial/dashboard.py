"""Dashboard panels for the editorial board, beside Wagtail's own ("Awaiting your review", "Your pages
in a workflow", "Your most recent edits"): my drafts, rejected with comments, scheduled, recently published.

Each panel shows only pages the user may see in the page explorer, newest first, at most ``LIMIT`` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from wagtail.admin.ui.components import Component
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

LIMIT = 8


def _visible_pages(user: Any) -> Any:
    return PagePermissionPolicy().explorable_instances(user)


class EditorialPanel(Component):
    template_name = "editorial/dashboard_panel.html"
    name = ""
    heading = ""
    empty = ""

    def rows(self, user: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        user = parent_context["request"].user
        return {"panel": self, "rows": self.rows(user)}


class MyDraftsPanel(EditorialPanel):
    name = "cong_my_drafts"
    heading = "Bản nháp của tôi"
    empty = "Bạn không có bản nháp nào chưa xuất bản."
    order = 205

    def rows(self, user: Any) -> list[dict[str, Any]]:
        in_workflow = WorkflowState.objects.active().values_list("object_id", flat=True)
        pages = (
            Page.objects.filter(owner=user, has_unpublished_changes=True)
            .exclude(pk__in=[int(pk) for pk in in_workflow])
            .order_by("-latest_revision_created_at")[:LIMIT]
        )
        return [
            {
                "page": page,
                "when": page.latest_revision_created_at,
                "note": "Đã xuất bản, có sửa đổi chưa xuất bản" if page.live else "Chưa xuất bản",
            }
            for page in pages
        ]


class RejectedPanel(EditorialPanel):
    name = "cong_rejected"
    heading = "Bị yêu cầu sửa"
    empty = "Không có tin bài nào của bạn đang bị yêu cầu sửa."
    order = 215

    def rows(self, user: Any) -> list[dict[str, Any]]:
        states = (
            TaskState.objects.filter(
                status=TaskState.STATUS_REJECTED,
                workflow_state__status=WorkflowState.STATUS_NEEDS_CHANGES,
            )
            .filter(Q(workflow_state__requested_by=user) | Q(revision__user=user))
            .select_related("finished_by", "task", "workflow_state")
            .order_by("-finished_at")[: LIMIT * 2]
        )
        pages = Page.objects.in_bulk([int(s.workflow_state.object_id) for s in states])
        rows, seen = [], set()
        for state in states:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            by = (
                state.finished_by.get_full_name() or state.finished_by.get_username()
                if state.finished_by
                else ""
            )
            rows.append(
                {
                    "page": page,
                    "when": state.finished_at,
                    "note": f"{state.task.name} – {by}",
                    "comment": state.comment,
                }
            )
        return rows[:LIMIT]


class ScheduledPanel(EditorialPanel):
    name = "cong_scheduled"
    heading = "Đã hẹn giờ xuất bản"
    empty = "Không có tin bài nào đang chờ đến giờ xuất bản."
    order = 230

    def rows(self, user: Any) -> list[dict[str, Any]]:
        visible = _visible_pages(user).values("pk")
        revisions = (
            Revision.page_revisions.filter(
                approved_go_live_at__isnull=False,
                object_id__in=[str(pk) for pk in visible.values_list("pk", flat=True)],
            )
            .select_related("user")
            .order_by("approved_go_live_at")[:LIMIT]
        )
        pages = Page.objects.in_bulk([int(r.object_id) for r in revisions])
        return [
            {"page": pages[int(r.object_id)], "when": r.approved_go_live_at, "note": "Sẽ xuất bản lúc"}
            for r in revisions
            if int(r.object_id) in pages
        ]


class RecentlyPublishedPanel(EditorialPanel):
    name = "cong_recently_published"
    heading = "Mới xuất bản"
    empty = "Chưa có tin bài nào được xuất bản."
    order = 240

    def rows(self, user: Any) -> list[dict[str, Any]]:
        entries = (
            PageLogEntry.objects.filter(action="wagtail.publish", page__in=_visible_pages(user))
            .select_related("user", "page")
            .order_by("-timestamp")[:LIMIT]
        )
        return [
            {
                "page": entry.page,
                "when": entry.timestamp,
                "note": f"Xuất bản bởi {entry.user_display_name}",
            }
            for entry in entries
        ]


PANELS = (MyDraftsPanel, RejectedPanel, ScheduledPanel, RecentlyPublishedPanel)
