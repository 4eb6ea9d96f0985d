"""``{% fragment "name" vary... %}...{% endfragment %}``: a template fragment kept per cache generation
and per site (the token of the request's site tag is part of the key).

Everything a public page shows changes only through events that start a new generation, so a fragment
(the header with its menu, the footer, the banners, an article's content) can be kept until then: the
key is the generation, the active language, the name and the ``vary`` values. Fragments live in each
process's memory (``PAGECACHE_FRAGMENT_ALIAS``); their lifetime is capped by the next banner boundary.
Previews are never cached: a preview shows unsaved content under the live page's identity.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import template
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from cong.core import replicas
from cong.pagecache import store
from cong.pagecache.store import seconds_to_next_boundary

register = template.Library()


def request_generation(request: HttpRequest) -> str:
    """The generation this request started with and its site's token (read once per request)."""
    generation = request.META.get(store.ENVIRON_GEN)
    if generation is None:
        generation = request.META[store.ENVIRON_GEN] = store.current_generation()
    tags = request.META.get(store.ENVIRON_TAGS)
    if tags is None:
        tags = request.META[store.ENVIRON_TAGS] = store.scope_tags(request.META, generation)
        replicas.require_position(store.newest_position(generation, tags))
    return ":".join([generation, *(token for _, token in tags)])


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, vary: list[FilterExpression]) -> None:
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False) or not settings.PAGECACHE_FRAGMENTS:
            return self.nodelist.render(context)
        generation = request_generation(request)
        # The active language is part of every key: /en/ pages share no fragment with Vietnamese ones.
        parts = [
            generation,
            translation.get_language() or "",
            str(self.name.resolve(context)),
            *(str(v.resolve(context)) for v in self.vary),
        ]
        key = "pagecache:fragment:" + hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
        cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            ttl = min(settings.PAGECACHE_MAX_AGE, seconds_to_next_boundary(generation))
            if ttl > 0:
                cache.set(key, str(html), ttl)
        return mark_safe(html)


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% fragment %} needs a name: {% fragment "header" vary... %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.filter
def menu_position(page: Any) -> str:
    """What the main menu shows about ``page``: its top-level section, and whether it is that section."""
    url_path = getattr(page, "url_path", "") or ""
    parts = url_path.strip("/").split("/")
    return "/".join(parts[:2]) + ("|section" if len(parts) <= 2 else "")
