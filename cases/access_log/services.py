"""Writing the access log: every read of a survivor's record, every export, every refusal.

The refusals are written by the middleware beside this module (cases.access_log.middleware).
"""

from django.http import HttpRequest

# The one answer to where a request came from, the lockout's too (proxy-aware, never forged).
from cases.client_address import client_address
from cases.models import AccessLog


def access_record(
    *, request: HttpRequest, action: str, case_id: int | None = None, detail: dict | None = None
) -> AccessLog:
    """Append one entry to the access log for the signed-in user's request."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        case_id=case_id,
        path=request.path[:200],
        ip_address=client_address(request),
        detail=detail or {},
    )
