"""Reference vocabularies in the admin. Survivor records are deliberately not registered:
administrators do not read them, and edits go through the screens that log and check them."""

from django.contrib import admin

from intake.models import Compound, ControlMethod, ExploitationType, Language, RecruitmentChannel


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_offered"]
    list_editable = ["is_offered"]
    list_filter = ["is_offered"]
    search_fields = ["name", "code"]


@admin.register(RecruitmentChannel, ExploitationType, ControlMethod)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "htcds_value", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["label", "code"]

    def get_readonly_fields(self, request, obj=None):
        # A code is what exports and stored records refer to: fixed once created.
        return ["code"] if obj else []


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "area", "is_active"]
    list_filter = ["country", "is_active"]
    search_fields = ["name", "area"]
