"""A referral's free text goes with the rest of an anonymised case.

The sender's note, the reason for declining, the outcome note and the receiving organisation's
notes can name the person, their family or where they stay. When retention anonymises the case
(cases.erasure.services.case_anonymise) they are cleared in the same transaction; the codes,
states and times stay, for the referral figures. Erasing a person deletes their referrals with
the case.
"""

from django.dispatch import receiver

from cases.erasure.signals import case_anonymised
from referrals.models import Referral, ReferralNote, ReferralState

# A declined referral keeps a reason (a database constraint): this mark stands for the words removed.
ANONYMISED_REASON = "—"


@receiver(case_anonymised, dispatch_uid="referrals.erasure.referral_texts_clear")
def referral_texts_clear(sender, case, **kwargs) -> None:
    referrals = Referral.objects.filter(case=case)
    referrals.update(note_to_receiver="", outcome_note="")
    referrals.filter(state=ReferralState.DECLINED).update(decline_reason=ANONYMISED_REASON)
    referrals.exclude(state=ReferralState.DECLINED).update(decline_reason="")
    ReferralNote.objects.filter(referral__case=case).delete()
