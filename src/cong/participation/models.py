"""Citizen participation: questions and answers (Hỏi đáp), portal ratings and polls.

Every model belongs to a Wagtail Site. Personal data of an asker (name, e-mail, phone, attachment) is
kept apart from what is published (title, question, answer) so that it can be removed on its own
(:func:`Question.remove_personal_data`) while the published answer stays.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    Site,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from cong.core.text import nfc
from cong.pagecache.invalidation import invalidate

CODE_PREFIX = "HD"
TOKEN_BYTES = 24


def private_storage() -> FileSystemStorage:
    """Attachments are personal data: kept outside MEDIA_ROOT, served only to staff (wagtail_hooks)."""
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "participation")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _nfc_fields(instance: models.Model) -> None:
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str):
            setattr(instance, field.attname, nfc(value).strip())


DEFAULT_NOTICE = (
    "Khi gửi câu hỏi, bạn cung cấp họ tên và thư điện tử và/hoặc số điện thoại. Chúng tôi dùng các "
    "thông tin này chỉ để trả lời và báo cho bạn biết tình trạng xử lý câu hỏi; không công khai, "
    "không chuyển cho bên thứ ba. Tiêu đề, nội dung câu hỏi và câu trả lời có thể được công bố trên "
    "cổng, không kèm thông tin liên hệ của bạn. Bạn có quyền được biết, yêu cầu chỉnh sửa, xóa hoặc "
    "rút lại câu hỏi (bằng đường dẫn bí mật nhận được khi gửi) và khiếu nại theo quy định về bảo vệ "
    "dữ liệu cá nhân."
)


@register_setting(icon="help")
class ParticipationSettings(BaseSiteSetting):
    """What the question form tells the asker about their personal data, and the answer deadline."""

    controller = models.CharField(
        "Bên kiểm soát dữ liệu",
        max_length=300,
        blank=True,
        help_text="Cơ quan chịu trách nhiệm xử lý dữ liệu cá nhân; để trống thì dùng cơ quan quản lý cổng.",
    )
    privacy_notice = models.TextField("Thông báo xử lý dữ liệu cá nhân", default=DEFAULT_NOTICE)
    privacy_contact = models.CharField(
        "Liên hệ về dữ liệu cá nhân", max_length=300, blank=True, help_text="Thư điện tử hoặc địa chỉ."
    )
    answer_days = models.PositiveSmallIntegerField("Thời hạn trả lời (ngày)", default=15)

    class Meta:
        verbose_name = "Hỏi đáp: thông báo và thời hạn"
        verbose_name_plural = verbose_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)


class Department(models.Model):
    """A phòng ban / đơn vị that answers questions; its members see its queue."""

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Tên phòng ban / đơn vị", max_length=200)
    email = models.EmailField("Thư điện tử", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="Cán bộ trả lời", blank=True, related_name="qa_departments"
    )

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("email"), FieldPanel("members")]

    class Meta:
        verbose_name = "Phòng ban / đơn vị"
        verbose_name_plural = "Phòng ban / đơn vị"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="participation_department_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)


class QuestionField(models.Model):
    """A lĩnh vực (field) people ask about; new questions go to its department."""

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Lĩnh vực", max_length=200)
    slug = models.SlugField("Đường dẫn", max_length=100)
    department = models.ForeignKey(
        Department, verbose_name="Phòng ban tiếp nhận", null=True, blank=True, on_delete=models.SET_NULL
    )
    sort_order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("department")]
    panels += [FieldPanel("sort_order")]

    class Meta:
        verbose_name = "Lĩnh vực hỏi đáp"
        verbose_name_plural = "Lĩnh vực hỏi đáp"
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="participation_field_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)


class QuestionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self) -> QuestionQuerySet:
        """Answered questions whose answer is live and that the staff left public."""
        return self.filter(status=Question.Status.ANSWERED, is_public=True, answer__live=True)

    def open(self) -> QuestionQuerySet:
        return self.filter(status__in=[Question.Status.RECEIVED, Question.Status.PROCESSING])

    def overdue(self, today: date | None = None) -> QuestionQuerySet:
        return self.open().filter(deadline__lt=today or timezone.localdate())


class Question(index.Indexed, ClusterableModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        PROCESSING = "processing", "Đang xử lý"
        ANSWERED = "answered", "Đã trả lời"
        REJECTED = "rejected", "Không tiếp nhận"
        WITHDRAWN = "withdrawn", "Đã rút"

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("Mã câu hỏi", max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    field = models.ForeignKey(QuestionField, verbose_name="Lĩnh vực", on_delete=models.PROTECT)
    title = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung câu hỏi")
    attachment = models.FileField(
        "Tệp đính kèm", storage=private_storage, upload_to="%Y/%m/", blank=True, editable=False
    )
    asker_name = models.CharField("Họ và tên", max_length=100, blank=True, editable=False)
    asker_email = models.EmailField("Thư điện tử", blank=True, editable=False)
    asker_phone = models.CharField("Điện thoại", max_length=20, blank=True, editable=False)
    consent_notice = models.TextField("Thông báo người hỏi đã đồng ý", editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Hash of the proof of work's nonce: unique, so one solution can never create two questions, even
    # when two copies race past the cache's replay check (a file cache cannot add atomically).
    pow_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)

    status = models.CharField("Trạng thái", max_length=12, choices=Status.choices, default=Status.RECEIVED)
    reject_reason = models.TextField("Lý do không tiếp nhận", blank=True)
    department = models.ForeignKey(
        Department, verbose_name="Phòng ban", null=True, blank=True, on_delete=models.SET_NULL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Cán bộ được giao",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField("Hạn trả lời", null=True, blank=True)
    is_public = models.BooleanField(
        "Công bố câu hỏi và câu trả lời", default=True, help_text="Bỏ chọn nếu câu hỏi chỉ trả lời riêng."
    )
    created_at = models.DateTimeField("Ngày gửi", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)
    published_at = models.DateTimeField("Ngày trả lời", null=True, blank=True, editable=False)
    personal_data_removed_at = models.DateTimeField("Đã xóa dữ liệu cá nhân lúc", null=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("body"),
        index.SearchField("answer_text"),
        index.FilterField("site"),
        index.FilterField("status"),
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("deadline")]),
                FieldPanel("reject_reason"),
                FieldRowPanel([FieldPanel("department"), FieldPanel("assignee")]),
                FieldPanel("is_public"),
            ],
            heading="Xử lý",
        ),
        MultiFieldPanel([FieldPanel("field"), FieldPanel("title"), FieldPanel("body")], heading="Câu hỏi"),
        InlinePanel("notes", heading="Ghi chú nội bộ", label="Ghi chú"),
    ]

    class Meta:
        verbose_name = "Câu hỏi"
        verbose_name_plural = "Câu hỏi"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "number"], name="participation_question_number"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @cached_property
    def live_answer(self) -> Answer | None:
        answer = Answer.objects.filter(question=self, live=True).first()
        return answer

    def answer_text(self) -> str:
        answer = self.live_answer
        return answer.body if answer else ""

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (self.Status.RECEIVED, self.Status.PROCESSING)
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    @property
    def has_personal_data(self) -> bool:
        return bool(self.asker_name or self.asker_email or self.asker_phone or self.attachment)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Question:
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.status
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves; a change of status is e-mailed to the asker and a change of what is public empties the
        page cache, both once the transaction commits."""
        from . import notify

        _nfc_fields(self)
        previous = getattr(self, "_loaded_status", None)
        super().save(*args, **kwargs)
        if previous is not None and previous != self.status:
            notify.status_changed(self, previous)
        if self.Status.ANSWERED in (previous, self.status):
            invalidate()
        self._loaded_status = self.status
        self.__dict__.pop("live_answer", None)

    @classmethod
    def create_with_code(cls, **fields: Any) -> tuple[Question, str]:
        """Insert a new question with the next number of its site and year; returns it and the secret
        token of its status page (only the token's hash is stored)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = timezone.now()
        year = timezone.localtime(now).year
        for _ in range(5):
            try:
                with transaction.atomic():
                    last = (
                        cls.objects.filter(site=fields["site"], year=year).aggregate(n=models.Max("number"))[
                            "n"
                        ]
                        or 0
                    )
                    number = last + 1
                    question = cls(
                        year=year,
                        number=number,
                        code=f"{CODE_PREFIX}-{year}-{number:05d}",
                        token_hash=hash_token(token),
                        created_at=now,
                        **fields,
                    )
                    question.save()
                    return question, token
            except IntegrityError:
                if fields.get("pow_hash") and cls.objects.filter(pow_hash=fields["pow_hash"]).exists():
                    raise
                continue
        raise IntegrityError("no free question number")

    def remove_personal_data(self) -> None:
        """Forget who asked: name, e-mail, phone and attachment. Question and answer stay."""
        if self.attachment:
            self.attachment.delete(save=False)
        self.asker_name = self.asker_email = self.asker_phone = ""
        self.attachment = ""
        self.personal_data_removed_at = timezone.now()
        self.save()

    def default_deadline(self, days: int) -> date:
        return timezone.localdate(self.created_at) + timedelta(days=days)


class QuestionNote(models.Model):
    """An internal note on a question, never shown to the asker or the public."""

    question = ParentalKey(Question, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    text = models.TextField("Ghi chú")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("text")]

    class Meta:
        verbose_name = "Ghi chú nội bộ"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)


class Answer(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """The answer to a question. Drafted by a "Cán bộ trả lời", approved by the "Trưởng Ban biên tập"
    through the Wagtail workflow "Duyệt câu trả lời"; publishing it answers the question."""

    question = models.OneToOneField(Question, verbose_name="Câu hỏi", on_delete=models.CASCADE)
    body = models.TextField("Nội dung trả lời")
    signed_by = models.CharField(
        "Đơn vị trả lời", max_length=200, blank=True, help_text="Ví dụ: Sở Tài nguyên và Môi trường"
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="participation_answer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="participation_answer",
        for_concrete_model=False,
    )

    panels = [FieldPanel("question"), FieldPanel("body"), FieldPanel("signed_by")]

    class Meta:
        verbose_name = "Câu trả lời"
        verbose_name_plural = "Câu trả lời"

    def __str__(self) -> str:
        return f"Trả lời {self.question.code}" if self.question_id else "Trả lời"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)

    @property
    def revisions(self) -> Any:
        return self._revisions


# --- Đánh giá cổng (Art. 8 of Decree 42/2022) and polls ------------------------------------------------

SCORES = [(1, "Rất kém"), (2, "Kém"), (3, "Trung bình"), (4, "Tốt"), (5, "Rất tốt")]
CRITERIA = [
    ("interface", "Giao diện"),
    ("content", "Nội dung thông tin"),
    ("quality", "Chất lượng (tốc độ, dễ tìm, dễ dùng)"),
    ("support", "Hỗ trợ người dùng"),
]


class PortalRating(models.Model):
    """One visitor's rating of the portal on the four criteria of Art. 8, with an optional comment.
    One per visitor per day (daily visitor hash, unlinkable once the day's salt is gone)."""

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    interface = models.PositiveSmallIntegerField("Giao diện", choices=SCORES)
    content = models.PositiveSmallIntegerField("Nội dung thông tin", choices=SCORES)
    quality = models.PositiveSmallIntegerField("Chất lượng", choices=SCORES)
    support = models.PositiveSmallIntegerField("Hỗ trợ người dùng", choices=SCORES)
    comment = models.TextField("Góp ý", blank=True)
    created_at = models.DateTimeField("Thời gian", default=timezone.now)
    visitor_hash = models.CharField(max_length=32, editable=False)
    pow_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "Đánh giá cổng"
        verbose_name_plural = "Đánh giá cổng"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "visitor_hash"], name="participation_rating_once")
        ]

    def __str__(self) -> str:
        return f"Đánh giá {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)

    @property
    def average(self) -> float:
        return round((self.interface + self.content + self.quality + self.support) / 4, 2)


