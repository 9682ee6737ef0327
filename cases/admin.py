"""Accounts, organisations and sites in the admin. Cases are not registered: see intake/admin.py."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from cases.models import Organisation, Site, StaffProfile


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fields = ["organisation", "role"]


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "email", "is_active", "role", "organisation"]
    list_select_related = ["staff_profile__organisation"]
    list_filter = ["is_active", "staff_profile__role", "staff_profile__organisation"]

    @admin.display(description="role")
    def role(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description="organisation")
    def organisation(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return str(profile.organisation) if profile else "—"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "country", "city", "represents_country", "is_active"]
    list_filter = ["org_type", "is_active"]
    search_fields = ["name", "city"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "town", "organisation", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "town"]
