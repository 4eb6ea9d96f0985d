"""./cong index_citations: rebuild the index of documents cited by every live article."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cong.documents.linking import bump_generation
from cong.documents.signals import index_article
from cong.news.models import ArticlePage


class Command(BaseCommand):
    help = "Dựng lại chỉ mục văn bản được trích dẫn trong các tin bài đang xuất bản."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for article in ArticlePage.objects.live().iterator(chunk_size=200):
            index_article(article)
            count += 1
        bump_generation()
        self.stdout.write(f"Đã lập chỉ mục trích dẫn cho {count} tin bài.")
