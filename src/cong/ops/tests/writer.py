"""Run in a subprocess: saves revisions of one article, one transaction each, until STOP exists; after
each commit writes the number of revisions it has committed to PROGRESS."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from cong.news.models import ArticlePage  # noqa: E402


def main(progress: Path, stop: Path) -> None:
    from wagtail.models import PageLogEntry

    page_id = ArticlePage.objects.order_by("pk").values_list("pk", flat=True).first()
    baseline = PageLogEntry.objects.filter(page_id=page_id, action="wagtail.edit").count()
    n = 0
    while not stop.exists():
        with transaction.atomic():
            page = ArticlePage.objects.get(pk=page_id)
            page.title = f"{page.title.split(' #')[0]} #{n + 1}"
            page.save_revision(log_action=True)
        n += 1
        partial = progress.with_suffix(".tmp")
        partial.write_text(f"{page_id} {n} {baseline}")
        os.replace(partial, progress)  # readers never see a half-written file
        time.sleep(0.01)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
