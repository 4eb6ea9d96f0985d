"""A banner link never runs script: refused when saved through the form, never rendered if already stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cong.banners.models import Banner

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjava\nscript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
SAFE = [
    "/gioi-thieu/",
    "https://chinhphu.vn/",
    "http://example.gov.vn/a?b=c",
    "mailto:a@b.vn",
    "tel:+84123",
    "",
]


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def image(db: Any) -> Any:
    return get_image_model().objects.create(title="banner", file=get_test_image_file())


@pytest.mark.parametrize("url", HOSTILE)
def test_script_links_are_refused_by_validation(image: Any, url: str) -> None:
    banner = Banner(site=default_site(), title="x", image=image, alt_text="x", link_url=url)
    with pytest.raises(ValidationError) as info:
        banner.full_clean()
    assert "link_url" in info.value.message_dict


@pytest.mark.parametrize("url", SAFE)
def test_ordinary_links_are_accepted(image: Any, url: str) -> None:
    Banner(site=default_site(), title="x", image=image, alt_text="x", link_url=url).full_clean()


@pytest.mark.parametrize("url", HOSTILE)
def test_a_stored_script_link_is_not_rendered(image: Any, home: Any, client: Any, url: str) -> None:
    Banner.objects.create(
        site=default_site(), title="x", image=image, alt_text="Banner cũ", link_url=url
    )  # e.g. from before
    html = client.get("/").content.decode()
    assert 'alt="Banner cũ"' in html
    lowered = html.lower()
    for scheme in ("javascript:", "vbscript:", "data:text", "data:image", "file:"):
        assert scheme not in lowered
