"""Uploaded files: the allow-listed types, checked by content, for the admin forms and the importers.

An uploaded file is published on the portal's own address, so a file that a browser could run
(HTML, SVG, XML, script) would act with the rights of whoever opens it, an editor in the admin included.
Three checks, all before anything is stored (docs/security.md, "Nội dung và tệp tải lên"):

1. the extension is on the allow-list (documents: office, PDF, text and archive formats; images:
   JPEG, PNG, GIF, WebP, never SVG);
2. the content starts with the signature of that type (magic bytes), so an HTML page named ``.pdf``
   is refused;
3. no HTML or script markup anywhere in the file, so a polyglot (a real GIF or PDF that is also an
   HTML page) is refused too.

The forms are plugged in through Wagtail's WAGTAILDOCS_DOCUMENT_FORM_BASE and
WAGTAILIMAGES_IMAGE_FORM_BASE settings, so the single, multiple and chooser uploads all use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

_OLE2 = (bytes.fromhex("d0cf11e0a1b11ae1"),)  # Word 97-2003, Excel 97-2003, PowerPoint 97-2003
_ZIP = (b"PK\x03\x04",)  # OOXML (docx, xlsx, pptx) and ODF (odt, ods, odp) are ZIP containers
TEXT = None  # plain text: no signature, but no NUL bytes and not a known binary format

# What state agencies publish: office documents (Microsoft and OpenDocument), PDF, RTF, plain text
# and CSV data, and the three common archives. Not HTML, SVG, XML or anything executable.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "doc": _OLE2,
    "xls": _OLE2,
    "ppt": _OLE2,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "rtf": (b"{\\rtf",),
    "txt": TEXT,
    "csv": TEXT,
    "zip": (*_ZIP, b"PK\x05\x06"),  # PK\x05\x06: an empty archive
    "rar": (b"Rar!\x1a\x07",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
}
DOCUMENT_EXTENSIONS = sorted(DOCUMENT_SIGNATURES)
IMAGE_EXTENSIONS = ["gif", "jpeg", "jpg", "png", "webp"]

# Markup a browser would run if it ever treated the file as a page. In plain text formats the whole
# list is searched everywhere. In binary formats (PDF, office, archives, images) compressed data is
# random bytes, where a short tag such as "<svg " turns up by chance about once in a few GB: there the
# whole list is searched only in the first bytes, which browsers look at when they guess a type
# (WHATWG MIME sniffing reads at most 1,445 bytes), and only long, unambiguous markers in the rest.
_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|head|iframe|frame|frameset|svg|object|embed|applet|meta|base|form)[\s/>]"
    rb"|<!doctype\s+html|<\?xml-stylesheet|javascript\s*:|vbscript\s*:"
)  # lower case: the file is lower-cased first (much faster than a case-blind regex)
_STRONG_MARKUP = re.compile(rb"<script[\s>]|<html[\s>]|<iframe[\s>]|<!doctype\s+html|javascript:")
_SNIFF_BYTES = 1445
_TEXT_EXTENSIONS = {"txt", "csv", "rtf"}
_CHUNK = 1024 * 1024
_OVERLAP = 64


def _chunks(handle: IO[bytes] | UploadedFile) -> Iterable[bytes]:
    if isinstance(handle, UploadedFile):
        yield from handle.chunks(_CHUNK)
    else:
        while chunk := handle.read(_CHUNK):
            yield chunk


def contains_markup(handle: IO[bytes] | UploadedFile, text: bool = False) -> bool:
    """True when HTML or script markup appears in the file (read in chunks, then rewound).

    ``text``: the file is a plain text format, searched for every marker throughout.
    """
    handle.seek(0)
    tail = b""
    try:
        for n, chunk in enumerate(_chunks(handle)):
            chunk = chunk.lower()
            if n == 0 and _MARKUP.search(chunk[:_SNIFF_BYTES]):
                return True
            window = tail + chunk
            if (_MARKUP if text else _STRONG_MARKUP).search(window):
                return True
            tail = window[-_OVERLAP:]
        return False
    finally:
        handle.seek(0)


def _head(handle: IO[bytes] | UploadedFile, size: int = 8192) -> bytes:
    handle.seek(0)
    head = handle.read(size)
    handle.seek(0)
    return head


def check_document(handle: IO[bytes] | UploadedFile, name: str) -> None:
    """Raise ValidationError (Vietnamese) unless the file is an allow-listed document type in fact."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            "Tệp «%(name)s»: loại tệp này không được phép đăng. Chỉ nhận: %(allowed)s.",
            code="document_extension",
            params={"name": name, "allowed": ", ".join(DOCUMENT_EXTENSIONS)},
        )
    head = _head(handle)
    signatures = DOCUMENT_SIGNATURES[extension]
    if signatures is TEXT:
        matches = b"\x00" not in head and filetype.guess(head) is None
    else:
        matches = head.startswith(signatures)
    if not matches:
        raise ValidationError(
            "Tệp «%(name)s» không phải là tệp .%(extension)s thật: nội dung không khớp với phần mở rộng.",
            code="document_content_mismatch",
            params={"name": name, "extension": extension},
        )
    if contains_markup(handle, text=extension in _TEXT_EXTENSIONS):
        raise ValidationError(
            "Tệp «%(name)s» có chứa mã HTML hoặc mã lệnh (script), không được phép đăng.",
            code="document_markup",
            params={"name": name},
        )


