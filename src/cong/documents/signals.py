"""Keep the citation index and the cached article links in step with articles and documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bs4 import BeautifulSoup
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .citations import find_citations
from .linking import article_date, bump_generation, candidates_for, pick
from .models import Citation, DocumentIndexPage, LegalDocument


def cited_numbers(page: Any) -> dict[str, str]:
    """Folded number -> number as first written, for every citation in the article's rich text."""
    found: dict[str, str] = {}
    for block in getattr(page, "body", []):
        if block.block_type != "text":
            continue
        text = BeautifulSoup(block.value.source, "html.parser").get_text(" ")
        for citation in find_citations(text):
            found.setdefault(citation.folded, citation.text)
    return found


def index_article(page: Any) -> None:
    """Rebuild the article's citation rows from its current text."""
    found = cited_numbers(page)
    on = article_date(page)
    candidates = candidates_for(found)
    with transaction.atomic():
        Citation.objects.filter(article_id=page.pk).exclude(number_folded__in=list(found)).delete()
        existing = {c.number_folded: c for c in Citation.objects.filter(article_id=page.pk)}
        for folded, number in found.items():
            doc = pick(candidates.get(folded, []), on)
            row = existing.get(folded) or Citation(article_id=page.pk, number_folded=folded)
            row.number, row.article_date, row.document_id = number, on, doc.pk if doc else None
            row.save()


def reresolve(folded_numbers: Iterable[str]) -> None:
    """Point the citations of these numbers at the right document after documents changed."""
    folded_numbers = set(folded_numbers)
    candidates = candidates_for(folded_numbers)
    for row in Citation.objects.filter(number_folded__in=folded_numbers):
        doc = pick(candidates.get(row.number_folded, []), row.article_date)
        if row.document_id != (doc.pk if doc else None):
            row.document_id = doc.pk if doc else None
            row.save(update_fields=["document"])


@receiver(page_published)
def _article_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    from cong.news.models import ArticlePage

    if isinstance(instance, ArticlePage):
        index_article(instance)
    elif isinstance(instance, DocumentIndexPage):
        bump_generation()


@receiver(page_unpublished)
def _page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, DocumentIndexPage):
        bump_generation()


@receiver(post_save, sender=LegalDocument)
def _document_saved(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    previous = set(Citation.objects.filter(document=instance).values_list("number_folded", flat=True))
    reresolve(previous | {instance.number_folded})
    bump_generation()


@receiver(post_delete, sender=LegalDocument)
def _document_deleted(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    reresolve({instance.number_folded})
    bump_generation()
