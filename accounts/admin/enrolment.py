"""Enrolment codes in the admin site: an administrator issues one for another person's account.

The account's page links here ("Issue an enrolment code", templates/admin/auth/user/
change_form.html). Issuing removes the person's authenticator and recovery codes, shows the
new code once, and writes the access log (accounts.enrolment). The list shows who has
an outstanding code and until when; never the code, which is kept only as a hash.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.enrolment import enrolment_code_issue
from accounts.models import EnrolmentCode


class EnrolmentCodeIssueForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        help_text=_(
            "Their authenticator app and recovery codes stop working now; at their next sign-in "
            "they type this code to set up an app again."
        ),
    )

    def __init__(self, *args, issuer, **kwargs):
        super().__init__(*args, **kwargs)
        self.issuer = issuer

    def clean_user(self):
        account = self.cleaned_data["user"]
        if account.pk == self.issuer.pk:
            # Whoever holds an administrator's open session must not be able to move their
            # second factor to a phone of their own: another administrator issues it, or the server.
            raise forms.ValidationError(
                _("You cannot issue an enrolment code for your own account: ask another administrator.")
            )
        return account


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(admin.ModelAdmin):
    list_display = ["user", "issued_at", "expires_at", "issued_by", "failed_attempts"]
    list_select_related = ["user", "issued_by"]
    fields = ["user", "issued_at", "expires_at", "issued_by", "failed_attempts"]
    readonly_fields = fields
    search_fields = ["user__username"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a code is issued or voided (deleted), never edited

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_add_permission(request) or super().has_view_permission(request, obj)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None) -> HttpResponse:
        """Issue a code: choose the account (or come from its page), confirm, and see the code once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {"user": request.GET.get("user")} if request.GET.get("user", "").isdigit() else {}
        form = EnrolmentCodeIssueForm(request.POST or None, initial=initial, issuer=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Issue an enrolment code"),
            "form": form,
            "lifetime_hours": settings.ENROLMENT_CODE_LIFETIME_HOURS,
        }
        if request.method == "POST" and form.is_valid():
            account = form.cleaned_data["user"]
            issued = enrolment_code_issue(account=account, issued_by=request.user, request=request)
            context.update({"title": _("Enrolment code issued"), "account": account, "issued": issued})
            return TemplateResponse(request, "admin/accounts/enrolmentcode/issued.html", context)
        return TemplateResponse(request, "admin/accounts/enrolmentcode/issue.html", context)
