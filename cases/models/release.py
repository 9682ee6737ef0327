"""Anonymised releases for research: numbered, immutable files of counts, never recomputed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReleaseImmutableError(Exception):
    """A published release is never changed or deleted: its readers may hold a copy."""


class AnonymisedRelease(models.Model):
    """One published anonymised release: the counts of consenting persons per combination of values.

    `groups` is what was published, as a list of ``[values, count]`` pairs (the values in
    the order of `columns`); `content` is the CSV file exactly as every download of this
    release gives it. Both are written once: later releases are checked against them so that
    no two releases can be differenced (reporting/exports/releases.py).
    """

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("published at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    k = models.PositiveSmallIntegerField(_("smallest published group"))
    columns = models.JSONField(_("columns"))
    groups = models.JSONField(_("published groups"), blank=True)  # empty while no group reaches k
    persons = models.PositiveIntegerField(_("persons counted in the file"))
    consenting = models.PositiveIntegerField(_("persons consenting to research when published"))
    content = models.TextField(_("file"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("anonymised release")
        verbose_name_plural = _("anonymised releases")

    def __str__(self) -> str:
        return f"Release {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReleaseImmutableError(f"release {self.number} is published and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseImmutableError(f"release {self.number} is published and cannot be deleted")

    @property
    def filename(self) -> str:
        return f"anonymised-release-{self.number}-{timezone.localdate(self.created_at):%Y-%m-%d}.csv"
