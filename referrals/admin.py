"""The services vocabulary and who offers which service where, in the admin. Referrals themselves
are not registered: they concern survivor records, which administrators do not read."""

from django.contrib import admin

from referrals.models import OrganisationService, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "htcds_value", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["label", "code"]

    def get_readonly_fields(self, request, obj=None):
        # A code is what referrals and exports refer to: fixed once created.
        return ["code"] if obj else []


@admin.register(OrganisationService)
class OrganisationServiceAdmin(admin.ModelAdmin):
    list_display = ["organisation", "service", "place", "contact", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["organisation__name", "place"]
    autocomplete_fields = ["organisation"]
