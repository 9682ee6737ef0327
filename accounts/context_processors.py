"""Template context about sign-in."""

from django.conf import settings
from django.http import HttpRequest


def two_factor(request: HttpRequest) -> dict:
    """Tell the sign-in page whether the second factor is asked for, so that a demo says it is not."""
    return {"two_factor_required": settings.TWO_FACTOR_REQUIRED}
