from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo generator: synthetic organisations, personas and cases, outside the product.

    No models; its commands (seed_demo, demo_logins) write through the other apps' models.
    """

    name = "demo"
    label = "demo"
    verbose_name = _("Demo data")
