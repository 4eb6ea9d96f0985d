"""The admin login form with the lockout message, the one-time code form, and user forms limited by role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from wagtail.users.forms import UserCreationForm, UserEditForm

from cong.editorial.forms import LoginForm as EditorialLoginForm

from .lockout import lockout_message
from .roles import assignable_groups


class LoginForm(EditorialLoginForm):
    """Wagtail's login form; a locked-out account or address gets the Vietnamese lockout message."""

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    token = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class RoleLimitedMixin:
    """For an actor who is not a superuser: no "Administrator" box, only the groups it may grant, and no
    change to its own groups (the views let it edit only accounts holding grantable roles alone)."""

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.actor = actor
        fields = self.fields  # type: ignore[attr-defined]
        if actor is None or actor.is_superuser:
            return
        fields.pop("is_superuser", None)
        instance = self.instance  # type: ignore[attr-defined]
        if instance.pk is not None and instance.pk == actor.pk:
            fields.pop("groups", None)
        elif "groups" in fields:
            fields["groups"].queryset = assignable_groups(actor)


class RoleLimitedUserCreationForm(RoleLimitedMixin, UserCreationForm):
    pass


class RoleLimitedUserEditForm(RoleLimitedMixin, UserEditForm):
    pass
