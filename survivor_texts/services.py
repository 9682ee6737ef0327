"""Writes of survivor-facing texts: a new version, a replacement, a review mark."""

from django.db import transaction
from django.utils import timezone

from survivor_texts.models import Status, TextVersion


@transaction.atomic
def text_version_create(
    *, kind: str, language, title: str, body: str, direction: str, actor=None, note: str = "", is_source=False
) -> TextVersion:
    """Save the next version of a text, as a draft: it is read from now on."""
    version = TextVersion(
        kind=kind,
        language=language,
        title=title,
        body=body,
        direction=direction,
        note=note,
        is_source=is_source,
        created_by=actor,
    )
    version.full_clean(exclude=["version"])
    version.save()
    return version


@transaction.atomic
def text_version_replace(
    *, previous: TextVersion, title: str, body: str, direction: str, actor, note: str = ""
) -> TextVersion:
    """Replace a text with new words: a new version; the previous one stays, word for word."""
    return text_version_create(
        kind=previous.kind,
        language=previous.language,
        title=title,
        body=body,
        direction=direction,
        actor=actor,
        note=note,
        is_source=previous.is_source,
    )


@transaction.atomic
def text_version_mark_reviewed(*, version: TextVersion, reviewed_by: str) -> TextVersion:
    """Record who reviewed this version and when, without changing its words."""
    version.status = Status.REVIEWED
    version.reviewed_by = " ".join(reviewed_by.split())
    version.reviewed_at = timezone.now()
    version.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return version
