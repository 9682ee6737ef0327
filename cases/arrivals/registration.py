"""The steps of one registration that the online desk and the offline desk's sync share.

The batch's shared context as the session keeps it, the identity an arrival is checked
with, the duplicate check (and its access-log row), and the arrival a valid form describes:
one definition each, so that an arrival synced from a device is checked and registered as
if it had been typed at /register/.
"""

import datetime

from django.http import HttpRequest

from cases import services
from cases.access import filter_visible_arrival_groups
from cases.access_log.services import access_record
from cases.arrivals.forms import RegistrationForm
from cases.duplicates import MatchReport, likely_matches
from cases.models import AccessLog, Site
from intake.matching import Identity
from intake.models import ArrivalGroup, Compound, Language

CONTEXT_KEY = "registration_context"  # ids, codes and a date only: no survivor data in the session


def saved_context(request: HttpRequest) -> dict | None:
    """Return the batch's shared context the session holds (site, day, crossing...), or None."""
    saved = request.session.get(CONTEXT_KEY)
    if not saved:
        return None
    site = Site.objects.filter(pk=saved["site"], is_active=True).first()
    if site is None:
        return None
    group = (
        filter_visible_arrival_groups(ArrivalGroup.objects.all(), request.user)
        .filter(pk=saved.get("group"))
        .select_related("came_from")
        .first()
    )
    compound = Compound.objects.filter(pk=saved.get("compound"), is_active=True).first()
    language = Language.objects.filter(pk=saved.get("language")).first()
    return {
        "site": site,
        "arrived_on": datetime.date.fromisoformat(saved["arrived_on"]),
        "group": group,
        "country": saved.get("country") or "",
        "primary_language": language,
        "came_from": compound or (group.came_from if group else None),
    }


def arrival_identity(form: RegistrationForm) -> Identity:
    """The identity a valid registration form describes, for the duplicate check."""
    data = form.cleaned_data
    birth = data.get("date_of_birth")
    return Identity.of(
        given_name=data["given_name"],
        family_name=data["family_name"],
        given_name_native=data["given_name_native"],
        family_name_native=data["family_name_native"],
        birth_year=birth.year if birth else form.birth_year_estimated,
        countries=(data["country"],),
        documents=((data["country"], data["document_number"]),),
        phone=data["phone"],
    )


def arrival_matches(*, request: HttpRequest, form: RegistrationForm) -> MatchReport:
    """Check a valid registration for likely duplicates; log the search when it found any."""
    matches = likely_matches(user=request.user, identity=arrival_identity(form))
    if matches:
        access_record(
            request=request,
            action=AccessLog.Action.SEARCH,
            detail={"duplicate_check": len(matches.here), "elsewhere": len(matches.elsewhere)},
        )
    return matches


def arrival_of(form: RegistrationForm) -> services.Arrival:
    """The arrival a valid registration form describes, as case_register takes it."""
    data = form.cleaned_data
    return services.Arrival(
        birth_year_estimated=form.birth_year_estimated,
        **{k: v for k, v in data.items() if k != "approximate_age"},
    )
