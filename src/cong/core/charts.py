"""Server-side SVG charts for the admin reports (no JavaScript, readable by screen readers)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bar_chart(
    bars: Sequence[tuple[str, int]], label: str, color: str, css_class: str = "stats-chart"
) -> SafeString:
    """An accessible SVG bar chart: one bar per (label, value), each with a tooltip title.

    The chart's own label names the first and last bar and the highest value.
    """
    width, height, left, bottom = 960, 220, 56, 24
    plot_w, plot_h = width - left - 8, height - bottom - 12
    values = [value for _, value in bars]
    top = max(values, default=0) or 1
    step = plot_w / max(len(bars), 1)
    bar_w = max(step * 0.8, 0.6)
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{left + i * step:.2f}",
                f"{12 + plot_h - plot_h * value / top:.2f}",
                f"{bar_w:.2f}",
                f"{plot_h * value / top:.2f}",
                color,
                name,
                value,
            )
            for i, (name, value) in enumerate(bars)
        ),
    )
    first = bars[0][0] if bars else ""
    last = bars[-1][0] if bars else ""
    return format_html(
        '<svg class="{css}" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{label}, '
        'từ {first} đến {last}, cao nhất {top}" xmlns="http://www.w3.org/2000/svg">'
        '<line x1="{l}" y1="{base}" x2="{w}" y2="{base}" stroke="#888"/>'
        '<line x1="{l}" y1="12" x2="{l}" y2="{base}" stroke="#888"/>'
        '<text x="{lt}" y="20" text-anchor="end" font-size="12">{top}</text>'
        '<text x="{lt}" y="{base}" text-anchor="end" font-size="12">0</text>'
        '<text x="{l}" y="{h}" font-size="12">{first}</text>'
        '<text x="{w}" y="{h}" text-anchor="end" font-size="12">{last}</text>'
        "{rects}</svg>",
        css=css_class,
        w=width,
        h=height - 4,
        l=left,
        lt=left - 6,
        base=12 + plot_h,
        label=label,
        first=first,
        last=last,
        top=max(values, default=0),
        rects=rects,
    )
