"""Demo content for Hỏi đáp: departments, fields, answered questions and a few open ones."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from .models import Answer, Consultation, Department, Poll, PollChoice, Question, QuestionField

DEPARTMENTS = ["Sở Tài nguyên và Môi trường", "Cục Thuế tỉnh", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư"]
FIELDS = [
    ("Đất đai", "dat-dai", 0),
    ("Thuế, phí, lệ phí", "thue-phi", 1),
    ("Hộ tịch", "ho-tich", 2),
    ("Đầu tư, kinh doanh", "dau-tu-kinh-doanh", 3),
]
ANSWERED = [
    (
        "dat-dai",
        "Thủ tục thuê đất để xây dựng nhà xưởng",
        "Công ty tôi muốn thuê đất của Nhà nước để xây dựng nhà xưởng sản xuất. Xin hỏi hồ sơ gồm những gì "
        "và nộp ở đâu?",
        "Theo Luật Đất đai năm 2024, hồ sơ xin thuê đất gồm đơn xin giao đất, cho thuê đất theo mẫu và các "
        "giấy tờ liên quan đến dự án đầu tư. Hồ sơ nộp tại Bộ phận một cửa của Sở Tài nguyên và Môi trường "
        "hoặc qua Cổng dịch vụ công. Thời hạn giải quyết không quá 20 ngày làm việc.",
    ),
    (
        "dat-dai",
        "Cấp đổi giấy chứng nhận quyền sử dụng đất bị rách",
        "Giấy chứng nhận quyền sử dụng đất của gia đình tôi bị rách, mờ chữ. Tôi cần làm gì để được cấp đổi?",
        "Ông/bà nộp đơn đề nghị cấp đổi kèm bản gốc giấy chứng nhận đã cấp tại Văn phòng đăng ký đất đai "
        "hoặc Bộ phận một cửa cấp huyện. Thời gian giải quyết không quá 7 ngày làm việc.",
    ),
    (
        "thue-phi",
        "Lệ phí trước bạ khi nhận thừa kế nhà đất",
        "Tôi được thừa kế nhà đất từ cha mẹ. Tôi có phải nộp lệ phí trước bạ không?",
        "Nhà, đất nhận thừa kế giữa cha mẹ và con được miễn lệ phí trước bạ theo Nghị định về lệ phí trước "
        "bạ. Ông/bà kê khai và nộp hồ sơ miễn tại cơ quan thuế nơi có nhà, đất.",
    ),
    (
        "ho-tich",
        "Đăng ký khai sinh cho con khi bố mẹ chưa đăng ký kết hôn",
        "Vợ chồng tôi chưa đăng ký kết hôn. Con tôi có được đăng ký khai sinh không và ghi tên bố thế nào?",
        "Trẻ em được đăng ký khai sinh bình thường. Nếu bố nhận con, Ủy ban nhân dân cấp xã kết hợp giải "
        "quyết việc nhận cha, con và đăng ký khai sinh; khi đó thông tin người bố được ghi vào Giấy khai sinh.",
    ),
]
DEMO_POLL = ("Bạn muốn cổng bổ sung dịch vụ trực tuyến nào?", "dich-vu-truc-tuyen")
DEMO_POLL_CHOICES = [
    "Tra cứu tình trạng hồ sơ",
    "Đặt lịch tiếp công dân",
    "Bản đồ quy hoạch",
    "Thanh toán phí, lệ phí",
]
OPEN = [
    ("dau-tu-kinh-doanh", "Điều kiện mở cơ sở kinh doanh dịch vụ ăn uống", 2),
    ("dat-dai", "Thời hạn sử dụng đất nông nghiệp sau năm 2024", 25),
]


def build_demo_participation(site: Site | None = None) -> int:
    """Create the demo's departments, fields and questions (once); returns the number of questions."""
    site = site or Site.objects.get(is_default_site=True)
    if Question.objects.filter(site=site).exists():
        return 0
    _demo_poll(site)
    _demo_consultation(site)
    departments = [Department.objects.get_or_create(site=site, name=name)[0] for name in DEPARTMENTS]
    fields = {}
    for (name, slug, order), department in zip(FIELDS, departments, strict=True):
        fields[slug], _ = QuestionField.objects.get_or_create(
            site=site, slug=slug, defaults={"name": name, "department": department, "sort_order": order}
        )
    now = timezone.now()
    count = 0
    for n, (slug, title, body, answer_text) in enumerate(ANSWERED):
        field = fields[slug]
        question, _ = Question.create_with_code(
            site=site,
            field=field,
            department=field.department,
            title=title,
            body=body,
            consent_notice="(dữ liệu mẫu)",
        )
        question.created_at = now - timedelta(days=40 - n * 7)
        question.personal_data_removed_at = now  # demo questions carry no personal data
        question.save()
        answer = Answer.objects.create(
            question=question, body=answer_text, signed_by=field.department.name, live=False
        )
        answer.save_revision().publish()
        Question.objects.filter(pk=question.pk).update(published_at=question.created_at + timedelta(days=5))
        count += 1
    for slug, title, age in OPEN:
        field = fields[slug]
        question, _ = Question.create_with_code(
            site=site,
            field=field,
            department=field.department,
            title=title,
            body=f"{title}: xin cơ quan hướng dẫn cụ thể. (câu hỏi mẫu)",
            asker_name="Người hỏi mẫu",
            asker_email="nguoi-hoi-mau@example.com",
            consent_notice="(dữ liệu mẫu)",
        )
        question.created_at = now - timedelta(days=age)
        question.deadline = question.default_deadline(15)
        question.save()
        count += 1
    return count


def _demo_poll(site: Site) -> None:
    now = timezone.now()
    question, slug = DEMO_POLL
    poll = Poll.objects.create(
        site=site,
        question=question,
        slug=slug,
        description="Cuộc thăm dò mẫu của bản trình diễn.",
        multiple=True,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=30),
        results=Poll.Results.ALWAYS,
    )
    for n, text in enumerate(DEMO_POLL_CHOICES):
        PollChoice.objects.create(poll=poll, text=text, sort_order=n)


SAMPLE_DRAFT = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc tiếp nhận, trả lời câu hỏi của người dân, doanh nghiệp trên cổng thông tin điện tử.
Điều 2. Đối tượng áp dụng
1. Các sở, ban, ngành và Ủy ban nhân dân cấp huyện.
2. Tổ chức, cá nhân gửi câu hỏi qua cổng thông tin điện tử.
Chương II
TIẾP NHẬN VÀ TRẢ LỜI
Điều 3. Thời hạn trả lời
1. Câu hỏi được trả lời trong thời hạn 15 ngày kể từ ngày tiếp nhận.
2. Trường hợp phức tạp, thời hạn được kéo dài không quá 10 ngày và phải thông báo cho người hỏi.
Điều 4. Công khai câu trả lời
Câu trả lời được đăng công khai trên cổng, không kèm thông tin cá nhân của người hỏi.
"""


def _demo_consultation(site: Site) -> None:
    now = timezone.now()
    Consultation.objects.create(
        site=site,
        title="Dự thảo Quy chế tiếp nhận và trả lời câu hỏi trên cổng thông tin điện tử (mẫu)",
        slug="du-thao-quy-che-hoi-dap-mau",
        drafting_agency="Văn phòng Ủy ban nhân dân (mẫu)",
        summary="Dự thảo mẫu của bản trình diễn: góp ý cho từng điều, khoản hoặc cho toàn bộ dự thảo.",
        draft_text=SAMPLE_DRAFT,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        is_sample=True,
    )
