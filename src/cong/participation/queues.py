"""Who works on which questions."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import Question
from .roles import HEAD


def sees_all_questions(user: AbstractBaseUser) -> bool:
    return bool(user.is_superuser or user.groups.filter(name=HEAD).exists())


def visible_questions(user: AbstractBaseUser) -> QuerySet[Question]:
    """The questions a staff member works on: everything for the Trưởng Ban biên tập and superusers,
    else the queues of their departments plus what is assigned to them."""
    questions = Question.objects.all()
    if sees_all_questions(user):
        return questions
    return questions.filter(Q(department__members=user) | Q(assignee=user)).distinct()
