"""Wagtail still reads what :func:`cong.pagecache.wagtail_seam.hand_over` gives it: if an upgrade
changes its request memo or its restriction hook, these fail (the route cache would silently stop
saving queries)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from cong.pagecache.wagtail_seam import hand_over


class Refusing:
    """A view restriction that turns every request away (as a login restriction would)."""

    restriction_type = PageViewRestriction.LOGIN

    def accept_request(self, request: Any) -> bool:
        return False


def test_wagtail_uses_the_handed_site_and_route_without_a_query(home: Any) -> None:
    request = RequestFactory().get("/tin-tuc/", HTTP_HOST="localhost")
    site = Site.objects.get(is_default_site=True)
    route = (home, ["tin-tuc"], {})
    hand_over(request, site, route, [])
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(request) is site
        assert Page.route_for_request(request, "/tin-tuc/") is route
    assert len(queries) == 0


def test_wagtail_checks_the_handed_restrictions(home: Any) -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    page = Page.objects.get(pk=home.pk).specific
    hand_over(request, Site.objects.get(is_default_site=True), (page, [], {}), [Refusing()])
    responses = [
        response
        for hook in hooks.get_hooks("on_serve_page")
        for response in [hook(lambda *args: None)(page, request, [], {})]
        if response is not None
    ]
    assert responses and responses[0].status_code == 302  # sent to log in: the restriction was read
    hand_over(request, Site.objects.get(is_default_site=True), (page, [], {}), [])
    assert all(
        hook(lambda *args: None)(page, request, [], {}) is None for hook in hooks.get_hooks("on_serve_page")
    )
