"""Template context shared by every page."""

from django.http import HttpRequest

from cases.access import staff_profile


def staff_role(request: HttpRequest) -> dict:
    """Expose the user's staff profile and role so that the navigation can differ per role."""
    profile = staff_profile(request.user)
    return {"staff_profile": profile, "staff_role": profile.role if profile else None}
