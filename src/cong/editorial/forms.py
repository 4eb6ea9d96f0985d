"""Admin forms adjusted so that every label an editor meets is translatable."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form, whose password field has no label of its own.

    Without one Django derives "Password" from the field name, in English whatever the language;
    here the label is Django's translatable "Password" (Vietnamese: "Mật khẩu"). The username
    placeholder also reads "Nhập tên đăng nhập của bạn" rather than "Nhập Tên đăng nhập của bạn".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")
        field_name = str(self.username_field.verbose_name)
        self.fields["username"].widget.attrs["placeholder"] = gettext_lazy(
            "Enter your %(username_field_name)s"
        ) % {"username_field_name": field_name[:1].lower() + field_name[1:]}
