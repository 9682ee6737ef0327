from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals: a service asked of another organisation, with consent and the least data."""

    name = "referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # The referrals panel of the case file, the referral kinds of the notification outbox, the
        # clearing of referrals' free text when a case is anonymised, and the closing page's warning.
        from referrals import casefile, closure, erasure, notifications  # noqa: F401
