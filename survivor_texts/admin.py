"""Survivor-facing texts in the admin: replaced by new versions, marked reviewed with who and when."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from survivor_texts import services
from survivor_texts.forms import MarkReviewedForm
from survivor_texts.models import TextVersion

WORDS = ["title", "body", "direction"]


@admin.register(TextVersion)
class TextVersionAdmin(admin.ModelAdmin):
    list_display = [
        "language",
        "kind",
        "version",
        "title",
        "status",
        "is_source",
        "reviewed_by",
        "reviewed_at",
    ]
    list_filter = ["status", ("language", admin.RelatedOnlyFieldListFilter), "kind", "is_source"]
    search_fields = ["title", "body", "kind", "language__name", "language__code"]
    list_select_related = ["language"]
    autocomplete_fields = ["language"]
    actions = ["mark_reviewed"]
    readonly_on_change = [
        "kind",
        "language",
        "version",
        "status",
        "is_source",
        "reviewed_by",
        "reviewed_at",
        "created_by",
        "created_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.readonly_on_change

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "language", "title", "body", "direction", "note"]
        return [*self.readonly_on_change, "title", "body", "direction", "note"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a consent may point to a version; a replaced version stays readable

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.text_version_create(
                kind=obj.kind,
                language=obj.language,
                title=obj.title,
                body=obj.body,
                direction=obj.direction,
                note=obj.note,
                actor=request.user,
            )
        elif not set(form.changed_data) & set(WORDS):
            obj.save(update_fields=["note"])  # the note says why; it is not words anyone read
            return
        else:
            # Editing a version saves a new one: the words read before stay as they were read.
            previous = TextVersion.objects.get(pk=obj.pk)
            created = services.text_version_replace(
                previous=previous,
                title=obj.title,
                body=obj.body,
                direction=obj.direction,
                note=obj.note,
                actor=request.user,
            )
            messages.info(
                request,
                _("Saved as version %(new)d; version %(old)d stays as it was, for the consents that read it.")
                % {"new": created.version, "old": previous.version},
            )
        obj.pk, obj.version, obj._state.adding = created.pk, created.version, False

    @admin.action(description=_("Mark as reviewed by a qualified translator"))
    def mark_reviewed(self, request, queryset):
        form = MarkReviewedForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            for version in queryset:
                services.text_version_mark_reviewed(
                    version=version, reviewed_by=form.cleaned_data["reviewed_by"]
                )
            count = len(queryset)
            self.message_user(
                request,
                ngettext("%(count)d text marked as reviewed.", "%(count)d texts marked as reviewed.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/survivor_texts/textversion/mark_reviewed.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Who reviewed these texts?"),
                "opts": self.model._meta,
                "versions": queryset.select_related("language"),
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
