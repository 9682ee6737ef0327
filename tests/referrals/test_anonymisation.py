"""Retention's anonymisation of a closed case clears the free text its referrals hold."""

from cases.erasure.services import case_anonymise
from referrals import services
from referrals.erasure import ANONYMISED_REASON
from referrals.models import Referral, ReferralNote, ReferralOutcome, SharedPart
from tests.referrals.conftest import service

WORDS = "Her brother Somchai waits at the Riverside guesthouse, room 12"


def test_anonymising_a_case_clears_every_referral_text_and_keeps_the_figures(
    referred_case, caseworker, shelter, shelter_worker, clinic, clinic_worker
):
    done = services.referral_make(
        case=referred_case,
        receiver=shelter,
        service=service("shelter"),
        parts=[SharedPart.IDENTITY],
        note=WORDS,
        made_by=caseworker,
    )
    done = services.referral_accept(referral=done, accepted_by=shelter_worker)
    services.referral_note_add(referral=done, author=shelter_worker, text=WORDS)
    done = services.referral_complete(
        referral=done, completed_by=shelter_worker, outcome=ReferralOutcome.values[0], note=WORDS
    )
    declined = services.referral_make(
        case=referred_case,
        receiver=clinic,
        service=service("medical"),
        parts=[],
        note=WORDS,
        made_by=caseworker,
    )
    services.referral_decline(referral=declined, declined_by=clinic_worker, reason=WORDS)

    case_anonymise(case=referred_case)

    kept = {r.pk: r for r in Referral.objects.filter(case=referred_case)}
    assert [(r.note_to_receiver, r.outcome_note) for r in kept.values()] == [("", "")] * 2
    assert kept[declined.pk].decline_reason == ANONYMISED_REASON
    assert not ReferralNote.objects.filter(referral__case=referred_case).exists()
    # What the referral figures count stays: states, services, outcome.
    assert (kept[done.pk].state, kept[done.pk].outcome) == (done.state, ReferralOutcome.values[0])
    assert kept[declined.pk].state == "declined"
