"""Site-aware from the start: a second Wagtail Site on the same installation sees none of the first
site's questions, status pages or departments, in public or in the admin forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from cong.participation.models import Department, Question, QuestionField
from cong.participation.roles import HEAD

from .test_journey import question_form
from .test_privacy import make_question

pytestmark = pytest.mark.django_db
OTHER_HOST = "xa.example"


@pytest.fixture
def other_site(site: Site, settings: Any) -> Site:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    return Site.objects.create(hostname=OTHER_HOST, port=80, root_page=site.root_page, site_name="Xã")


def test_status_page_and_withdrawal_only_on_the_question_site(
    land_field: QuestionField, other_site: Site
) -> None:
    question, token = make_question(land_field)
    elsewhere = Client(HTTP_HOST=OTHER_HOST)
    assert elsewhere.get(f"/hoi-dap/theo-doi/{token}/").status_code == 404
    assert elsewhere.post(f"/hoi-dap/theo-doi/{token}/rut/").status_code == 404
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED
    assert Client().get(f"/hoi-dap/theo-doi/{token}/").status_code == 200


def test_admin_form_offers_only_the_question_site(
    land_field: QuestionField, other_site: Site, staff: Callable[..., Any]
) -> None:
    question, _ = make_question(land_field, department=land_field.department)
    foreign_department = Department.objects.create(site=other_site, name="Phòng Tư pháp xã")
    foreign_field = QuestionField.objects.create(
        site=other_site, name="Hộ tịch", slug="ho-tich", department=foreign_department
    )
    _, head = staff("truongban", HEAD)
    url = reverse("wagtailsnippets_participation_question:edit", args=[question.pk])
    page = head.get(url).content.decode()
    assert "Phòng Tư pháp xã" not in page and "Hộ tịch" not in page
    for change in ({"department": str(foreign_department.pk)}, {"field": str(foreign_field.pk)}):
        response = head.post(url, question_form(question, **change))
        assert response.status_code == 200, "refused with a form error"
    question.refresh_from_db()
    assert question.department == land_field.department and question.field == land_field
