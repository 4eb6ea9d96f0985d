"""Document numbers in the search suggestions (/tim-kiem/goi-y/), before page titles."""

from __future__ import annotations

import pytest
from django.test import Client

from cong.core.jsonl import ImportReport

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/goi-y/"


def test_a_number_prefix_suggests_the_document_first(client: Client, sample_documents: ImportReport) -> None:
    found = client.get(URL, {"q": "42/20"}).json()["suggestions"]
    assert found[0]["type"] == "document"
    assert found[0]["label"].startswith("Nghị định số 42/2022/NĐ-CP – Quy định về việc cung cấp")
    assert found[0]["url"] == "/van-ban/42-2022-nd-cp/"
    unaccented = client.get(URL, {"q": "01-ct/t"}).json()["suggestions"]
    assert [item["label"].split(" – ")[0] for item in unaccented] == ["Chỉ thị số 01-CT/TW"]


def test_words_are_not_numbers(client: Client, sample_documents: ImportReport) -> None:
    assert client.get(URL, {"q": "quy định"}).json()["suggestions"] == []
