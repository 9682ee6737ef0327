"""Staff accounts and groups in the admin site, and the "Change role" page.

Nobody widens their own access here: on their own account an administrator can change neither
staff status, nor groups, nor permissions, nor role or organisation, and they cannot change a
group they belong to. Roles and organisations change only through the "Change role" page
(accounts.roles.staff_role_change: logged, and told to the person); staff status follows the role;
the superuser flag is set nowhere in the admin.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import staff_role_change
from cases.client_address import client_address
from cases.models import Organisation, Role, StaffProfile


def _own_account(request: HttpRequest, user: User | None) -> bool:
    return user is not None and user.pk == request.user.pk


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Accounts. The role and organisation are shown, and change on their own page (no inline form)."""

    list_display = ["username", "email", "is_active", "role", "organisation"]
    list_select_related = ["staff_profile__organisation"]
    list_filter = ["is_active", "staff_profile__role", "staff_profile__organisation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("access", "is_active", "is_staff", "is_superuser")}),
        (_("Model permissions in this admin site"), {"fields": ("groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _own_account(request, obj):
            return fieldsets
        # One's own role is shown without the way to change it.
        return [
            (name, {**options, "fields": [f if f != "access" else "own_access" for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        # Staff status follows the role (Change role); the superuser flag is never set here.
        fixed = ["access", "is_staff", "is_superuser", "last_login", "date_joined"]
        if _own_account(request, obj):
            # Nobody widens their own access: what they may do is another administrator's to change.
            return [*fixed, "own_access", "groups", "user_permissions"]
        return fixed

    @admin.display(description=_("role and organisation"))
    def access(self, user: User) -> str:
        link = reverse("admin:auth_user_role_change", args=[user.pk])
        return format_html('{} <a class="button" href="{}">{}</a>', _held(user), link, gettext("Change role"))

    @admin.display(description=_("role and organisation"))
    def own_access(self, user: User) -> str:
        return format_html("{} ({})", _held(user), gettext("only another administrator changes your own"))

    @admin.display(description=_("role"))
    def role(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description=_("organisation"))
    def organisation(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return str(profile.organisation) if profile else "—"

    def get_urls(self):
        return [
            path(
                "<id>/role/",
                self.admin_site.admin_view(self.role_change_view),
                name="auth_user_role_change",
            ),
            *super().get_urls(),
        ]

    def role_change_view(self, request: HttpRequest, id: str) -> HttpResponse:
        """Give another person a role in an organisation: logged in the access log, and emailed to them."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not (
            self.has_change_permission(request, user) and request.user.has_perm("cases.change_staffprofile")
        ):
            raise PermissionDenied
        change_url = reverse("admin:auth_user_change", args=[user.pk])
        if _own_account(request, user):
            messages.error(
                request, gettext("Nobody changes their own role or organisation: ask another administrator.")
            )
            return HttpResponseRedirect(change_url)
        profile = StaffProfile.objects.filter(user=user).first()
        initial = {"role": profile.role, "organisation": profile.organisation_id} if profile else {}
        form = RoleChangeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                staff_role_change(
                    actor=request.user,
                    user=user,
                    role=form.cleaned_data["role"],
                    organisation=form.cleaned_data["organisation"],
                    ip_address=client_address(request),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                self.log_change(request, user, [{"changed": {"fields": ["role", "organisation"]}}])
                messages.success(
                    request, gettext("Role changed. The person was told by email that their access changed.")
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Change role: %(username)s") % {"username": user.get_username()},
            "form": form,
            "original": user,
            "opts": self.opts,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/auth/user/role_change.html", context)


def _held(user: User) -> str:
    profile = getattr(user, "staff_profile", None)
    return f"{profile.get_role_display()} · {profile.organisation}" if profile else gettext("No role")


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


admin.site.unregister(Group)


@admin.register(Group)
class MembersCannotChangeGroupAdmin(GroupAdmin):
    """Groups, which nobody changes or deletes while a member: that would widen their own access."""

    actions = None  # no bulk deletion: each group is deleted from its own page, by a non-member

    def _member(self, request: HttpRequest, group: Group | None) -> bool:
        return group is not None and group.user_set.filter(pk=request.user.pk).exists()

    def has_change_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        return super().has_change_permission(request, obj) and not self._member(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._member(request, obj)
