"""The main menu as the templates show it: labels and addresses in the request's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from .models import MainMenu


@dataclass
class MenuEntry:
    label: str
    url: str
    page_path: str = ""  # the linked page's url_path ("" for an address), to mark the current section
    children: list[MenuEntry] = field(default_factory=list)


def _entry(value: Any, request: HttpRequest | None, english: bool, locale: Locale) -> MenuEntry | None:
    label = value.get("label_en") if english else value.get("label")
    if not label:
        return None  # no English label: the entry is left out of the English menu
    page: Page | None = value.get("page")
    url, page_path = value.get("url") or "", ""
    if english and url.startswith("/"):
        url = _in_language(url, "en")
    if page is not None and page.live:
        if page.locale_id != locale.pk:  # the active locale is looked up once per menu, not per entry
            page = page.localized
        url, page_path = page.get_url(request) or url, page.url_path
    children = []
    for child in value.get("children") or []:
        entry = _entry(child, request, english, locale)
        if entry is not None:
            children.append(entry)
    if not url and not children:
        return None
    return MenuEntry(label=label, url=url, page_path=page_path, children=children)


def _in_language(url: str, language: str) -> str:
    """A portal view's address in ``language`` (/thu-tuc-hanh-chinh/ -> /en/thu-tuc-hanh-chinh/); page
    addresses stay as typed (an English page is chosen with the page chooser, not typed)."""
    with translation.override(settings.LANGUAGE_CODE):  # the address is typed as a Vietnamese one
        try:
            if resolve(url).url_name == "wagtail_serve":
                return url
        except Resolver404:
            return url
        return translate_url(url, language)


def menu_entries(request: HttpRequest | None, site: Site | None) -> list[MenuEntry] | None:
    """The site's main menu in the active language, or None when no menu is set (then the templates
    list the home page's children marked "show in menus")."""
    if site is None:
        return None
    menu = MainMenu.for_request(request) if request is not None else MainMenu.for_site(site)
    if not menu.items:
        return None
    english = translation.get_language() == "en"
    locale = Locale.get_active()
    entries = []
    for block in menu.items:
        entry = _entry(block.value, request, english, locale)
        if entry is not None:
            entries.append(entry)
    return entries
