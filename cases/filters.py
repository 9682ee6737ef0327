"""The case list's search and filters (django-filter), over the cases a user may see."""

import django_filters
from cryptography.fernet import InvalidToken
from django import forms
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.access import organisations_of_visible_cases
from cases.models import CLOSED_STATUSES, Case, CaseStatus, Organisation, RepatriationStage
from cases.selectors import not_interviewed_condition
from intake.encryption import decrypt, encrypt
from intake.matching import document_index, normalise_document, phone_index, phonetic_codes
from intake.models import (
    Compound,
    Consent,
    Exploitation,
    Nationality,
    Person,
    minor_condition,
    urgent_condition,
)
from intake.vocabularies import ConsentScope, country_choices


class ConsentState:
    SHARE_EMBASSY = "share_embassy"
    NO_SHARE_EMBASSY = "no_share_embassy"
    WITHDRAWN = "withdrawn"

    choices = [
        (SHARE_EMBASSY, _("Consents to share with embassy")),
        (NO_SHARE_EMBASSY, _("No consent to share with embassy")),
        (WITHDRAWN, _("A consent was withdrawn")),
    ]


def search_cases(queryset: QuerySet[Case], value: str) -> QuerySet[Case]:
    """Match a name in any script or spelling, an alias, a case reference, a document number or a phone.

    Each way of matching is a condition on its own indexed column (references are upper case,
    documents and phones are found through their blind indexes), so the database tests each
    case against a few small sets of persons instead of joining every person to every case.
    """
    value = value.strip()
    if not value:
        return queryset
    matches = Q(reference=value.upper())
    # A name has no digit: what has one is a reference, a document or a phone, matched exactly
    # (a document number's letters must not find people whose names sound like them).
    identifier = any(char.isdigit() for char in value)
    codes = [] if identifier else phonetic_codes(value)
    if codes:
        name_matches = Q()
        for code in codes:  # every word typed must sound like a word of a name or alias
            name_matches &= Q(name_phonetic__contains=f" {code} ")
        matches |= Q(person_id__in=Person.objects.filter(name_matches).values("pk"))
    # Document numbers and phones are encrypted: they are found through their blind indexes.
    if identifier and len(normalise_document(value)) >= 4:
        documents = Nationality.objects.filter(document_number_index=document_index(value))
        matches |= Q(person_id__in=documents.values("person_id"))
    if identifier and not any(char.isalpha() for char in value) and phone_index(value):
        matches |= Q(person_id__in=Person.objects.filter(phone_index=phone_index(value)).values("pk"))
    return queryset.filter(matches)


