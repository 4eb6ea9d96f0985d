"""Wagtail's user views, with roles limited for non-superusers (cong.accounts.roles)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from wagtail.users.views import users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from .forms import RoleLimitedUserCreationForm, RoleLimitedUserEditForm
from .roles import assignable_groups, can_manage_user


class CreateView(users.CreateView):
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}


class EditView(users.EditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_manage_user(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}


class DeleteView(users.DeleteView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_manage_user(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update: bool = False) -> type:
        return RoleLimitedUserEditForm if for_update else RoleLimitedUserCreationForm


# Wagtail's bulk actions on the user listing ("Assign role", "Set active state", "Delete") check only the
# model permission: without these, a Quản trị could tick its own box and assign itself Trưởng Ban biên
# tập, or disable or delete an editor-in-chief. Same rules as the forms above; registered in
# wagtail_hooks.py after Wagtail's own (same action types, so they replace them).


class RoleLimitedAssignRoleBulkAction(AssignRoleBulkAction):
    def check_perm(self, obj: Any) -> bool:
        actor = self.request.user
        own = obj.pk == actor.pk and not actor.is_superuser  # its own roles: never (as in the edit form)
        return super().check_perm(obj) and can_manage_user(actor, obj) and not own

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["role"].queryset = assignable_groups(self.request.user)
        return form


class RoleLimitedSetActiveStateBulkAction(SetActiveStateBulkAction):
    def check_perm(self, obj: Any) -> bool:
        return super().check_perm(obj) and can_manage_user(self.request.user, obj)


class RoleLimitedDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, obj: Any) -> bool:
        return super().check_perm(obj) and can_manage_user(self.request.user, obj)


BULK_ACTIONS = (
    RoleLimitedAssignRoleBulkAction,
    RoleLimitedSetActiveStateBulkAction,
    RoleLimitedDeleteBulkAction,
)
