"""Accounts, organisations and sites in the admin. Cases are not registered: see intake/admin.py."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from cases.models import ExchangeRate, Organisation, Site, StaffProfile
from cases.models.money import unit_choices


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


class ExchangeRateForm(forms.ModelForm):
    unit = forms.ChoiceField(label=_("currency or crypto asset"), choices=unit_choices)

    class Meta:
        model = ExchangeRate
        fields = ["unit", "valid_from", "usd_per_unit", "source"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Dated rates that dashboards use to add up debts in US dollars; nothing fetches them."""

    form = ExchangeRateForm
    list_display = ["unit", "valid_from", "usd_per_unit", "source", "updated_at"]
    list_filter = ["unit"]
    search_fields = ["unit", "source"]
    date_hierarchy = "valid_from"
    fields = ["unit", "valid_from", "usd_per_unit", "source"]