def new_poll_salt() -> str:
    return secrets.token_hex(32)


class Poll(ClusterableModel):
    """A thăm dò ý kiến: open and close dates, single or multiple choice, results when editors choose."""

    class Results(models.TextChoices):
        HIDDEN = "hidden", "Không công bố"
        ALWAYS = "always", "Công bố ngay (cả khi đang mở)"
        AFTER_CLOSE = "after_close", "Công bố khi đã đóng"

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    question = models.CharField("Câu hỏi thăm dò", max_length=300)
    slug = models.SlugField("Đường dẫn", max_length=100)
    description = models.TextField("Giới thiệu", blank=True)
    multiple = models.BooleanField("Cho chọn nhiều phương án", default=False)
    opens_at = models.DateTimeField("Mở từ", default=timezone.now)
    closes_at = models.DateTimeField("Đóng lúc")
    results = models.CharField(
        "Công bố kết quả", max_length=12, choices=Results.choices, default=Results.AFTER_CLOSE
    )
    # Key of the visitor hashes of this poll (one vote per visitor for the whole poll); cleared by
    # ./cong expire_personal_data once the poll has closed, which makes the stored hashes unlinkable.
    vote_salt = models.CharField(max_length=64, default=new_poll_salt, editable=False)

    panels = [
        FieldPanel("site"),
        FieldPanel("question"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("multiple"), FieldPanel("results")]),
        InlinePanel("choices", heading="Phương án", label="Phương án", min_num=2),
    ]

    class Meta:
        verbose_name = "Thăm dò ý kiến"
        verbose_name_plural = "Thăm dò ý kiến"
        ordering = ["-opens_at"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="participation_poll_unique")]

    def __str__(self) -> str:
        return self.question

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def shows_results(self, now: Any = None) -> bool:
        if self.results == self.Results.ALWAYS:
            return True
        return self.results == self.Results.AFTER_CLOSE and (now or timezone.now()) >= self.closes_at

    def tally(self) -> list[tuple[PollChoice, int]]:
        counts = dict(
            PollBallot.choices.through.objects.filter(pollballot__poll=self)
            .values_list("pollchoice")
            .annotate(n=models.Count("id"))
        )
        return [(choice, counts.get(choice.pk, 0)) for choice in self.choices.all()]


