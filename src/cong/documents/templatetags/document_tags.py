"""Template tags of the documents app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from wagtail.rich_text import RichText

from cong.documents.linking import article_links

register = template.Library()


@register.simple_tag(takes_context=True)
def cited_block(context: template.Context, block: Any) -> SafeString:
    """Render a body block as ``{% include_block block %}`` does; in rich text, cited document
    numbers that are in the database become links to the documents (see cong.documents.linking)."""
    new_context = context.flatten()
    page = context.get("page")
    if block.block_type == "text" and page is not None and hasattr(page, "body"):
        linked = article_links(page).get(block.value.source)
        if linked is not None:
            return block.block.render(RichText(linked), context=new_context)
    return block.render_as_block(context=new_context)


@register.simple_tag(takes_context=True)
def document_url(context: template.Context, document: Any) -> str:
    """Address of a document's page under the current documents page (``page``)."""
    return context["page"].document_url(document, context.get("request"))
