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
    return likely_matches_many(user=user, identities=[identity], limit=limit)[0]


DIGESTS_PER_QUERY = 500  # well under SQLite's limit of parameters in one query


def likely_matches_many(*, user, identities: list[Identity], limit: int = 10) -> list[MatchReport]:
    """`likely_matches` of each identity, in the same order, in a number of queries that does not grow
    with the identities (a file's rows): the same rule, one place."""
    kinds_by_digest_of = []
    for identity in identities:
        kinds_by_digest = defaultdict(set)
        for kind, digest in identity_keys(identity, year_tolerance=1):
            kinds_by_digest[digest].add(kind)
        kinds_by_digest_of.append(kinds_by_digest)
    digests = sorted({digest for kinds_by_digest in kinds_by_digest_of for digest in kinds_by_digest})
    persons_by_digest: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(digests), DIGESTS_PER_QUERY):
        for person_id, digest in MatchKey.objects.filter(
            digest__in=digests[start : start + DIGESTS_PER_QUERY]
        ).values_list("person_id", "digest"):
            persons_by_digest[digest].add(person_id)
    kinds_by_person_of: list[dict[int, set[str]]] = []
    for kinds_by_digest in kinds_by_digest_of:
        kinds_by_person: dict[int, set[str]] = defaultdict(set)
        for digest, kinds in kinds_by_digest.items():
            for person_id in persons_by_digest.get(digest, ()):
                kinds_by_person[person_id] |= kinds
        kinds_by_person_of.append(kinds_by_person)
    matched = {person_id for kinds_by_person in kinds_by_person_of for person_id in kinds_by_person}
    if not matched:
        return [MatchReport() for _identity in identities]
    visible = {
        case.person_id: case
        for case in Case.objects.visible_to(user)
        .filter(person_id__in=matched)
        .select_related("person", "organisation")
        .prefetch_related("person__nationalities")
    }
    organisation_of = dict(
        Case.objects.filter(person_id__in=matched)
        .exclude(person_id__in=visible)
        .values_list("person_id", "organisation_id")
    )
    organisations = list(Organisation.objects.filter(pk__in=set(organisation_of.values())).order_by("name"))
    reachable: dict[int, Elsewhere] = {}
    reports = []
    for kinds_by_person in kinds_by_person_of:
        here = [
            Match(case=visible[person_id], reasons=[str(REASONS[k]) for k in sorted(kinds)])
            for person_id, kinds in kinds_by_person.items()
            if person_id in visible
        ]
        here.sort(key=lambda m: (not (STRONG & kinds_by_person[m.case.person_id]), m.case.reference))
        held_by = {organisation_of[p] for p in kinds_by_person if p in organisation_of}
        elsewhere = []
        for organisation in organisations:  # by name, as the registration lists them
            if organisation.pk in held_by:
                if organisation.pk not in reachable:
                    reachable[organisation.pk] = _reachable(organisation)
                elsewhere.append(reachable[organisation.pk])
        reports.append(MatchReport(here=here[:limit], elsewhere=elsewhere))
    return reports


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
