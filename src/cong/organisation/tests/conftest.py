from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from wagtail.models import Site

from cong.core.models import PortalSettings
from cong.organisation.demo import build_demo_organisation

DEMO_DAY = date(2026, 12, 2)  # a Wednesday of ISO week 2026-W49


@pytest.fixture
def org(home: Any) -> Site:
    """The default site with the demo organisation, pages and the schedule of week 2026-W49."""
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.update_or_create(
        site=site,
        defaults={
            "managing_agency": "Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
            "editor_in_chief": "Chánh Văn phòng Trần Huy Kiên",
            "address": "18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
            "phones": "0225.3821.055 - 0225.3747.352",
            "email": "congthongtindientu@haiphong.gov.vn",
        },
    )
    assert build_demo_organisation(site, DEMO_DAY)
    return site
