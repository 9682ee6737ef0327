from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The work on survivor records: organisations, roles, access, cases and their workflow."""

    name = "cases"
    verbose_name = _("Case work")

    def ready(self) -> None:
        # Register the access policy's permissions with django-rules.
        from cases import access  # noqa: F401
