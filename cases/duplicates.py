"""The duplicate check before registering someone: likely matches, by keyed digests.

Matches among the cases the user may see are shown with what matched; a match in another
organisation is reported only as that organisation and how to reach it, with no personal data
of the survivor: its phone when it has one, otherwise the work email of its coordinators (staff
contact details, not survivor data), so that the caseworker can ask before registering again.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cases.models import Case, Organisation, Role, StaffProfile
from intake.matching import Identity, KeyKind, identity_keys
from intake.models import MatchKey

REASONS = {
    KeyKind.DOCUMENT: _("same identity document"),
    KeyKind.PHONE: _("same phone number"),
    KeyKind.NAME_YEAR: _("similar name and birth year"),
    KeyKind.NAME_COUNTRY: _("similar name and same nationality"),
}
STRONG = {KeyKind.DOCUMENT, KeyKind.PHONE}


@dataclass
class Match:
    case: Case
    reasons: list[str]


@dataclass
class Elsewhere:
    """Another organisation that holds a likely match, and how to reach it."""

    organisation: Organisation
    emails: list[str] = field(default_factory=list)  # its coordinators', when it has no phone


@dataclass
class MatchReport:
    here: list[Match] = field(default_factory=list)
    elsewhere: list[Elsewhere] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.here or self.elsewhere)


def likely_matches(*, user, identity: Identity, limit: int = 10) -> MatchReport:
    """Find persons whose identity digests meet this identity's, split by what `user` may see."""
    keys = identity_keys(identity, year_tolerance=1)
    if not keys:
        return MatchReport()
    kinds_by_digest = defaultdict(set)
    for kind, digest in keys:
        kinds_by_digest[digest].add(kind)
    kinds_by_person: dict[int, set[str]] = defaultdict(set)
    for person_id, digest in MatchKey.objects.filter(digest__in=kinds_by_digest).values_list(
        "person_id", "digest"
    ):
        kinds_by_person[person_id] |= kinds_by_digest[digest]
    if not kinds_by_person:
        return MatchReport()
    visible = Case.objects.visible_to(user).filter(person_id__in=kinds_by_person)
    here = [
        Match(case=case, reasons=[str(REASONS[k]) for k in sorted(kinds_by_person[case.person_id])])
        for case in visible.select_related("person", "organisation").prefetch_related("person__nationalities")
    ]
    here.sort(key=lambda m: (not (STRONG & kinds_by_person[m.case.person_id]), m.case.reference))
    seen = {m.case.pk for m in here}
    elsewhere = Organisation.objects.filter(
        pk__in=Case.objects.filter(person_id__in=kinds_by_person)
        .exclude(pk__in=seen)
        .values("organisation_id")
    ).order_by("name")
    return MatchReport(here=here[:limit], elsewhere=[_reachable(organisation) for organisation in elsewhere])


def _reachable(organisation: Organisation) -> Elsewhere:
    if organisation.phone:
        return Elsewhere(organisation=organisation)
    emails = (
        StaffProfile.objects.filter(organisation=organisation, role=Role.COORDINATOR, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)[:2]
    )
    return Elsewhere(organisation=organisation, emails=list(emails))
