"""A Biên tập viên adds a legal document through the admin's forms; it stays a draft, off /van-ban/,
until a Trưởng Ban biên tập publishes it; the Trưởng Ban biên tập can also unpublish it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cong.documents.models import DocumentRelation, Issuer, LegalDocument

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/documents"


@pytest.fixture
def as_role(django_user_model: Any) -> Any:
    def _login(username: str, role: str) -> Client:
        user = django_user_model.objects.create_user(username, f"{username}@example.gov.vn", "mat-khau-dai-1")
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        return client

    return _login


def document_form(issuer: Issuer, **fields: Any) -> dict[str, Any]:
    data = {
        "doc_type": "quyet-dinh",
        "number": "2468/QĐ-UBND",
        "abstract": "Về việc ban hành Quy chế hoạt động của Cổng Thông tin điện tử thành phố",
        "issuer": issuer.pk,
        "signer": "Nguyễn Văn B",
        "sector": "",
        "issued_on": "2026-11-20",
        "effective_on": "2026-11-20",
        "expires_on": "",
        "status_override": "",
        "files": inline_formset([]),
        "relations": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def listed(client: Client, number: str) -> bool:
    response = client.get("/van-ban/")
    assert response.status_code == 200
    return number in response.content.decode()


def test_editor_adds_a_draft_and_the_head_publishes_it(as_role: Any, home: Any) -> None:
    editor = as_role("bientap", "Biên tập viên")
    head = as_role("truongban", "Trưởng Ban biên tập")
    public = Client()

    # The Biên tập viên adds the issuer and the document through the admin's forms.
    response = editor.post(f"{ADMIN}/issuer/add/", {"name": "Ủy ban nhân dân thành phố", "slug": ""})
    assert response.status_code == 302, response.content[:2000]
    issuer = Issuer.objects.get(name="Ủy ban nhân dân thành phố")
    response = editor.post(f"{ADMIN}/legaldocument/add/", document_form(issuer))
    assert response.status_code == 302, response.content[:3000]
    document = LegalDocument.objects.get(number="2468/QĐ-UBND")
    assert not document.live
    assert not listed(public, "2468/QĐ-UBND")
    assert public.get(f"/van-ban/{document.slug}/").status_code == 404

    # The Biên tập viên has no publish button, and asking to publish does not publish.
    edit_url = f"{ADMIN}/legaldocument/edit/{document.pk}/"
    assert 'name="action-publish"' not in editor.get(edit_url).content.decode()
    editor.post(
        edit_url, {**document_form(issuer, signer="Nguyễn Văn C"), "action-publish": "action-publish"}
    )
    document.refresh_from_db()
    assert not document.live and not listed(public, "2468/QĐ-UBND")
    # ... nor delete.
    assert editor.get(f"{ADMIN}/legaldocument/delete/{document.pk}/").status_code in (302, 403)

    # The Trưởng Ban biên tập publishes it from the same form.
    assert 'name="action-publish"' in head.get(edit_url).content.decode()
    response = head.post(edit_url, {**document_form(issuer, signer="Nguyễn Văn C"), "action-publish": "1"})
    assert response.status_code == 302, response.content[:3000]
    document.refresh_from_db()
    assert document.live and document.signer == "Nguyễn Văn C"
    assert listed(public, "2468/QĐ-UBND")
    assert public.get(f"/van-ban/{document.slug}/").status_code == 200
    publish = ModelLogEntry.objects.get(action="wagtail.publish", object_id=str(document.pk))
    assert publish.user.username == "truongban"

    # ... and can take it off the portal again.
    response = head.post(f"{ADMIN}/legaldocument/unpublish/{document.pk}/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.live and not listed(public, "2468/QĐ-UBND")


def test_drafts_do_not_show_in_public_relations_or_status(import_documents: Any, home: Any) -> None:
    report = import_documents(
        [
            {
                "number": "10/2020/NĐ-CP",
                "type": "Nghị định",
                "issuer": "Chính phủ",
                "issued_on": "2020-01-10",
            },
            {
                "number": "20/2024/NĐ-CP",
                "type": "Nghị định",
                "issuer": "Chính phủ",
                "issued_on": "2024-01-10",
            },
        ]
    )
    assert report.ok, report.errors
    old = LegalDocument.objects.get(number="10/2020/NĐ-CP")
    new = LegalDocument.objects.get(number="20/2024/NĐ-CP")
    assert old.live and new.live  # imported documents are published
    DocumentRelation.objects.create(source=new, kind="replaces", target=old)
    assert LegalDocument.objects.with_status().get(pk=old.pk).current_status == "bi-thay-the"
    new.unpublish()
    assert LegalDocument.objects.with_status().get(pk=old.pk).current_status != "bi-thay-the"
    page = Client().get(f"/van-ban/{old.slug}/").content.decode()
    assert "20/2024/NĐ-CP" not in page
