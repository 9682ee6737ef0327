"""Read queries of referrals: the receiver's list and views, the sender's panel, the dashboard's figures.

Every read goes through the access policy (cases/access.py): a referral or a part the user may
not see is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import (
    filter_incoming_referrals,
    filter_outgoing_referrals,
    referral_consent_in_force,
    referral_parts_readable,
)
from cases.models import Case, Organisation
from intake.models import Interview, Nationality
from referrals.models import OrganisationService, Referral, ReferralNote, ReferralState, Service, SharedPart


def incoming_referrals(
    *, user, state: str = "", service: Service | None = None, reference: str = ""
) -> QuerySet[Referral]:
    """The referrals the user's organisation received and may see, newest first, filtered."""
    referrals = filter_incoming_referrals(Referral.objects.all(), user)
    if state:
        referrals = referrals.filter(state=state)
    if service:
        referrals = referrals.filter(service=service)
    if reference:
        referrals = referrals.filter(case__reference=reference.strip().upper())
    return referrals.select_related("case", "service", "sender").only(
        "state",
        "requested_at",
        "accepted_at",
        "done_at",
        "parts",
        "case__reference",
        "service__label",
        "sender__name",
    )


def referral_received_get(*, user, referral_id: int) -> Referral:
    """Return a referral the user's organisation received and may see now; 404 otherwise."""
    return get_object_or_404(
        filter_incoming_referrals(Referral.objects.select_related("case", "service", "sender"), user),
        pk=referral_id,
    )


def referral_sent_get(*, user, referral_id: int) -> Referral:
    """Return a referral of one of the user's organisation's cases; 404 otherwise."""
    return get_object_or_404(
        filter_outgoing_referrals(Referral.objects.select_related("case", "service", "receiver"), user),
        pk=referral_id,
    )


def receiver_notes(*, referral: Referral) -> QuerySet[ReferralNote]:
    """The receiving organisation's notes on `referral` (the view asks the policy first)."""
    return referral.receiver_notes.select_related("author")


def case_referrals(*, user, case: Case) -> list[Referral]:
    """The referrals the user's organisation sent for `case`, newest first (never the receiver's notes)."""
    return list(
        filter_outgoing_referrals(Referral.objects.filter(case=case), user).select_related(
            "service", "receiver"
        )
    )


def receivers_by_service() -> dict[int, list[OrganisationService]]:
    """Active services offered, by service id: where a referral may go, with place and contact."""
    offers: dict[int, list[OrganisationService]] = {}
    for offer in OrganisationService.objects.filter(
        is_active=True, organisation__is_active=True
    ).select_related("organisation", "service"):
        offers.setdefault(offer.service_id, []).append(offer)
    return offers


def services_offered_by_others(*, organisation_id: int) -> QuerySet[Service]:
    """The active services another organisation offers: what a referral may ask for."""
    offered = OrganisationService.objects.filter(
        service=OuterRef("pk"), is_active=True, organisation__is_active=True
    ).exclude(organisation_id=organisation_id)
    return Service.objects.filter(Exists(offered), is_active=True)


def organisations_offering(*, service: Service | None, excluding: int) -> QuerySet[Organisation]:
    """The active organisations offering `service` (all that offer any, without one), never `excluding`."""
    offers = OrganisationService.objects.filter(is_active=True)
    if service is not None:
        offers = offers.filter(service=service)
    return Organisation.objects.filter(is_active=True, pk__in=offers.values("organisation_id")).exclude(
        pk=excluding
    )


@dataclass(frozen=True)
class PartView:
    """One shared part as the receiver reads it: a heading and (label, value) lines, or the narrative."""

    code: str
    label: str
    lines: list[tuple[str, str]]
    text: str = ""


def referral_part(*, user, referral: Referral, part: str) -> PartView:
    """Return one part of the referred record if the policy lets `user` read it; 404 otherwise."""
    if part not in referral_parts_readable(user, referral):
        raise Http404
    person = referral.case.person
    label = str(SharedPart(part).label)
    if part == SharedPart.IDENTITY:
        return PartView(
            part,
            label,
            [
                (_("Name"), person.full_name),
                (_("Name in own script"), person.native_name),
                (_("Gender"), person.get_gender_display()),
                (_("Birth year"), str(person.birth_year or "")),
                (_("Primary language"), str(person.primary_language or "")),
                (_("Phone"), person.phone),
            ],
        )
    if part == SharedPart.URGENT_NEEDS:
        yes, no = _("Yes"), _("No")
        return PartView(
            part,
            label,
            [
                (_("Possibly a minor"), yes if person.is_minor else no),
                (_("Unaccompanied minor"), yes if person.unaccompanied_minor else no),
                (_("Needs medical care"), yes if person.needs_medical_care else no),
                (_("Protection risk"), yes if person.protection_risk else no),
            ],
        )
    if part == SharedPart.DOCUMENTS:
        return PartView(
            part,
            label,
            [
                (
                    str(nationality.country.name),
                    " · ".join(
                        [nationality.get_document_type_display(), nationality.get_document_custody_display()]
                    ),
                )
                for nationality in Nationality.objects.filter(person=person)
            ],
        )
    interview = Interview.objects.filter(person=person).order_by("-held_on", "-pk").first()
    return PartView(part, label, [], text=interview.narrative if interview else "")


def consent_holds(*, referral: Referral) -> bool:
    """Whether the receiver's view is open as far as consent goes (shown to the sender)."""
    return referral_consent_in_force(referral.case.person_id)


# --- The coordinator's dashboard ---------------------------------------------------------------


@dataclass(frozen=True)
class ReferralGroup:
    """Referrals to one organisation for one service: how many in each state and outcome, and the waits."""

    receiver: str
    service: str  # the stored label (panels show it with intake.term_labels.vocabulary_label)
    by_state: dict[str, int]
    by_outcome: dict[str, int]
    waits: list[int]  # days each accepted or still waiting referral waited (or has waited) for an answer

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def referral_groups(cases: QuerySet[Case], *, now=None) -> list[ReferralGroup]:
    """Referrals of `cases` per receiving organisation and service, in two queries whatever their number."""
    now = now or timezone.now()
    referrals = Referral.objects.filter(case__in=cases)
    counts = (
        referrals.values("receiver__name", "service__label", "state", "outcome")
        .annotate(n=Count("pk"))
        .order_by("receiver__name", "service__label")
    )
    groups: dict[tuple[str, str], ReferralGroup] = {}
    for row in counts:
        key = (row["receiver__name"], row["service__label"])
        group = groups.setdefault(key, ReferralGroup(key[0], key[1], {}, {}, []))
        group.by_state[row["state"]] = group.by_state.get(row["state"], 0) + row["n"]
        if row["outcome"]:
            group.by_outcome[row["outcome"]] = group.by_outcome.get(row["outcome"], 0) + row["n"]
    waiting = referrals.filter(
        state__in=[ReferralState.REQUESTED, ReferralState.ACCEPTED, ReferralState.DONE]
    )
    for receiver, service, requested_at, accepted_at in waiting.values_list(
        "receiver__name", "service__label", "requested_at", "accepted_at"
    ):
        groups[(receiver, service)].waits.append(((accepted_at or now) - requested_at).days)
    return list(groups.values())
