from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cong.banners.models import Banner, Placement


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def image(db: Any) -> Any:
    return get_image_model().objects.create(title="banner", file=get_test_image_file())


def banner(image: Any, title: str, **kwargs: Any) -> Banner:
    return Banner.objects.create(
        site=default_site(), title=title, image=image, alt_text=f"Alt {title}", link_url="/", **kwargs
    )


def test_only_current_banners_are_shown_in_order(image: Any, home: Any, client: Any) -> None:
    now = timezone.now()
    banner(image, "Thứ hai", sort_order=2)
    banner(image, "Thứ nhất", sort_order=1)
    banner(image, "Chưa tới", start_at=now + timedelta(days=1))
    banner(image, "Đã hết", end_at=now - timedelta(minutes=1))
    banner(image, "Tắt", active=False)
    banner(image, "Dưới", placement=Placement.SIDEBAR_BOTTOM)
    assert [b.title for b in Banner.objects.current(Placement.SIDEBAR, default_site().pk)] == [
        "Thứ nhất",
        "Thứ hai",
    ]
    html = client.get("/").content.decode()
    assert html.index('alt="Alt Thứ nhất"') < html.index('alt="Alt Thứ hai"') < html.index('alt="Alt Dưới"')
    for hidden in ("Chưa tới", "Đã hết", "Tắt"):
        assert f'alt="Alt {hidden}"' not in html


def test_end_must_follow_start(image: Any) -> None:
    now = timezone.now()
    item = Banner(
        site=default_site(),
        title="x",
        image=image,
        alt_text="x",
        start_at=now,
        end_at=now - timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        item.full_clean()
