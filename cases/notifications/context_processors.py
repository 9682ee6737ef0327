"""The unread count the navigation shows a liaison, fetched only when a page renders it."""

from functools import cached_property

from django.http import HttpRequest

from cases.notifications.selectors import inbox_unread_count


class _Inbox:
    def __init__(self, user):
        self._user = user

    @cached_property
    def unread(self) -> int:
        return inbox_unread_count(user=self._user)


def inbox(request: HttpRequest) -> dict:
    """Expose `inbox.unread` to liaisons' pages (one query, only if the template reads it)."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("cases.view_notification_inbox"):
        return {}
    return {"inbox": _Inbox(user)}
