"""Page-cache tags of the work schedule (cong.pagecache.depends_on / invalidate_tags)."""

from __future__ import annotations


def week_label(year: int, week: int) -> str:
    """The week's address form, e.g. "2026-W49"."""
    return f"{year}-W{week:02d}"


def schedule_tag(site_id: int, year: int, week: int) -> str:
    """Tag of one week of one site's schedule: its week view and print view depend on it."""
    return f"schedule:{site_id}:{week_label(year, week)}"


def schedule_feed_tag(site_id: int) -> str:
    """Tag of a site's iCalendar feeds (they span many weeks)."""
    return f"schedule:{site_id}:feed"