class CaseFilter(django_filters.FilterSet):
    """Filters of the case list. Build it over `Case.objects.visible_to(user)` and pass `request`."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name in any spelling, alias, reference, document, phone")}
        ),
    )
    nationality = django_filters.ChoiceFilter(
        label=_("Nationality"),
        choices=country_choices,
        method="filter_nationality",
        empty_label=_("Any nationality"),
        widget=forms.Select(attrs={"data-searchable": ""}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CaseStatus.choices, empty_label=_("Any status")
    )
    open = django_filters.BooleanFilter(
        label=_("Open cases only"), method="filter_open", widget=forms.CheckboxInput
    )
    stage = django_filters.ChoiceFilter(
        label=_("Repatriation stage"),
        field_name="repatriation_stage",
        choices=RepatriationStage.choices,
        empty_label=_("Any stage"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("Any organisation")
    )
    caseworker = django_filters.ModelChoiceFilter(
        label=_("Caseworker"), queryset=User.objects.none(), empty_label=_("Anyone")
    )
    compound = django_filters.ModelChoiceFilter(
        label=_("Compound"),
        queryset=Compound.objects.all(),
        method="filter_compound",
        empty_label=_("Any compound"),
    )
    arrived = django_filters.DateFromToRangeFilter(
        label=_("Arrived between"),
        field_name="person__arrived_on",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    minors = django_filters.BooleanFilter(
        label=_("Minors only"), method="filter_minors", widget=forms.CheckboxInput
    )
    urgent = django_filters.BooleanFilter(
        label=_("Urgent needs only"), method="filter_urgent", widget=forms.CheckboxInput
    )
    not_interviewed = django_filters.BooleanFilter(
        label=_("Not yet interviewed"), method="filter_not_interviewed", widget=forms.CheckboxInput
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"),
        choices=ConsentState.choices,
        method="filter_consent",
        empty_label=_("Any consent"),
    )
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Newest first"),
        fields=[
            ("person__arrived_on", "arrived"),
            ("person__family_name", "name"),
            ("opened_at", "opened"),
            ("repatriation_stage_since", "in_stage_since"),
        ],
        field_labels={
            "person__arrived_on": _("Arrival date"),
            "person__family_name": _("Family name"),
            "opened_at": _("Opened"),
            "repatriation_stage_since": _("Time in stage"),
        },
    )

    class Meta:
        model = Case
        fields = ["q", "nationality", "status", "stage", "organisation", "caseworker", "compound", "arrived"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        organisations = organisations_of_visible_cases(request.user if request else None)
        self.filters["organisation"].queryset = organisations.order_by("name")
        self.filters["caseworker"].queryset = User.objects.filter(
            is_active=True, staff_profile__organisation__in=organisations
        ).order_by("username")

    def filter_search(self, queryset, name, value):
        return search_cases(queryset, value)

    def filter_nationality(self, queryset, name, value):
        return queryset.filter(
            Exists(Nationality.objects.filter(person_id=OuterRef("person_id"), country=value))
        )

    def filter_compound(self, queryset, name, value):
        return queryset.filter(
            Exists(Exploitation.objects.filter(person_id=OuterRef("person_id"), compound=value))
        )

    def filter_minors(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(minor_condition(timezone.localdate(), via="person__"))

    def filter_open(self, queryset, name, value):
        return queryset.exclude(status__in=CLOSED_STATUSES) if value else queryset

    def filter_not_interviewed(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(not_interviewed_condition())

    def filter_urgent(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(urgent_condition(via="person__"))

    def filter_consent(self, queryset, name, value):
        embassy = Consent.objects.filter(person_id=OuterRef("person_id"), scope=ConsentScope.SHARE_EMBASSY)
        if value == ConsentState.SHARE_EMBASSY:
            return queryset.filter(Exists(embassy.filter(withdrawn_at__isnull=True)))
        if value == ConsentState.NO_SHARE_EMBASSY:
            return queryset.exclude(Exists(embassy.filter(withdrawn_at__isnull=True)))
        if value == ConsentState.WITHDRAWN:
            return queryset.filter(
                Exists(Consent.objects.filter(person_id=OuterRef("person_id"), withdrawn_at__isnull=False))
            )
        return queryset


# The typed search stays in the session (names never go into URLs), encrypted like the fields
# it looks for: a session row in a database dump does not show the number or phone searched for.
SEARCH_SESSION_KEY = "case_search"


def case_search_recalled(request) -> str:
    """Return what the user last typed in the case search, or "" (also once its key is rotated away)."""
    token = request.session.get(SEARCH_SESSION_KEY, "")
    if not token:
        return ""
    try:
        return decrypt(token)
    except (InvalidToken, TypeError, ValueError):
        return ""


def case_filter_data(request) -> QueryDict:
    """Return the case list's filter values: the codes from the query string, the search from the session."""
    data = request.GET.copy()
    data.pop("q", None)
    search = case_search_recalled(request)
    if search:
        data["q"] = search
    return data


def case_search_remember(request, text: str) -> None:
    """Keep (or forget, when empty) what the user typed in the case search, encrypted."""
    text = text.strip()[:200]
    if text:
        request.session[SEARCH_SESSION_KEY] = encrypt(text)
    else:
        request.session.pop(SEARCH_SESSION_KEY, None)
