"""Read queries of the in-app inbox. An item whose case its recipient may no longer read is hidden."""

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case, InboxItem, Notification
from cases.notifications.registry import registered_rows_for

INBOX_PAGE_SIZE = 50


def _inbox(user) -> QuerySet[InboxItem]:
    # Consent to share with the embassy (or with service providers) may have been withdrawn
    # since: the item goes with it.
    registered = Notification.objects.filter(registered_rows_for(user)).values("pk")
    return InboxItem.objects.filter(recipient_id=user.pk).filter(
        Q(notification__case__in=Case.objects.visible_to(user)) | Q(notification__in=registered)
    )


def inbox_unread_count(*, user) -> int:
    """Count `user`'s unread inbox items (one query)."""
    return _inbox(user).filter(read_at__isnull=True).count()


def inbox_page(*, user, page: int | str = 1) -> Page:
    """Return one page of `user`'s inbox, newest first: kind, time, read or not, and the case reference."""
    items = (
        _inbox(user)
        .select_related("notification")
        .order_by("-created_at", "-pk")
        .values(
            "pk",
            "created_at",
            "read_at",
            "notification__kind",
            "notification__case_id",
            "notification__case__reference",
        )
    )
    return Paginator(items, INBOX_PAGE_SIZE).get_page(page)


def inbox_item_get(*, user, item_id: int) -> InboxItem:
    """Return one of `user`'s own inbox items whose case they may still read; 404 otherwise."""
    return get_object_or_404(_inbox(user).select_related("notification"), pk=item_id)
