from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurvivorTextsConfig(AppConfig):
    """The texts read to a survivor before consent, in their language, versioned and reviewed."""

    name = "survivor_texts"
    verbose_name = _("Survivor-facing texts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from intake import consent_texts
        from survivor_texts import loader, selectors

        # Shipped drafts arrive with `migrate`; an administrator's versions are never overwritten.
        post_migrate.connect(loader.load_after_migrate, sender=self, dispatch_uid="survivor_texts.load")
        # The interview's consent step (intake) reads the texts through this source.
        consent_texts.register(selectors.ConsentTextSource())
