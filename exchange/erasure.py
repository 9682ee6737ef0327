"""What an import kept as the sender reported it goes with the rest of an anonymised case.

`ImportedRecord.reported` holds the sender's facts our record has no place for (its referrals:
organisations and days). When retention anonymises the case (cases.erasure.services.
case_anonymise) they are cleared in the same transaction; the row number and the sending
organisation stay. Erasing a person deletes the imported record with the case.
"""

from django.dispatch import receiver

from cases.erasure.signals import case_anonymised
from exchange.models import ImportedRecord


@receiver(case_anonymised, dispatch_uid="exchange.erasure.reported_clear")
def reported_clear(sender, case, **kwargs) -> None:
    ImportedRecord.objects.filter(case=case).update(reported="")
