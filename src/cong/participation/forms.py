"""The public question form and the staff-side forms."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import filetype
from altcha_django import AltchaField, AltchaMixin
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm

from cong.core.text import nfc

from .models import (
    CRITERIA,
    SCORES,
    Consultation,
    Department,
    DraftPart,
    Poll,
    Question,
    QuestionField,
)
from .queues import visible_questions
from .roles import ANSWERER, HEAD

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Extension -> MIME types the file's first bytes must show (checked with `filetype`).
ALLOWED_ATTACHMENTS = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
}
PHONE = re.compile(r"^\+?[0-9 .-]{8,20}$")
POW_ERROR = "Chưa xác minh chống gửi tự động (hoặc xác minh đã dùng, đã hết hạn). Vui lòng thử lại."


class NfcCharField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return nfc(super().to_python(value))


def check_attachment(upload: Any) -> None:
    """Allow-list by extension and by content (magic bytes), capped in size."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_ATTACHMENTS:
        raise ValidationError("Chỉ nhận tệp PDF, JPG hoặc PNG.", code="extension")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Tệp đính kèm lớn quá 5 MB.", code="size")
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENTS[extension]:
        raise ValidationError("Nội dung tệp không đúng định dạng PDF, JPG hoặc PNG.", code="content")


class QuestionForm(AltchaMixin, forms.Form):
    field = forms.ModelChoiceField(
        label="Lĩnh vực", queryset=QuestionField.objects.none(), empty_label="— Chọn lĩnh vực —"
    )
    title = NfcCharField(label="Tiêu đề", max_length=200)
    body = NfcCharField(label="Nội dung câu hỏi", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(
        label="Tệp đính kèm (không bắt buộc)",
        required=False,
        help_text="PDF, JPG hoặc PNG, tối đa 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    name = NfcCharField(label="Họ và tên", max_length=100)
    email = forms.EmailField(label="Thư điện tử", required=False, max_length=254)
    phone = NfcCharField(label="Số điện thoại", required=False, max_length=20)
    consent = forms.BooleanField(label="Tôi đã đọc và đồng ý với thông báo xử lý dữ liệu cá nhân ở trên.")
    altcha = AltchaField(
        label="Xác minh chống gửi tự động", return_result=True, error_messages={"required": POW_ERROR}
    )

    def __init__(self, *args: Any, site: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = QuestionField.objects.filter(site=site)
        self.fields["email"].help_text = "Cần ít nhất thư điện tử hoặc số điện thoại để nhận trả lời."
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        for name in ("field", "title", "body", "name", "consent"):
            self.fields[name].error_messages["required"] = "Vui lòng điền mục này."
        for field in self.fields.values():
            field.error_messages.setdefault("max_length", "Dài quá %(limit_value)d ký tự.")
            field.error_messages["max_length"] = "Dài quá %(limit_value)d ký tự."
        self.fields["consent"].error_messages["required"] = "Cần đồng ý với thông báo để gửi câu hỏi."
        self.fields["email"].error_messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ."
        self.fields["field"].error_messages["invalid_choice"] = "Lĩnh vực không hợp lệ."
        for code in self.fields["altcha"].error_messages:
            self.fields["altcha"].error_messages[code] = POW_ERROR

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError("Số điện thoại không hợp lệ.")
        return phone

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_attachment(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", "Cần ít nhất thư điện tử hoặc số điện thoại.")
        return data


class QuestionAdminForm(WagtailAdminModelForm):
    """Staff edit form: notes get their author; choosing "Đã trả lời" by hand is not allowed (only a
    published answer answers a question); "Không tiếp nhận" needs a reason. Field and department are
    those of the question's site only; it is assigned to an answering officer or the Trưởng Ban biên tập."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            field = self.fields["assignee"]
            field.queryset = field.queryset.filter(
                is_active=True, groups__name__in=[ANSWERER, HEAD]
            ).distinct()
        site_id = self.instance.site_id if self.instance.pk else None
        if site_id is not None:
            for name, model in (("field", QuestionField), ("department", Department)):
                if name in self.fields:
                    self.fields[name].queryset = model.objects.filter(site_id=site_id)
                    self.fields[name].error_messages["invalid_choice"] = (
                        "Chọn mục thuộc cùng trang với câu hỏi."
                    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("status")
        previous = self.instance.status if self.instance.pk else Question.Status.RECEIVED
        if status == Question.Status.ANSWERED and previous != Question.Status.ANSWERED:
            self.add_error(
                "status", "Câu hỏi chỉ chuyển sang “Đã trả lời” khi câu trả lời được duyệt và đăng."
            )
        if status == Question.Status.REJECTED and not (data.get("reject_reason") or "").strip():
            self.add_error("reject_reason", "Cần nêu lý do không tiếp nhận.")
        return data

    def save(self, commit: bool = True) -> Question:
        user = getattr(self, "for_user", None)
        for form in self.formsets["notes"].forms:
            if form.instance.pk is None and user is not None and user.is_authenticated:
                form.instance.author = user
        return super().save(commit=commit)


class DepartmentAdminForm(WagtailAdminModelForm):
    """A department's members are its answering officers: active accounts with the role "Cán bộ trả
    lời" (the role gives the permissions, the membership the queue)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "members" in self.fields:
            field = self.fields["members"]
            field.queryset = field.queryset.filter(is_active=True, groups__name=ANSWERER).distinct()
            field.help_text = (
                "Tài khoản có vai trò “Cán bộ trả lời”; họ thấy và xử lý câu hỏi của phòng ban này."
            )


class AnswerAdminForm(WagtailAdminModelForm):
    """An answer is written for an open question the staff member works on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "question" in self.fields and user is not None:
            questions = visible_questions(user).filter(
                models.Q(answer__isnull=True) | models.Q(pk=self.instance.question_id or 0)
            )
            self.fields["question"].queryset = questions.exclude(
                status__in=[Question.Status.WITHDRAWN, Question.Status.REJECTED]
            )


class RatingForm(AltchaMixin, forms.Form):
    interface = forms.TypedChoiceField(label="", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    content = forms.TypedChoiceField(label="", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    quality = forms.TypedChoiceField(label="", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    support = forms.TypedChoiceField(label="", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    comment = NfcCharField(
        label="Góp ý thêm (không bắt buộc)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Đừng ghi thông tin cá nhân: góp ý không cần họ tên hay địa chỉ liên hệ.",
    )
    altcha = AltchaField(
        label="Xác minh chống gửi tự động", return_result=True, error_messages={"required": POW_ERROR}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[name].label = label
            self.fields[name].error_messages.update(
                required="Vui lòng chọn một mức.", invalid_choice="Mức đánh giá không hợp lệ."
            )
        self.fields["comment"].error_messages["max_length"] = "Dài quá %(limit_value)d ký tự."
        for code in self.fields["altcha"].error_messages:
            self.fields["altcha"].error_messages[code] = POW_ERROR


class VoteForm(AltchaMixin, forms.Form):
    altcha = AltchaField(
        label="Xác minh chống gửi tự động", return_result=True, error_messages={"required": POW_ERROR}
    )

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        choices = poll.choices.all()
        if poll.multiple:
            field: forms.Field = forms.ModelMultipleChoiceField(
                label=poll.question, queryset=choices, widget=forms.CheckboxSelectMultiple
            )
        else:
            field = forms.ModelChoiceField(
                label=poll.question, queryset=choices, widget=forms.RadioSelect, empty_label=None
            )
        field.error_messages.update(
            required="Vui lòng chọn phương án.",
            invalid_choice="Phương án không hợp lệ.",
            invalid_pk_value="Phương án không hợp lệ.",
        )
        self.fields = {"choices": field, **self.fields}
        for code in self.fields["altcha"].error_messages:
            self.fields["altcha"].error_messages[code] = POW_ERROR

    def clean_choices(self) -> Any:
        if not self.poll.multiple and hasattr(self.data, "getlist") and len(self.data.getlist("choices")) > 1:
            raise ValidationError("Chỉ được chọn một phương án.")
        return self.cleaned_data["choices"]

    def chosen(self) -> list[Any]:
        value = self.cleaned_data["choices"]
        return list(value) if hasattr(value, "__iter__") else [value]


class CommentForm(AltchaMixin, forms.Form):
    part = forms.ModelChoiceField(
        label="Góp ý cho", queryset=DraftPart.objects.none(), required=False, empty_label="Toàn bộ dự thảo"
    )
    text = NfcCharField(label="Nội dung góp ý", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    author = NfcCharField(
        label="Người / cơ quan, tổ chức góp ý (không bắt buộc)",
        required=False,
        max_length=200,
        help_text="Được đăng cùng góp ý; để trống thì ghi “Không nêu tên”.",
    )
    altcha = AltchaField(
        label="Xác minh chống gửi tự động", return_result=True, error_messages={"required": POW_ERROR}
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = consultation.parts.all()
        self.fields["part"].error_messages["invalid_choice"] = "Phần dự thảo không hợp lệ."
        self.fields["text"].error_messages.update(
            required="Vui lòng nhập nội dung góp ý.", max_length="Dài quá %(limit_value)d ký tự."
        )
        self.fields["author"].error_messages["max_length"] = "Dài quá %(limit_value)d ký tự."
        for code in self.fields["altcha"].error_messages:
            self.fields["altcha"].error_messages[code] = POW_ERROR
