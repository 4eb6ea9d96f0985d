"""A small Vietnamese corpus for search tests (runs on whichever database the suite uses)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from cong.news.models import ArticlePage, CategoryPage, HomePage

# key: (category, title, lede, body paragraphs, published day in 2024-05)
CORPUS: dict[str, tuple[str, str, str, list[str], int]] = {
    "ban_hang": (
        "kinh-te",
        "Đà Nẵng hỗ trợ doanh nghiệp nhỏ",
        "Thành phố mở thêm kênh thương mại điện tử.",
        ["Các hợp tác xã được hướng dẫn bán hàng trực tuyến và giữ gìn uy tín sản phẩm."],
        1,
    ),
    "ban_hang_folded": (
        "kinh-te",
        "Hội nghị bạn hàng quốc tế tại Hải Phòng",
        "Gặp gỡ các đối tác lớn.",
        ["Hội nghị diễn ra trong hai ngày."],
        20,
    ),
    "ban_hanh": (
        "thoi-su",
        "Hải Phòng ban hành kế hoạch phòng, chống thiên tai",
        "Kế hoạch thực hiện Chỉ thị số 01-CT/TW của Ban Bí thư.",
        ["Ủy ban nhân dân thành phố yêu cầu các sở, ngành chủ động ứng phó."],
        3,
    ),
    "separate_tokens": (
        "thoi-su",
        "Ban Bí thư làm việc với Tỉnh ủy",
        "Tổng kết 01 năm thực hiện chuyên đề CT của TW.",
        ["Buổi làm việc diễn ra tại trụ sở Tỉnh ủy."],
        4,
    ),
    "thuy_loi": (
        "kinh-te",
        "Thủy lợi Hòa Bình chuẩn bị mùa mưa",
        "Các hồ chứa được kiểm tra an toàn.",
        ["Công trình thủy lợi được nạo vét trước mùa mưa bão."],
        5,
    ),
    "thuy_dien": (
        "kinh-te",
        "Thuỷ điện Sơn La vận hành an toàn",
        "Nhà máy điều tiết nước hợp lý.",
        ["Mực nước hồ đạt mức thiết kế."],
        6,
    ),
    "nghi_dinh": (
        "thoi-su",
        "Triển khai Nghị định 42/2022/NĐ-CP về cung cấp thông tin trên môi trường mạng",
        "Các cơ quan rà soát cổng thông tin điện tử.",
        ["Sở Thông tin và Truyền thông ban hành Quyết định 123/QĐ-UBND hướng dẫn thực hiện."],
        7,
    ),
    "eth": (
        "thoi-su",
        "\u00d0ại hội \u00d0oàn thanh niên thành phố lần thứ XV",
        "Người trẻ tiếp tục đổi mới sáng tạo.",
        ["Quốc hội ghi nhận đóng góp của thanh niên Hồ Chí Minh. Đại biểu nói về việc ẵm giải."],
        8,
    ),
    "phrase": (
        "kinh-te",
        "Phát triển nhanh nền kinh tế số",
        "Chuyển đổi số toàn diện.",
        ["Doanh nghiệp ứng dụng công nghệ mới."],
        9,
    ),
    "words": (
        "kinh-te",
        "Tăng trưởng kinh tế quý I",
        "Nhiều chỉ số tích cực.",
        ["Xuất khẩu tăng mạnh."],
        10,
    ),
    "cang_title": (
        "kinh-te",
        "Cảng biển Lạch Huyện đón tàu lớn",
        "Tàu container cập bến.",
        ["Sản lượng tăng."],
        11,
    ),
    "cang_lede": ("kinh-te", "Logistics tăng tốc", "Nâng cấp cảng biển và kho bãi.", ["Đầu tư mới."], 12),
    "cang_body": (
        "kinh-te",
        "Thu hút đầu tư hạ tầng",
        "Nhiều dự án lớn.",
        ["Dự án cảng biển mới khởi công."],
        13,
    ),
}

CATEGORIES = {"kinh-te": "Kinh tế", "thoi-su": "Thời sự"}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def corpus(home: Any) -> dict[str, Any]:
    categories = {
        slug: home.add_child(instance=CategoryPage(title=title, slug=slug))
        for slug, title in CATEGORIES.items()
    }
    pages: dict[str, Any] = {"categories": categories}
    for key, (category, title, lede, paragraphs, day) in CORPUS.items():
        page = ArticlePage(
            title=title,
            slug=key.replace("_", "-"),
            lede=lede,
            body=[("text", f"<p>{text}</p>") for text in paragraphs],
            published_at=timezone.make_aware(datetime(2024, 5, day, 9, 0)),
        )
        categories[category].add_child(instance=page)
        pages[key] = page
    return pages


OTHER_HOST = "thuynguyen.example"


def site_article(parent: Page, slug: str, title: str, day: int) -> ArticlePage:
    category = parent.add_child(instance=CategoryPage(title="Tin tức", slug=f"tin-{slug}"))
    return category.add_child(
        instance=ArticlePage(
            title=title,
            slug=slug,
            lede="Cảng biển đón tàu.",
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.make_aware(datetime(2024, 6, day, 9, 0)),
        )
    )


@pytest.fixture
def two_sites(home: Any, settings: Any) -> Site:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]
    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Thủy Nguyên", slug="thuy-nguyen")
    )
    other = Site.objects.create(hostname=OTHER_HOST, port=80, root_page=other_home, site_name="Thủy Nguyên")
    site_article(home, "cang-thanh-pho", "Cảng thành phố mở rộng", 1)
    site_article(other_home, "cang-huyen", "Cảng Thủy Nguyên khởi công", 2)
    return other
