"""Demo content: the Hải Phòng seed article plus generated Vietnamese news, all through the importer.

Everything is generated from a fixed random seed, so every demo looks the same.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Site

from cong.banners.models import Banner, Placement
from cong.core.jsonl import ImportReport, read_lines
from cong.core.models import PortalSettings
from cong.documents.demo import import_demo_documents
from cong.navigation.demo import build_demo_navigation
from cong.news.importer import ArticleImporter
from cong.organisation.demo import build_demo_organisation
from cong.participation.demo import build_demo_participation

DATA = Path(__file__).resolve().parent / "data"
SEED_JSONL = DATA / "seed_article.jsonl"
SEED_TEXT = DATA / "seed_haiphong.txt"
SEED_DOCUMENTS = DATA / "seed_documents.jsonl"
RANDOM_SEED = 20211201
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]

PORTAL = {
    "portal_name": "Cổng Thông tin điện tử",
    "portal_area": "thành phố Hải Phòng",
    "managing_agency": "Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
    "editor_in_chief": "Chánh Văn phòng Trần Huy Kiên",
    "address": "18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
    "phones": "0225.3821.055 - 0225.3747.352",
    "email": "congthongtindientu@haiphong.gov.vn",
    "facebook_url": "https://fb.com/www.haiphong.gov.vn",
}

BANNERS = [
    ("Dịch vụ công trực tuyến", "https://dichvucong.gov.vn/", Placement.SIDEBAR, "#0b4f8a"),
    ("Hỏi đáp trực tuyến", "/", Placement.SIDEBAR, "#1f7a4d"),
    ("Văn bản chỉ đạo điều hành", "/van-ban/", Placement.SIDEBAR, "#8a5a0b"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/", Placement.SIDEBAR_BOTTOM, "#6b1f7a"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/", Placement.SIDEBAR_BOTTOM, "#c8102e"),
]

CATEGORIES = {
    "Thời sự": [
        "{org} triển khai nhiệm vụ trọng tâm {period}",
        "Lãnh đạo thành phố làm việc với {org} về {topic}",
        "{org} tổng kết công tác {topic} năm {year}",
        "Hội nghị trực tuyến về {topic} với các quận, huyện",
    ],
    "Kinh tế": [
        "{org} đẩy mạnh thu hút đầu tư vào {place}",
        "Kim ngạch xuất khẩu qua cảng Hải Phòng tăng {pct}% so với cùng kỳ",
        "Tháo gỡ khó khăn cho doanh nghiệp tại {place}",
        "Khởi công dự án hạ tầng giao thông kết nối {place}",
    ],
    "Văn hóa - Xã hội": [
        "{org} tổ chức chương trình chăm lo Tết cho người nghèo",
        "Khai mạc Lễ hội Hoa Phượng Đỏ năm {year}",
        "Nâng cao chất lượng khám chữa bệnh tại {place}",
        "Học sinh Hải Phòng đạt {num} giải tại kỳ thi học sinh giỏi quốc gia",
    ],
    "Chỉ đạo - Điều hành": [
        "Ủy ban nhân dân thành phố chỉ đạo tăng cường {topic}",
        "Triển khai kế hoạch cải cách hành chính {period}",
        "Thành phố yêu cầu đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        "Chấn chỉnh công tác {topic} tại các sở, ngành",
    ],
}
ORGS = [
    "Sở Kế hoạch và Đầu tư",
    "Sở Giao thông vận tải",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Ban Quản lý Khu kinh tế Hải Phòng",
    "Sở Văn hóa và Thể thao",
    "Sở Tài nguyên và Môi trường",
    "Ủy ban nhân dân quận Lê Chân",
    "Ủy ban nhân dân huyện Thủy Nguyên",
    "Sở Thông tin và Truyền thông",
]
TOPICS = [
    "chuyển đổi số",
    "phòng, chống thiên tai",
    "cải cách hành chính",
    "bảo đảm trật tự an toàn giao thông",
    "phòng, chống dịch bệnh",
    "quản lý đất đai",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
]
PLACES = [
    "Khu kinh tế Đình Vũ - Cát Hải",
    "huyện Tiên Lãng",
    "quận Dương Kinh",
    "huyện Vĩnh Bảo",
    "quận Hải An",
    "huyện An Lão",
    "khu công nghiệp Tràng Duệ",
    "huyện đảo Cát Hải",
]
SENTENCES = [
    "Theo báo cáo, thời gian qua {org} đã chủ động tham mưu, triển khai đồng bộ nhiều giải pháp về {topic}.",
    "Nhiều chỉ tiêu quan trọng đạt và vượt kế hoạch đề ra, tạo nền tảng cho những năm tiếp theo.",
    "Tại hội nghị, các đại biểu tập trung thảo luận, làm rõ những khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ.",
    "Lãnh đạo thành phố đề nghị các đơn vị tiếp tục nâng cao trách nhiệm người đứng đầu, bám sát cơ sở.",
    "Đến nay, {pct}% hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến, đúng và trước hạn.",
    "Thành phố sẽ tiếp tục rà soát, hoàn thiện cơ chế, chính sách, tạo môi trường thuận lợi cho người dân và doanh nghiệp.",
    "Công tác tuyên truyền được đẩy mạnh trên báo chí, cổng thông tin điện tử và hệ thống thông tin cơ sở.",
    "Các quận, huyện đã xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
    "Đại diện {org} cho biết, đơn vị sẽ phối hợp chặt chẽ với các sở, ngành liên quan để triển khai nhiệm vụ.",
    "Dự kiến trong {period}, thành phố hoàn thành các mục tiêu đề ra tại {place}.",
    "Người dân đánh giá cao sự vào cuộc quyết liệt của chính quyền các cấp trong thời gian qua.",
    "Kết luận hội nghị, đồng chí chủ trì yêu cầu các đơn vị khẩn trương khắc phục hạn chế, tồn tại đã được chỉ ra.",
]
AUTHORS = ["Minh Anh", "Thu Hà", "Quang Huy", "Ngọc Lan", "Đức Thắng", "Phương Thảo", "Văn Nam", "Hải Yến"]
PERIODS = ["quý I", "quý II", "6 tháng cuối năm", "năm 2022", "giai đoạn 2021 - 2025"]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_PATHS:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def placeholder_image(path: Path, label: str, color: str, size: tuple[int, int] = (960, 600)) -> Path:
    """A flat picture visibly labelled as an illustration (the seed's real photos are not ours to ship)."""
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    w, h = size
    for i in range(0, w + h, 40):
        draw.line([(i, 0), (i - h, h)], fill=_shade(color, 0.9), width=14)
    big, small = _font(max(24, w // 14)), _font(max(14, w // 40))
    draw.text((w // 2, h // 2 - w // 30), "Ảnh minh họa", font=big, fill="white", anchor="mm")
    while len(label) > 10 and draw.textlength(label, font=small) > w - 40:
        label = label[: int(len(label) * 0.9)].rstrip() + "…"
    draw.text((w // 2, h // 2 + w // 18), label, font=small, fill="white", anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=85)
    return path


def banner_image(path: Path, label: str, color: str) -> Path:
    image = Image.new("RGB", (600, 160), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, 591, 151], outline="white", width=3)
    words, lines, line = label.upper().split(), [], ""
    for word in words:
        if len(line) + len(word) > 24:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    font = _font(34 if len(lines) < 3 else 26)
    draw.multiline_text((300, 80), "\n".join(lines), font=font, fill="white", anchor="mm", align="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def _shade(hex_color: str, factor: float) -> tuple[int, int, int]:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return int(r * factor), int(g * factor), int(b * factor)


def generated_articles(workdir: Path, per_category: int = 8) -> list[dict[str, Any]]:
    rng = random.Random(RANDOM_SEED)
    start = datetime(2021, 12, 3, 7, 0, tzinfo=TZ)
    colors = ["#2e6f9e", "#3f7f4f", "#8f5f2f", "#6f3f7f", "#9e3f3f", "#2f7f7f"]
    articles = []
    n = 0
    for category, headlines in CATEGORIES.items():
        for i in range(per_category):
            n += 1
            words = {
                "org": rng.choice(ORGS),
                "topic": rng.choice(TOPICS),
                "place": rng.choice(PLACES),
                "period": rng.choice(PERIODS),
                "year": rng.choice([2021, 2022]),
                "pct": rng.randint(8, 96),
                "num": rng.randint(20, 90),
            }
            title = headlines[i % len(headlines)].format(**words)
            title = title[0].upper() + title[1:]
            paragraphs = [s.format(**words) for s in rng.sample(SENTENCES, k=rng.randint(4, 7))]
            image_name = f"images/gen-{n:03d}.jpg"
            placeholder_image(workdir / image_name, title, rng.choice(colors), size=(800, 500))
            body = [f"<p>{p}</p>" for p in paragraphs]
            body.insert(
                2,
                f'<figure><img src="{image_name}" alt=""><figcaption>{title} (ảnh minh họa)</figcaption></figure>',
            )
            published = start + timedelta(
                hours=n * 7 + rng.randint(0, 5), minutes=rng.choice([0, 15, 30, 45])
            )
            articles.append(
                {
                    "title": title,
                    "lede": f"{paragraphs[0]} {paragraphs[1]}",
                    "body": "\n".join(body),
                    "published_at": published.isoformat(),
                    "category": category,
                    "source": "Cổng TTĐT",
                    "authors": rng.sample(AUTHORS, k=rng.choice([1, 1, 2])),
                    "legacy_url": f"demo:generated/{n:03d}",
                    "featured": i == 0,
                }
            )
    return articles


def build_demo(workdir: Path, log: Any = print, seed_only: bool = False) -> ImportReport:
    """Write the demo JSONL and images into workdir, import them, and set up settings and banners.

    ``seed_only``: the reference article and its images alone (seconds instead of minutes; the
    cluster test uses it)."""
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "images").mkdir(parents=True)
    seed = json.loads(SEED_JSONL.read_text(encoding="utf-8"))
    colors = ["#24577a", "#3b6e52", "#7a4b24", "#5a3b6e"]
    for n, caption in enumerate(_captions(seed["body"]), start=1):
        placeholder_image(workdir / "images" / f"seed-{n}.jpg", caption, colors[(n - 1) % len(colors)])
    if seed_only:
        (workdir / "seed.jsonl").write_text(json.dumps(seed, ensure_ascii=False) + "\n", encoding="utf-8")
        return ArticleImporter(workdir).run(read_lines(workdir / "seed.jsonl"))
    log("Tạo tin bài mẫu ...")
    records = [seed, *generated_articles(workdir)]
    jsonl = workdir / "demo.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    log(f"Nhập {len(records)} tin bài qua bộ nhập dữ liệu ...")
    report = ArticleImporter(workdir).run(read_lines(jsonl))
    # The documents the seed article cites (cong.documents): its citations become links to them.
    log("Nhập văn bản được tin bài mẫu trích dẫn ...")
    report.errors += import_demo_documents(SEED_DOCUMENTS).errors
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.update_or_create(site=site, defaults=PORTAL)
    _banners(workdir)
    log("Tạo lĩnh vực và câu hỏi mẫu (Hỏi đáp) ...")
    build_demo_participation(site)
    build_demo_organisation(site)
    build_demo_navigation(site, log)
    return report


def _captions(body_html: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [c.get_text(strip=True) for c in BeautifulSoup(body_html, "html.parser").find_all("figcaption")]


def _banners(workdir: Path) -> None:
    image_model = get_image_model()
    site = Site.objects.get(is_default_site=True)
    for order, (label, link, placement, color) in enumerate(BANNERS):
        path = banner_image(workdir / "banners" / f"banner-{order + 1}.png", label, color)
        with path.open("rb") as handle:
            image = image_model(title=f"Banner: {label}", file=ImageFile(handle, name=path.name))
            image.save()
        Banner.objects.create(
            site=site,
            title=label,
            image=image,
            alt_text=label,
            link_url=link,
            placement=placement,
            sort_order=order,
        )
