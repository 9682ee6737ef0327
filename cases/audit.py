"""Writing the access log: every read of a survivor's record, every export, every refusal."""

from django.http import HttpRequest

from cases.models import AccessLog


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address as the server saw it (the proxy's, behind one)."""
    return request.META.get("REMOTE_ADDR") or None


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
