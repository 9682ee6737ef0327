from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Records received from other organisations: HTCDS files uploaded, dry-run, then imported.

    Above cases, beside reporting: it reads the HTCDS field list the export writes
    (reporting.exports.htcds) and opens cases through cases and intake. Nothing imports it.
    """

    name = "exchange"
    label = "exchange"
    verbose_name = _("Exchange")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from exchange import erasure  # noqa: F401 - its receiver clears what anonymisation must
