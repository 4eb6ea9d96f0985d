"""StreamField blocks shared by every page type."""

from __future__ import annotations

from typing import Any

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Image chooser whose bulk load also fetches renditions, so N photos cost two queries, not 2N."""

    def bulk_to_python(self, values: Any) -> list[Any]:
        ids = [value for value in values if value is not None]
        objects = get_image_model().objects.prefetch_renditions().in_bulk(ids)
        return [objects.get(value) for value in values]


class CaptionedImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock(label="Ảnh")
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=500)
    alt = blocks.CharBlock(
        label="Văn bản thay thế",
        required=False,
        max_length=300,
        help_text="Mô tả ảnh cho người khiếm thị; để trống thì dùng chú thích.",
    )

    class Meta:
        icon = "image"
        label = "Ảnh có chú thích"
        template = "core/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người phát biểu", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "core/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label="Đoạn văn")
    image = CaptionedImageBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts: dict[str, Any] = {}
