"""Reads of the HTCDS import: one upload, for its own uploader only."""

from django.shortcuts import get_object_or_404

from cases.access import organisation_importing
from exchange.models import HtcdsUpload


def upload_get_for_user(*, user, upload_id: int) -> HtcdsUpload:
    """Return the user's own current upload for their organisation; 404 for anyone else's (a colleague's)."""
    organisation = organisation_importing(user)
    return get_object_or_404(
        HtcdsUpload.objects.current().filter(uploaded_by_id=user.pk, organisation=organisation),
        pk=upload_id,
    )
