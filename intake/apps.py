from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """The survivor's record: who the person is and what they told us."""

    name = "intake"
    verbose_name = _("Survivor record")

    def ready(self) -> None:
        from intake import checks  # noqa: F401  (registers the system checks)