class PollChoice(models.Model):
    poll = ParentalKey(Poll, related_name="choices", on_delete=models.CASCADE)
    text = models.CharField("Phương án", max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    panels = [FieldPanel("text")]

    class Meta:
        verbose_name = "Phương án"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)


class PollBallot(models.Model):
    """One visitor's vote in one poll (one or several choices)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    choices = models.ManyToManyField(PollChoice)
    visitor_hash = models.CharField(max_length=32)
    pow_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Phiếu thăm dò"
        constraints = [
            models.UniqueConstraint(fields=["poll", "visitor_hash"], name="participation_vote_once")
        ]

    def __str__(self) -> str:
        return f"Phiếu {self.pk} – {self.poll}"


# --- Lấy ý kiến dự thảo (consultation on draft documents) ----------------------------------------------


class ConsultationQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self, now: Any = None) -> ConsultationQuerySet:
        """Consultations the public sees: opened (the listing and the page show nothing earlier)."""
        return self.filter(opens_at__lte=now or timezone.now())


class Consultation(index.Indexed, ClusterableModel):
    """A draft document open for comments between two dates, split into parts, with attachments."""

    site = models.ForeignKey(Site, verbose_name="Trang", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("Tên dự thảo", max_length=300)
    slug = models.SlugField("Đường dẫn", max_length=100)
    drafting_agency = models.CharField("Cơ quan chủ trì soạn thảo", max_length=200)
    summary = models.TextField("Tóm tắt", blank=True)
    draft_text = models.TextField(
        "Toàn văn dự thảo",
        blank=True,
        help_text="Dán toàn văn, hoặc để trống để lấy từ tệp dự thảo (DOCX hoặc TXT); các dòng “Chương …”, "
        "“Điều N.” và “1.” (khoản) được tách thành từng phần để góp ý.",
    )
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="Tệp dự thảo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name="Văn bản trong cơ sở dữ liệu văn bản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text="Văn bản mà dự thảo này sẽ trở thành (có thể còn là bản nháp, chưa đăng); để trống nếu "
        "dự thảo độc lập. Trang lấy ý kiến chỉ hiện liên kết khi văn bản đã được đăng.",
    )
    opens_at = models.DateTimeField("Bắt đầu lấy ý kiến", default=timezone.now)
    closes_at = models.DateTimeField("Kết thúc lấy ý kiến")
    is_sample = models.BooleanField(
        "Dữ liệu mẫu", default=False, help_text="Hiện nhãn “Dữ liệu mẫu” trên trang."
    )

    objects = ConsultationQuerySet.as_manager()

    # In the portal-wide search (cong.participation.searching): title, summary and text are its tiers.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=1.5),
        index.SearchField("draft_text"),
        index.FilterField("site"),
        index.FilterField("opens_at"),
    ]

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("drafting_agency"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("draft_text"),
        FieldPanel("attachment"),
        InlinePanel("related_files", heading="Tài liệu kèm theo", label="Tài liệu"),
        FieldPanel("legal_document"),
        FieldPanel("is_sample"),
    ]

    class Meta:
        verbose_name = "Lấy ý kiến dự thảo"
        verbose_name_plural = "Lấy ý kiến dự thảo"
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="participation_consultation_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves, and splits the text into parts again while no comment is attached to a part. With
        no text, the text is taken from the uploaded draft (DOCX or TXT)."""
        from .drafts import split_draft, text_of_file

        _nfc_fields(self)
        if not self.draft_text and self.attachment_id:
            self.draft_text = text_of_file(self.attachment)
        super().save(*args, **kwargs)
        if Comment.objects.filter(consultation=self, part__isnull=False).exists():
            return
        with transaction.atomic():
            self.parts.all().delete()
            created: list[DraftPart] = []
            for n, part in enumerate(split_draft(self.draft_text)):
                parent = created[part.parent] if part.parent is not None else None
                created.append(
                    DraftPart.objects.create(
                        consultation=self,
                        kind=part.kind,
                        label=part.label,
                        heading=part.heading,
                        text=part.text,
                        parent=parent,
                        sort_order=n,
                    )
                )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .drafts import text_of_file

        super().clean()
        if not self.draft_text.strip() and not (self.attachment and text_of_file(self.attachment)):
            raise ValidationError(
                {"draft_text": "Dán toàn văn dự thảo hoặc chọn tệp dự thảo DOCX/TXT đọc được."}
            )

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class ConsultationFile(Orderable):
    """A document attached to a consultation besides the draft itself: tờ trình, báo cáo đánh giá tác
    động, bản so sánh..."""

    consultation = ParentalKey(Consultation, related_name="related_files", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Tài liệu", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "Tài liệu kèm theo"
        verbose_name_plural = "Tài liệu kèm theo"

    def __str__(self) -> str:
        return self.document.title


class Response(models.TextChoices):
    ACCEPTED = "tiep_thu", "Tiếp thu"
    EXPLAINED = "giai_trinh", "Giải trình"


class DraftPart(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(
        max_length=6, choices=[("chuong", "Chương"), ("dieu", "Điều"), ("khoan", "Khoản")], editable=False
    )
    label = models.CharField("Phần", max_length=60, editable=False)
    heading = models.CharField("Tên", max_length=300, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="+", editable=False)
    sort_order = models.PositiveIntegerField(editable=False)
    response_kind = models.CharField(
        "Tiếp thu / giải trình", max_length=10, choices=Response.choices, blank=True
    )
    response = models.TextField("Ý kiến của cơ quan soạn thảo về phần này", blank=True)

    panels = [FieldPanel("response_kind"), FieldPanel("response")]

    class Meta:
        verbose_name = "Phần dự thảo"
        verbose_name_plural = "Phần dự thảo"
        ordering = ["consultation", "sort_order"]

    def __str__(self) -> str:
        return f"{self.label}. {self.heading}".strip(". ") if self.heading else self.label


class Comment(models.Model):
    """A comment on the whole draft (no part) or on one part; shown only once moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        PUBLISHED = "published", "Đã đăng"
        HIDDEN = "hidden", "Ẩn (vi phạm, trùng lặp)"
        WITHDRAWN = "withdrawn", "Người góp ý rút lại"

    consultation = models.ForeignKey(
        Consultation, verbose_name="Dự thảo", on_delete=models.CASCADE, related_name="comments"
    )
    part = models.ForeignKey(
        DraftPart,
        verbose_name="Phần",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.CharField("Người / tổ chức góp ý", max_length=200, blank=True)
    text = models.TextField("Nội dung góp ý")
    status = models.CharField("Trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    response_kind = models.CharField(
        "Tiếp thu / giải trình", max_length=10, choices=Response.choices, blank=True
    )
    response = models.TextField("Ý kiến của cơ quan soạn thảo", blank=True)
    created_at = models.DateTimeField("Thời gian", default=timezone.now, editable=False)
    pow_hash = models.CharField(max_length=64, unique=True, editable=False)

    panels = [
        FieldPanel("status"),
        FieldPanel("text", read_only=True),
        FieldPanel("author", read_only=True),
        FieldRowPanel([FieldPanel("response_kind")]),
        FieldPanel("response"),
    ]

    class Meta:
        verbose_name = "Ý kiến góp ý dự thảo"
        verbose_name_plural = "Ý kiến góp ý dự thảo"
        ordering = ["created_at"]

    def __str__(self) -> str:
        where = self.part.label if self.part_id else "Toàn bộ dự thảo"
        return f"{where}: {self.text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _nfc_fields(self)
        super().save(*args, **kwargs)
