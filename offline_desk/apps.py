from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineDeskConfig(AppConfig):
    """The surge desk without a connection: an installable desk that seals arrivals on the device
    and syncs them once and only once."""

    name = "offline_desk"
    label = "offline_desk"
    verbose_name = _("Offline desk")
