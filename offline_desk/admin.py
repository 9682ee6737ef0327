"""Desk devices in the admin: an administrator revokes a lost or seized one. Synced arrivals are not
registered: they hold what survivors told, which administrators do not read."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from offline_desk.models import DeskDevice
from offline_desk.services import device_revoke


@admin.register(DeskDevice)
class DeskDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "registered_at", "last_sync_at", "revoked_at"]
    list_filter = ["organisation", "revoked_at"]
    search_fields = ["user__username"]
    fields = ["public_id", "user", "organisation", "registered_at", "last_sync_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # a device registers itself when a caseworker opens the desk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: its synced arrivals point to it

    @admin.action(description=_("Revoke the chosen devices (lost or seized)"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        for device in queryset:
            device_revoke(device=device)
        messages.success(request, _("The devices chosen can sync nothing more."))
