"""The admin site: for administrators only, and no server error from a crafted bulk action.

Installed in place of django.contrib.admin (AdminSiteConfig in INSTALLED_APPS), so that every
ModelAdmin registered on `admin.site`, the third-party ones (lockouts, authenticators, groups)
included, goes through the two rules below.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from intake.ids import record_id


class AdminSiteConfig(AdminConfig):
    """django.contrib.admin, with this module's site as `admin.site`."""

    default_site = "accounts.admin_site.CaseIntakeAdminSite"


class CaseIntakeAdminSite(admin.AdminSite):
    """The admin site of administrators (staff accounts).

    - A signed-in person without the admin site gets the site's ordinary 404 on every admin
      URL, as for any page they may not see. Django would send them to the admin's sign-in,
      which is the application's (they are signed in already, so it sends them back): a loop.
    - A bulk action posted with selected ids that cannot be ids of the model (words, numbers
      no column holds) acts on the ids that can; with none left, the admin says that nothing
      was selected, as for an empty selection, instead of a server error.
    """

    site_header = _("Case intake administration")
    site_title = _("Case intake administration")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        model = getattr(getattr(view, "__self__", None), "model", None)  # a ModelAdmin's own view

        def guarded(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            if model is not None and request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
                request.POST = selection_of_possible_ids(request.POST, model)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)


def selection_of_possible_ids(post: QueryDict, model) -> QueryDict:
    """Return `post` keeping only the selected ids that `model`'s primary key can hold."""
    pk = model._meta.pk
    possible = []
    for value in post.getlist(ACTION_CHECKBOX_NAME):
        if isinstance(pk, models.IntegerField):  # an id: the rule of every record id (intake.ids)
            if record_id(value) is None:
                continue
        else:
            try:
                pk.clean(value, None)  # its type and the database column's range
            except ValidationError:
                continue
        possible.append(value)
    cleaned = post.copy()
    cleaned.setlist(ACTION_CHECKBOX_NAME, possible)
    return cleaned
