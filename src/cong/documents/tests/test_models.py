"""The document model: derived status, the key, slugs, folded forms."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cong.documents.models import DocumentRelation, Issuer, LegalDocument, RelationKind, Status

TODAY = date(2024, 6, 1)


@pytest.fixture
def issuer(db: Any) -> Issuer:
    return Issuer.objects.create(name="Ủy ban nhân dân thành phố")


def status_of(document: LegalDocument, today: date = TODAY) -> str:
    return LegalDocument.objects.with_status(today).get(pk=document.pk).status


@pytest.mark.parametrize(
    ("dates", "override", "expected"),
    [
        ({}, "", Status.UNKNOWN),
        ({"issued_on": date(2024, 1, 1)}, "", Status.IN_FORCE),
        ({"issued_on": date(2024, 1, 1), "effective_on": date(2024, 6, 1)}, "", Status.IN_FORCE),
        ({"issued_on": date(2024, 1, 1), "effective_on": date(2024, 6, 2)}, "", Status.NOT_YET),
        ({"effective_on": date(2020, 1, 1), "expires_on": date(2024, 6, 1)}, "", Status.EXPIRED),
        ({"effective_on": date(2020, 1, 1), "expires_on": date(2024, 6, 2)}, "", Status.IN_FORCE),
        (
            {"effective_on": date(2020, 1, 1), "expires_on": date(2021, 1, 1)},
            Status.IN_FORCE,
            Status.IN_FORCE,
        ),
        ({"effective_on": date(2020, 1, 1)}, Status.SUSPENDED, Status.SUSPENDED),
        ({}, Status.PARTLY_EXPIRED, Status.PARTLY_EXPIRED),
    ],
)
def test_status_comes_from_dates_unless_overridden(
    issuer: Issuer, dates: dict[str, date], override: str, expected: str
) -> None:
    document = LegalDocument.objects.create(
        number="1/QĐ-UBND", doc_type="quyet-dinh", issuer=issuer, status_override=override, **dates
    )
    assert status_of(document) == expected
    assert LegalDocument.objects.with_status(TODAY).get(pk=document.pk).status_label == Status(expected).label


def test_a_replaced_document_is_replaced_whatever_its_dates(issuer: Issuer) -> None:
    old = LegalDocument.objects.create(
        number="1/QĐ-UBND", doc_type="quyet-dinh", issuer=issuer, effective_on=date(2020, 1, 1)
    )
    new = LegalDocument.objects.create(
        number="2/QĐ-UBND", doc_type="quyet-dinh", issuer=issuer, effective_on=date(2024, 1, 1)
    )
    DocumentRelation.objects.create(source=new, kind=RelationKind.AMENDS, target=old)
    assert status_of(old) == Status.IN_FORCE  # amended is not replaced
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES, target=old)
    assert status_of(old) == Status.REPLACED and status_of(new) == Status.IN_FORCE
    old.status_override = Status.IN_FORCE
    old.save()
    assert status_of(old) == Status.IN_FORCE  # the editor has the last word
    assert old.status == Status.IN_FORCE  # without the annotation: computed on demand


def test_key_is_number_issuer_and_issue_date(issuer: Issuer) -> None:
    first = LegalDocument(
        number="Số: 01-CT/TW", doc_type="chi-thi", issuer=issuer, issued_on=date(2021, 3, 9)
    )
    first.full_clean()
    first.save()
    assert (first.number, first.number_folded, first.slug) == ("01-CT/TW", "1-CT/TW", "01-ct-tw-2021")
    same = LegalDocument(number="1-CT/TW", doc_type="chi-thi", issuer=issuer, issued_on=date(2021, 3, 9))
    with pytest.raises(ValidationError, match="Đã có văn bản cùng số ký hiệu"):
        same.full_clean()
    LegalDocument(
        number="01-CT/TW", doc_type="chi-thi", issuer=issuer, issued_on=date(2016, 3, 4)
    ).full_clean()
    other = Issuer.objects.create(name="Ban Bí thư")
    LegalDocument(
        number="01-CT/TW", doc_type="chi-thi", issuer=other, issued_on=date(2021, 3, 9)
    ).full_clean()


def test_bad_dates_and_self_relations_are_refused(issuer: Issuer) -> None:
    document = LegalDocument(
        number="3/QĐ-UBND",
        doc_type="quyet-dinh",
        issuer=issuer,
        effective_on=date(2024, 2, 1),
        expires_on=date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="Ngày hết hiệu lực phải sau"):
        document.full_clean()
    document.expires_on = None
    document.save()
    with pytest.raises(ValidationError, match="chính nó"):
        DocumentRelation(source=document, kind=RelationKind.REPLACES, target=document).full_clean()


def test_slugs_are_unique_and_stable(issuer: Issuer) -> None:
    a = LegalDocument.objects.create(number="42/2022/NĐ-CP", doc_type="nghi-dinh", issuer=issuer)
    b = LegalDocument.objects.create(
        number="42/2022/ND-CP", doc_type="nghi-dinh", issuer=Issuer.objects.create(name="Khác")
    )
    assert (a.slug, b.slug) == ("42-2022-nd-cp", "42-2022-nd-cp-2")
    a.abstract = "Sửa trích yếu"
    a.save()
    assert LegalDocument.objects.get(pk=a.pk).slug == "42-2022-nd-cp"


def test_search_text_is_folded(issuer: Issuer) -> None:
    document = LegalDocument.objects.create(
        number="42/2022/NĐ-CP",
        doc_type="nghi-dinh",
        issuer=issuer,
        abstract="Cung cấp THÔNG TIN  trực tuyến",
        signer="Lê Minh Khái",
    )
    assert (
        document.search_text
        == "nghi đinh 42/2022/nđ-cp 42/2022/nd-cp cung cap thong tin truc tuyen le minh khai".replace(
            "đ", "d"
        )
    )


def test_issuer_for_name_matches_vietnamese_case_insensitively(db: Any) -> None:
    first = Issuer.for_name("Bộ  Chính trị")
    assert first.name == "Bộ Chính trị" and first.slug == "bo-chinh-tri"
    assert Issuer.for_name("BỘ CHÍNH TRỊ") == first
    assert Issuer.for_name("Bộ Chính trị tỉnh").slug == "bo-chinh-tri-tinh"
