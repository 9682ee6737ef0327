from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Dashboards, exports and anonymised releases.

    No models of its own: the figures are read from cases and intake, and the releases'
    table (AnonymisedRelease) stays in cases, where its migrations are.
    """

    name = "reporting"
    label = "reporting"
    verbose_name = _("Reporting")
