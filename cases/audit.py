"""Writing the access log: every read of a survivor's record, every export, every refusal."""

from django.http import HttpRequest

# The one answer to where a request came from, the lockout's too (proxy-aware, never forged).
from cases.accounts.client_address import client_address
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


class RefusedAccessLogMiddleware:
    """Log every refused access: a signed-in user's request to a known screen that answered 404.

    Screens refuse with 404 (never 403) so that a record's existence is not revealed; this
    is where those refusals are written down, with the case id when the URL names one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code == 404 and match is not None and request.user.is_authenticated:
            access_record(
                request=request,
                action=AccessLog.Action.REFUSED,
                # The `id` converter (config.converters) lets through only ids a column can hold.
                case_id=match.kwargs.get("case_id"),
                detail={"screen": match.view_name, "method": request.method},
            )
        return response
