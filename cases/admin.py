"""Organisations, sites and exchange rates in the admin. Cases are not registered: see intake/admin.py.

Staff accounts, groups and the "Change role" page are the accounts app's (accounts/admin/staff.py).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import ExchangeRate, Organisation, Site
from cases.models.money import unit_choices


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
