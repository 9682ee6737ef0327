"""The access log's middleware: every refused access (a 404 to a signed-in user) is written down."""

from django.http import HttpRequest

from cases.access_log.services import access_record
from cases.models import AccessLog


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
