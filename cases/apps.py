from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _confirm_sign_out(sender, request, user, **kwargs) -> None:
    from django.contrib import messages
    from django.urls import reverse

    # Only when the person signed out themself: an ended session says why on its own.
    if request is not None and request.path == reverse("logout"):
        messages.info(request, _("You have signed out."))


class CasesConfig(AppConfig):
    """The work on survivor records: organisations, roles, access, cases and their workflow."""

    name = "cases"
    verbose_name = _("Case work")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_migrate

        # Register the access policy's permissions with django-rules.
        from cases import (
            access,  # noqa: F401
            receivers,
            tasks,  # noqa: F401  registers the Celery tasks, which are queued by name
        )
        from cases.database_roles import grant_after_migrate
        from cases.repatriation import permissions  # noqa: F401  the workflow's rules, with the policy
        from intake.signals import record_changed, record_viewed

        user_logged_out.connect(_confirm_sign_out, dispatch_uid="cases.confirm_sign_out")
        # Once every app's migrations ran as the owner, grant the application's role its rights.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="cases.grant_app_role")
        record_changed.connect(receivers.on_record_changed, dispatch_uid="cases.on_record_changed")
        record_viewed.connect(receivers.on_record_viewed, dispatch_uid="cases.on_record_viewed")
