"""Two sample component sites for the demo, on ``*.localhost`` names (resolve to 127.0.0.1, no /etc/hosts)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from cong.news.models import ArticlePage
from cong.sites.models import ArticleShare, ShareStatus, SiteTheme
from cong.sites.provision import create_site

# (name, host name, brand colour with ≥ 4.5:1 contrast against white, articles)
SAMPLES = (
    (
        "Sở Y tế (mẫu)",
        "so-y-te",
        "#1b5e20",
        [
            "Tăng cường phòng, chống sốt xuất huyết mùa mưa (tin mẫu)",
            "Khám sàng lọc miễn phí cho người cao tuổi tại các trạm y tế (tin mẫu)",
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo (mẫu)",
        "so-giao-duc",
        "#6a1b9a",
        [
            "Hướng dẫn tuyển sinh vào lớp 10 năm học mới (tin mẫu)",
            "Tập huấn chuyển đổi số cho giáo viên tiểu học (tin mẫu)",
        ],
    ),
)


def build_sample_sites(port: int, log: Callable[[str], None] = print) -> None:
    """Create the samples once (each run after the first changes nothing); share one article upward."""
    for name, label, colour, titles in SAMPLES:
        host = f"{label}.localhost" + (f":{port}" if port != 80 else "")
        result = create_site(name, host=host, slug=label)
        component = result.component
        if result.changes:
            log(f"{name}: http://{host}/")
        theme = SiteTheme.objects.get(site=component.site)
        if not theme.brand_colour:
            theme.brand_colour = colour
            theme.save()
        category = component.root_page.get_children().get(slug="tin-tuc-su-kien")
        for title in titles:
            if ArticlePage.objects.filter(title=title).exists():
                continue
            article = category.add_child(
                instance=ArticlePage(
                    title=title,
                    lede=f"{title}: nội dung mẫu của {name}, để xem thử cổng thành phần.",
                    published_at=timezone.now(),
                    live=False,
                )
            )
            article.save_revision().publish()
        first = ArticlePage.objects.filter(title=titles[0]).first()
        if first is not None:
            ArticleShare.objects.get_or_create(
                article=first,
                defaults={"status": ShareStatus.APPROVED, "note": "Tin mẫu chia sẻ lên cổng thành phố"},
            )
