"""How dashboard and export screens refuse: who may reach them is decided in cases/access.py."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse


def permission_required_or_404(permission: str) -> Callable:
    """Let through only users the access policy grants `permission`; everyone else gets 404.

    404 rather than 403, as for records: a screen that is not someone's is not shown to exist.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorator
