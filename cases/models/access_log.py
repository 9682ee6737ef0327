"""The access log: who read or tried to read which survivor record, when, and from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read of a survivor's record, one export, or one refused access. Never updated or deleted."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a record")
        VIEW_NARRATIVE = "view_narrative", _("Read an interview narrative")
        SEARCH = "search", _("Searched records")
        EXPORT = "export", _("Exported records")
        REFUSED = "refused", _("Was refused access")
        ROLE_CHANGE = "role_change", _("Changed a person's role")
        ENROLMENT = "enrolment", _("Issued a second-factor enrolment code")
        LOG_READ = "log_read", _("Read the access log")
        IMPORT = "import", _("Imported records")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150)  # kept as written, should the account change
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    case_id = models.BigIntegerField(
        _("case"), null=True, blank=True, db_index=True
    )  # no FK: erasure keeps the log
    path = models.CharField(
        _("screen"), max_length=200, blank=True
    )  # URL path: ids only, never survivor data
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    # Non-identifying facts: a reason given, filters used, a row count. Never survivor data.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.username} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
