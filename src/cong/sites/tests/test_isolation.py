"""Two component boards through the admin: each sees and edits only its own site; Quản trị runs all."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cong.sites.models import ArticleShare, ShareStatus


@pytest.fixture
def boards(make_site: Any, publish_article: Any, django_user_model: Any) -> dict[str, Any]:
    health = make_site("Sở Y tế", host="so-y-te.localhost")
    education = make_site("Sở Giáo dục", host="so-giao-duc.localhost")
    data: dict[str, Any] = {}
    for key, component in (("health", health), ("education", education)):
        user = django_user_model.objects.create_user(username=f"bt-{key}", password="x")
        user.groups.add(Group.objects.get(name=f"Biên tập viên – {component.name}"))
        image = get_image_model().objects.create(
            title=f"Ảnh {component.name}", file=get_test_image_file(), collection=component.collection
        )
        document = get_document_model().objects.create(
            title=f"Tài liệu {component.name}",
            file=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
            collection=component.collection,
        )
        data[key] = {
            "site": component,
            "user": user,
            "article": publish_article(component, f"Tin của {component.name}"),
            "image": image,
            "document": document,
        }
    return data


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def allowed(response: Any) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or 403)."""
    return response.status_code == 200


@pytest.mark.parametrize(("me", "other"), [("health", "education"), ("education", "health")])
def test_a_board_edits_its_own_site_only(boards: dict[str, Any], me: str, other: str) -> None:
    mine, theirs = boards[me], boards[other]
    client = as_user(mine["user"])
    assert allowed(client.get(f"/admin/pages/{mine['article'].pk}/edit/"))
    assert not allowed(client.get(f"/admin/pages/{theirs['article'].pk}/edit/"))
    assert not allowed(client.get(f"/admin/pages/{theirs['site'].root_page_id}/edit/"))
    assert allowed(client.get(f"/admin/pages/{mine['site'].root_page_id}/"))
    explorer = client.get(f"/admin/pages/{theirs['site'].root_page_id}/")
    assert not allowed(explorer) or theirs["article"].title not in explorer.content.decode()

    assert allowed(client.get(f"/admin/images/{mine['image'].pk}/"))
    assert not allowed(client.get(f"/admin/images/{theirs['image'].pk}/"))
    images = client.get("/admin/images/").content.decode()
    assert mine["image"].title in images and theirs["image"].title not in images
    assert allowed(client.get(f"/admin/documents/edit/{mine['document'].pk}/"))
    assert not allowed(client.get(f"/admin/documents/edit/{theirs['document'].pk}/"))
    documents = client.get("/admin/documents/").content.decode()
    assert mine["document"].title in documents and theirs["document"].title not in documents
    assert allowed(client.get("/admin/snippets/banners/banner/"))  # its own site's (test_banners.py)
    assert not allowed(client.get("/admin/sites/"))


def test_a_board_proposes_its_own_articles_and_the_city_decides(
    boards: dict[str, Any], role_user: Any
) -> None:
    health, education = boards["health"], boards["education"]
    client = as_user(health["user"])
    url = "/admin/snippets/sites/articleshare/add/"
    form = client.get(url)
    assert allowed(form) and 'name="status"' not in form.content.decode()
    refused = client.post(url, {"article": education["article"].pk, "note": ""})
    assert refused.status_code == 200 and not ArticleShare.objects.exists()
    client.post(url, {"article": health["article"].pk, "note": "Đề nghị giới thiệu", "status": "approved"})
    share = ArticleShare.objects.get()
    assert share.status == ShareStatus.PROPOSED and share.proposed_by == health["user"]
    assert share.article.title not in as_user(education["user"]).get(url.replace("add/", "")).content.decode()

    head = as_user(role_user("Trưởng Ban biên tập"))
    listing = head.get(url.replace("add/", "")).content.decode()
    assert share.article.title in listing
    response = head.post(
        f"/admin/snippets/sites/articleshare/edit/{share.pk}/",
        {"article": health["article"].pk, "note": share.note, "status": "approved"},
    )
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.status == ShareStatus.APPROVED and share.decided_at is not None


def test_city_administrator_runs_every_site(boards: dict[str, Any], role_user: Any) -> None:
    client = as_user(role_user("Quản trị"))
    sites = client.get("/admin/sites/").content.decode()
    assert "so-y-te.localhost" in sites and "so-giao-duc.localhost" in sites
    for key in ("health", "education"):
        site_id = boards[key]["site"].site_id
        settings_page = client.get(f"/admin/settings/core/portalsettings/{site_id}/")
        assert allowed(settings_page) and 'name="brand_colour"' in settings_page.content.decode()
