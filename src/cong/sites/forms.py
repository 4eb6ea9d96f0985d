"""The share form: a component board proposes its own articles; only the city's board decides."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from .scoping import sites_of


class ArticleShareForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.decides = user is None or user.has_perm("sites.change_articleshare")
        if not self.decides:
            self.fields.pop("status", None)

    def clean_article(self) -> Any:
        article = self.cleaned_data["article"]
        user = self.for_user
        if user is not None and not user.is_superuser and not self.decides:
            roots = [component.root_page.path for component in sites_of(user)]
            if not any(article.path.startswith(root) for root in roots):
                raise ValidationError("Chỉ đề xuất được tin bài của cổng thành phần mình phụ trách.")
        return article

    def save(self, commit: bool = True) -> Any:
        if self.instance.proposed_by_id is None and self.for_user is not None:
            self.instance.proposed_by = self.for_user
        return super().save(commit=commit)
