"""How staff are named on screens."""

from django import template

register = template.Library()


@register.filter
def staff_name(user, empty: str = "") -> str:
    """A user's full name, or their username; `empty` (or a dash) for nobody."""
    if user is None:
        return empty or "—"
    return user.get_full_name() or user.get_username()
