"""Where each language version of a page lives: the language switch and the hreflang alternates."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cong.core.address import public_base_url

# How each language names itself in the switch (in its own language, as WCAG 3.1.2 wants it marked).
NATIVE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass(frozen=True)
class LanguageLink:
    """One language version: its code, its own name, its path and absolute URL (at the public address,
    for hreflang), and whether it is this page's translation (``exact``) or only the other language's
    home page."""

    code: str
    name: str
    path: str
    url: str
    exact: bool
    current: bool


def home_for(site: Site | None, language: str) -> Page | None:
    """The site's home page in ``language`` (the root page's live translation), else None."""
    if site is None:
        return None
    root = site.root_page
    if root.locale.language_code == language:
        return root
    return root.get_translations().live().filter(locale__language_code=language).first()


def language_links(request: HttpRequest | None, page: Page | None) -> list[LanguageLink]:
    """One link per content language: ``page``'s live translation, else that language's home page.

    Without a page (a view such as the search) every language gets its home page.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    base = public_base_url(request)
    translations: dict[str, Page] = {}
    if page is not None and getattr(page, "pk", None) and isinstance(page, Page):
        translations[page.locale.language_code] = page
        for other in page.get_translations().live().public().select_related("locale"):
            translations[other.locale.language_code] = other
    links = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code)
        exact = target is not None
        if target is None:
            target = home_for(site, code)
        url = _relative_url(target, site, request) if target is not None else None
        if url is None:
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        links.append(
            LanguageLink(code, NATIVE_NAMES.get(code, code), url, base + url, exact, code == current)
        )
    return links


def _relative_url(page: Page, site: Site | None, request: HttpRequest | None) -> str | None:
    parts = page.get_url_parts(request)
    return parts[2] if parts else None


def hreflang_alternates(links: list[LanguageLink]) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) pairs of the page's real translations, plus x-default (Vietnamese).

    Only exact translations are alternates: a home page is no alternate of an article. A page without
    any translation gets none at all.
    """
    exact = [(link.code, link.url) for link in links if link.exact]
    if len(exact) < 2:
        return []
    default = next((url for code, url in exact if code == settings.LANGUAGE_CODE), exact[0][1])
    return [*exact, ("x-default", default)]


def ensure_locales() -> None:
    """Create the content locales (the data migration does it; tests that flush the database call this)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
