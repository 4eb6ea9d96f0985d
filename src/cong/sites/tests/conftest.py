"""Component sites for the tests: created through the same code as ``./cong new_site``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cong.news.models import ArticlePage
from cong.sites.models import ComponentSite
from cong.sites.provision import create_site


@pytest.fixture
def make_site(home: Any) -> Callable[..., ComponentSite]:
    def _make(name: str, host: str = "", path_prefix: str = "") -> ComponentSite:
        return create_site(name, host=host, path_prefix=path_prefix).component

    return _make


@pytest.fixture
def publish_article() -> Callable[..., ArticlePage]:
    """Publish an article in a site's first category (as the board would, through a revision)."""

    def _publish(component: ComponentSite, title: str, category: str = "tin-tuc-su-kien") -> ArticlePage:
        parent = component.root_page.get_children().get(slug=category)
        article = parent.add_child(
            instance=ArticlePage(
                title=title, lede=f"Sapo của {title}", published_at=timezone.now(), live=False
            )
        )
        article.save_revision().publish()
        return ArticlePage.objects.get(pk=article.pk)

    return _publish


@pytest.fixture
def role_user(db: Any, django_user_model: Any) -> Callable[[str], Any]:
    """A user holding one city-wide role (group)."""
    from django.contrib.auth.models import Group

    def _make(role: str) -> Any:
        user = django_user_model.objects.create_user(username=f"u{Group.objects.get(name=role).pk}")
        user.groups.add(Group.objects.get(name=role))
        return user

    return _make
