"""The demo's referrals: NGO A's and NGO B's consenting cases referred to the shelter, the clinic
and legal aid, in every state (idempotent, deterministic for a seed's cases)."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef

from cases.models import Case, Organisation
from demo.directory import CLINIC, LEGAL_AID, NGO_A, NGO_B, SHELTER
from intake.models import Consent
from intake.vocabularies import ConsentScope
from referrals.models import Referral, ReferralOutcome, ReferralState, Service, SharedPart

# (receiver, service, parts shared, state, outcome), taken in turn by the consenting cases.
PLANS = [
    (SHELTER, "shelter", [SharedPart.IDENTITY, SharedPart.URGENT_NEEDS], ReferralState.DONE, "provided"),
    (CLINIC, "medical", [SharedPart.URGENT_NEEDS], ReferralState.ACCEPTED, ""),
    (LEGAL_AID, "legal_aid", [SharedPart.IDENTITY, SharedPart.DOCUMENTS], ReferralState.REQUESTED, ""),
    (SHELTER, "psychosocial", [], ReferralState.DECLINED, ""),
    (CLINIC, "psychosocial", [SharedPart.URGENT_NEEDS], ReferralState.REVOKED, ""),
    (LEGAL_AID, "legal_aid", [SharedPart.IDENTITY, SharedPart.NARRATIVE], ReferralState.DONE, "partly"),
    (SHELTER, "shelter", [SharedPart.IDENTITY], ReferralState.REQUESTED, ""),
    (CLINIC, "medical", [SharedPart.URGENT_NEEDS], ReferralState.DONE, "person_left"),
]
MOST_REFERRED = 80  # cases referred at most: enough for every state, few enough to read


@transaction.atomic
def referrals_seed() -> int:
    """Refer the first consenting cases of the two NGOs (by reference) once each; return how many are new."""
    names = [SHELTER, CLINIC, LEGAL_AID]
    receivers = {org.name: org for org in Organisation.objects.filter(name__in=names)}
    services = {service.code: service for service in Service.objects.all()}
    consenting = Consent.objects.in_force().filter(
        person_id=OuterRef("person_id"), scope=ConsentScope.SHARE_SERVICE_PROVIDERS
    )
    cases = Case.objects.filter(Exists(consenting), organisation__name__in=[NGO_A, NGO_B]).order_by(
        "reference"
    )
    created = 0
    for index, case in enumerate(cases[:MOST_REFERRED]):
        if Referral.objects.filter(case=case).exists():
            continue
        receiver, code, parts, state, outcome = PLANS[index % len(PLANS)]
        Referral.objects.create(
            **_dated(case, index, state, outcome),
            case=case,
            sender_id=case.organisation_id,
            receiver=receivers[receiver],
            service=services[code],
            parts=[str(p) for p in parts],
            requested_by=case.caseworker,
        )
        created += 1
    return created


def _dated(case: Case, index: int, state: str, outcome: str) -> dict:
    """The times and answers of a referral in `state`: waits of 0 to 6 days, 1 to 12 days' service."""
    requested_at = case.opened_at + datetime.timedelta(days=1 + index % 3, hours=2)
    accepted_at = requested_at + datetime.timedelta(days=(index * 3) % 7, hours=3)
    fields = {"state": state, "requested_at": requested_at}
    if state in (ReferralState.ACCEPTED, ReferralState.DONE):
        fields["accepted_at"] = accepted_at
    if state == ReferralState.DONE:
        fields["done_at"] = accepted_at + datetime.timedelta(days=1 + (index * 5) % 12)
        fields["outcome"] = outcome or ReferralOutcome.PROVIDED
    if state == ReferralState.DECLINED:
        fields["declined_at"] = accepted_at
        fields["decline_reason"] = "No place free this week"
    if state == ReferralState.REVOKED:
        fields["revoked_at"] = requested_at + datetime.timedelta(days=1)
    return fields
