"""Publishing an answer (at the end of its workflow) answers the question; unpublishing reopens it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail.signals import published, unpublished

from .models import Answer, Question


def _answer_published(sender: type[Answer], instance: Answer, **kwargs: Any) -> None:
    question = Question.objects.get(pk=instance.question_id)
    question.status = Question.Status.ANSWERED
    question.published_at = question.published_at or timezone.now()
    question.save()


def _answer_unpublished(sender: type[Answer], instance: Answer, **kwargs: Any) -> None:
    question = Question.objects.get(pk=instance.question_id)
    if question.status == Question.Status.ANSWERED:
        question.status = Question.Status.PROCESSING
        question.save()


published.connect(_answer_published, sender=Answer, dispatch_uid="participation:answer-published")
unpublished.connect(_answer_unpublished, sender=Answer, dispatch_uid="participation:answer-unpublished")
