"""Uploads through the real admin forms: only the allow-listed types, checked by content, served inert."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/users/')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#24577a").save(buffer, "PNG")
    return buffer.getvalue()


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("P", (4, 4)).save(buffer, "GIF")
    return buffer.getvalue()


def huge_png_header(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid PNG signature and header claiming width x height, with one tiny compressed row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def gif_html_polyglot() -> bytes:
    """A real GIF whose comment block is an HTML page: both an image and a document with script."""
    gif = gif_bytes()
    comment = b"<html><script>alert(document.domain)</script></html>"
    extension = b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00"
    return gif[:-1] + extension + gif[-1:]


@pytest.fixture
def uploader(db: Any, django_user_model: Any) -> Client:
    """A Phóng viên (the least trusted role that may upload), logged in to the admin."""
    user = django_user_model.objects.create_user("phongvien", password="mat-khau-thu-nghiem-2026")
    user.groups.add(Group.objects.get(name="Phóng viên"))
    client = Client()
    client.force_login(user)
    return client


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def upload_document(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_document_multiple(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_image(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_image_multiple(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": 1},
    )


HOSTILE_DOCUMENTS = {
    "html": ("trang.html", HTML),
    "htm": ("trang.htm", HTML),
    "svg with script": ("hinh.svg", SVG),
    "xhtml": ("trang.xhtml", HTML),
    "js": ("ma.js", b"alert(1)"),
    "exe": ("chay.exe", b"MZ\x90\x00" + b"\x00" * 60),
    "html named .pdf": ("van-ban.pdf", HTML),
    "html named .docx": ("van-ban.docx", HTML),
    "html named .txt": ("ghi-chu.txt", HTML),
    "svg named .pdf": ("van-ban.pdf", SVG),
    "png named .pdf": ("van-ban.pdf", png_bytes()),
    "pdf with html inside": ("van-ban.pdf", MINIMAL_PDF.replace(b"%%EOF", HTML + b"\n%%EOF")),
    "gif/html polyglot named .zip": ("goi.zip", gif_html_polyglot()),
    "zip named .xlsx with html first": ("bang.xlsx", HTML + b"PK\x03\x04"),
    "binary named .csv": ("so-lieu.csv", b"\x00\x01\x02MZ\x90\x00"),
}


@pytest.mark.parametrize("name,content", HOSTILE_DOCUMENTS.values(), ids=HOSTILE_DOCUMENTS.keys())
def test_hostile_document_is_refused_by_the_admin_form(uploader: Client, name: str, content: bytes) -> None:
    before = media_files()
    response = upload_document(uploader, name, content)
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["form"].errors
    assert "file" in errors, errors
    message = " ".join(errors["file"])
    assert "Tệp" in message or "tệp" in message
    response = upload_document_multiple(uploader, name, content)
    assert response.status_code == 200 and response.json()["success"] is False
    assert not get_document_model().objects.exists()
    assert media_files() == before


HOSTILE_IMAGES = {
    "svg with script": ("hinh.svg", SVG),
    "html named .png": ("anh.png", HTML),
    "gif/html polyglot": ("anh.gif", gif_html_polyglot()),
    "png named .jpg": ("anh.jpg", png_bytes()),
    "20,000 x 20,000 png": ("khong-lo.png", huge_png_header()),
    "8,000 x 8,000 png": ("lon.png", huge_png_header(8_000, 8_000)),
}


@pytest.mark.parametrize("name,content", HOSTILE_IMAGES.values(), ids=HOSTILE_IMAGES.keys())
def test_hostile_image_is_refused_by_the_admin_form(uploader: Client, name: str, content: bytes) -> None:
    before = media_files()
    response = upload_image(uploader, name, content)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    response = upload_image_multiple(uploader, name, content)
    assert response.status_code == 200 and response.json()["success"] is False
    assert not get_image_model().objects.exists()
    assert media_files() == before


def test_too_many_pixels_has_a_clear_message(uploader: Client) -> None:
    response = upload_image(uploader, "khong-lo.png", huge_png_header())
    message = " ".join(response.context["form"].errors["file"])
    assert "40" in message and "pixel" in message.lower()


def test_real_pdf_is_accepted_and_served_as_an_inert_attachment(uploader: Client, client: Client) -> None:
    response = upload_document(uploader, "Quyết định 01.pdf", MINIMAL_PDF)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    document = get_document_model().objects.get()
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == MINIMAL_PDF
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"
    csp = served["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp
    assert served["Content-Type"] == "application/pdf"


OFFICE_FILES = {
    "docx (zip container)": ("bao-cao.docx", b"PK\x03\x04" + b"\x14\x00" * 20),
    "doc (OLE2)": ("cong-van.doc", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504),
    "xls (OLE2)": ("so-lieu.xls", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504),
    "rtf": ("thong-bao.rtf", b"{\\rtf1\\ansi Th\\'f4ng b\\'e1o}"),
    "csv": ("danh-sach.csv", "Họ tên,Đơn vị\nNguyễn Văn A,Sở Nội vụ\n".encode()),
    "txt": ("ghi-chu.txt", "Ghi chú cuộc họp.".encode()),
    "7z": ("luu-tru.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 26),
    "rar": ("luu-tru.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 24),
    "odt": ("van-ban.odt", b"PK\x03\x04" + b"\x14\x00" * 20),
}


@pytest.mark.parametrize("name,content", OFFICE_FILES.values(), ids=OFFICE_FILES.keys())
def test_agency_formats_are_accepted(uploader: Client, name: str, content: bytes) -> None:
    response = upload_document(uploader, name, content)
    assert response.status_code == 302, response.context["form"].errors
    assert get_document_model().objects.count() == 1


@pytest.mark.parametrize("name,content", [("anh.png", png_bytes()), ("anh.gif", gif_bytes())])
def test_real_images_are_accepted(uploader: Client, name: str, content: bytes) -> None:
    response = upload_image(uploader, name, content)
    assert response.status_code == 302, response.context["form"].errors
    assert get_image_model().objects.count() == 1


def test_media_route_refuses_documents_and_serves_images_inert(uploader: Client, client: Client) -> None:
    upload_document(uploader, "Quyết định 02.pdf", MINIMAL_PDF)
    upload_image(uploader, "anh.png", png_bytes())
    document = get_document_model().objects.get()
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get("/media/documents/").status_code == 404
    assert client.get("/media/%64ocuments/" + Path(document.file.name).name).status_code == 404
    assert client.get("/media/./documents/" + Path(document.file.name).name).status_code == 404
    image = get_image_model().objects.get()
    served = client.get(f"/media/{image.file.name}")
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "image/png"


def test_media_route_never_serves_markup_left_in_media(db: Any, client: Client) -> None:
    """A file that got into the media folder by other means (old upload, copy) is not served as a page."""
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cu.html").write_bytes(HTML)
    (folder / "cu.svg").write_bytes(SVG)
    assert client.get("/media/original_images/cu.html").status_code == 404
    assert client.get("/media/original_images/cu.svg").status_code == 404


def test_allow_lists_agree_with_wagtail_settings() -> None:
    from cong.core.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS

    assert sorted(settings.WAGTAILDOCS_EXTENSIONS) == DOCUMENT_EXTENSIONS
    assert sorted(settings.WAGTAILIMAGES_EXTENSIONS) == IMAGE_EXTENSIONS
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []


def test_check_uploads_lists_files_stored_before_the_rules(db: Any) -> None:
    from django.core.files.base import ContentFile
    from django.core.management import CommandError, call_command

    documents = get_document_model()
    documents.objects.create(title="Cũ", file=ContentFile(HTML, name="trang.html"))
    documents.objects.create(title="Tốt", file=ContentFile(MINIMAL_PDF, name="tot.pdf"))
    get_image_model().objects.create(
        title="SVG cũ", file=ContentFile(SVG, name="hinh.svg"), width=1, height=1
    )
    get_image_model().objects.create(
        title="Ảnh", file=ContentFile(png_bytes(), name="anh.png"), width=4, height=4
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 tệp"):
        call_command("check_uploads", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "«Cũ»" in lines[0] and "không được phép" in lines[0]
    assert "«SVG cũ»" in lines[1]


def test_document_over_the_size_limit_is_refused(uploader: Client, settings: Any) -> None:
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024  # 50 MB in production; a small cap keeps the test cheap
    response = upload_document(uploader, "lon.pdf", MINIMAL_PDF + b"%" * 2048)
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not get_document_model().objects.exists()


def test_image_over_the_size_limit_is_refused(uploader: Client, settings: Any) -> None:
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024  # 20 MB in production
    big = png_bytes(64, 64) + b"\x00" * 2048  # a real PNG, padded past the cap
    assert len(big) > 1024
    for upload in (upload_image, upload_image_multiple):
        response = upload(uploader, "lon.png", big)
        assert response.status_code == 200
        assert not get_image_model().objects.exists()
    assert "file" in upload_image(uploader, "lon.png", big).context["form"].errors


def test_upload_caps_are_in_production_settings() -> None:
    from cong import settings as production

    assert production.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert production.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024
    assert production.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.parametrize(
    ("content", "text", "found"),
    [
        (b"%PDF-1.4\n" + b"\x9c" * 3000 + b"<svg onload=alert(1)>", False, False),  # chance bytes deep in
        (b"%PDF-1.4\n<svg onload=alert(1)>", False, True),  # where browsers sniff
        (b"%PDF-1.4\n" + b"\x9c" * 3000 + b"<ScRiPt>alert(1)</script>", False, True),
        (b"%PDF-1.4\n" + b"\x9c" * (2 * 1024 * 1024 - 20) + b"<html><body>", False, True),  # across chunks
        (b"\x9c" * 3000 + b"JavaScript:alert(1)", False, True),
        (b"a,b\n" * 1000 + b"<form action=//evil>", True, True),  # text formats: every marker, anywhere
        ("Họ tên,Đơn vị\nNguyễn Văn A,Sở Nội vụ\n".encode(), True, False),
    ],
)
def test_markup_scan(content: bytes, text: bool, found: bool) -> None:
    from cong.core.uploads import contains_markup

    assert contains_markup(io.BytesIO(content), text=text) is found
