"""./cong check_uploads: the stored documents and images checked against today's upload rules.

Files uploaded before the allow-list (docs/security.md, "Nội dung và tệp tải lên") may be of a type
that is refused now. They are still served only as sandboxed attachments (documents) or not at all
(non-image files under /media/), but an operator should look at them: this lists each one with the
reason and exits non-zero when there is any.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cong.core.uploads import check_document, check_image_file


class Command(BaseCommand):
    help = "Kiểm tra các tệp và ảnh đã tải lên theo quy tắc tải lên hiện hành (loại tệp, nội dung)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")

    def handle(self, *args: Any, **options: Any) -> None:
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        problems: list[str] = []
        for noun, model, check in (
            ("tài liệu", get_document_model(), check_document),
            ("ảnh", get_image_model(), check_image_file),
        ):
            objects = model.objects.order_by("pk")
            for item in tqdm(objects.iterator(), total=objects.count(), unit=noun, disable=not show_bar):
                reason = self._problem(item.file, check)
                if reason:
                    problems.append(f"{noun} #{item.pk} «{item.title}» ({item.file.name}): {reason}")
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)} tệp không đạt quy tắc tải lên hiện hành (xem danh sách ở trên)"
            )
        self.stdout.write("Mọi tệp đã tải lên đều đạt quy tắc tải lên hiện hành.")

    @staticmethod
    def _problem(field: Any, check: Callable[[IO[bytes], str], None]) -> str:
        try:
            with field.open("rb") as handle:
                check(handle, field.name)
        except FileNotFoundError:
            return "không tìm thấy tệp"
        except ValidationError as exc:
            return exc.messages[0]
        return ""