def check_image(handle: IO[bytes] | UploadedFile, name: str) -> None:
    """The image check Wagtail's form field does not do: no markup hidden in the file (polyglots)."""
    if contains_markup(handle):
        raise ValidationError(
            "Ảnh «%(name)s» có chứa mã HTML hoặc mã lệnh (script), không được phép đăng.",
            code="image_markup",
            params={"name": name},
        )


_PIL_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


def check_image_file(handle: IO[bytes] | UploadedFile, name: str) -> None:
    """All image checks for a file outside the admin form (importer, audit of stored files).

    Allow-listed extension, a header Pillow reads as that format, at most WAGTAILIMAGES_MAX_IMAGE_PIXELS
    pixels (from the header, nothing decoded), and no markup.
    """
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in IMAGE_EXTENSIONS:
        raise ValidationError(
            "Ảnh «%(name)s»: loại tệp này không được phép. Chỉ nhận: %(allowed)s.",
            code="image_extension",
            params={"name": name, "allowed": ", ".join(IMAGE_EXTENSIONS)},
        )
    handle.seek(0)
    try:
        with PILImage.open(handle) as probe:  # parses the header only
            width, height, found = probe.size[0], probe.size[1], probe.format
    except PILImage.DecompressionBombError:
        raise too_many_pixels_error() from None
    except Exception:
        raise ValidationError(
            "Tệp «%(name)s» không phải là ảnh đọc được.", code="invalid_image", params={"name": name}
        ) from None
    finally:
        handle.seek(0)
    if found != _PIL_FORMATS[extension]:
        raise ValidationError(
            "Tệp «%(name)s» không phải là ảnh .%(extension)s thật: nội dung không khớp với phần mở rộng.",
            code="invalid_image_known_format",
            params={"name": name, "extension": extension},
        )
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise too_many_pixels_error(width, height)
    check_image(handle, name)


def too_many_pixels_error(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 1_000_000
    if width is None or height is None:
        return ValidationError(
            "Ảnh quá lớn: hơn %(limit)s triệu pixel. Hãy thu nhỏ ảnh rồi tải lên lại.",
            code="file_too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        "Ảnh quá lớn: %(width)s × %(height)s điểm ảnh (%(pixels)s triệu pixel); "
        "tối đa %(limit)s triệu pixel. Hãy thu nhỏ ảnh rồi tải lên lại.",
        code="file_too_many_pixels",
        params={
            "width": f"{width:,}".replace(",", "."),
            "height": f"{height:,}".replace(",", "."),
            "pixels": round(width * height / 1_000_000),
            "limit": limit,
        },
    )


class PixelCappedImageField(WagtailImageField):
    """Wagtail's image field, with the pixel cap checked on the header before anything is decoded.

    Wagtail counts pixels after Willow has decoded the image, i.e. after a 20,000 × 20,000 PNG of a
    few hundred bytes has taken its memory (or Pillow's bomb guard has raised a 500). The size in the
    header is read first here; an image over the cap never reaches the decoder.
    """

    def to_python(self, data: Any) -> Any:
        if hasattr(data, "seek") and hasattr(data, "read"):
            data.seek(0)
            try:
                with PILImage.open(data) as probe:  # parses the header only
                    width, height = probe.size
            except PILImage.DecompressionBombError:
                raise too_many_pixels_error() from None
            except Exception:  # not an image: Wagtail's own check below reports it
                width = height = 0
            finally:
                data.seek(0)
            if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise too_many_pixels_error(width, height)
        return super().to_python(data)

    def check_image_pixel_size(self, f: Any) -> None:
        try:
            super().check_image_pixel_size(f)
        except ValidationError as exc:  # e.g. an animation whose frames add up past the cap
            if exc.code != "file_too_many_pixels":
                raise
            raise too_many_pixels_error() from None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the allow-list, content and markup checks (Vietnamese errors)."""

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            check_document(uploaded, uploaded.name or "")
        return uploaded


class ImageForm(BaseImageForm):
    """Wagtail's image form with the pixel cap as a form error and the markup check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, PixelCappedImageField):
            self.fields["file"] = PixelCappedImageField(
                label=field.label, required=field.required, widget=field.widget
            )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            check_image(uploaded, uploaded.name or "")
        return uploaded
