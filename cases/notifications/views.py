"""The liaison's in-app inbox: what needs their embassy, newest first."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases.models import Notification
from cases.notifications import selectors, services


def _require_inbox(request: HttpRequest) -> None:
    """Answer 404 to anyone but a liaison, as for a record out of reach: never 403."""
    if not request.user.has_perm("cases.view_notification_inbox"):
        raise Http404


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """List the signed-in liaison's notifications, unread first in bold."""
    _require_inbox(request)
    page = selectors.inbox_page(user=request.user, page=request.GET.get("page", 1))
    kinds = dict(Notification.Kind.choices)
    items = [{**item, "kind_label": kinds.get(item["notification__kind"], "")} for item in page.object_list]
    return render(request, "cases/notifications/inbox.html", {"items": items, "page_obj": page, "query": ""})


@require_GET
def inbox_item_open(request: HttpRequest, item_id: int) -> HttpResponse:
    """Mark one notification read and go to its case."""
    _require_inbox(request)
    item = selectors.inbox_item_get(user=request.user, item_id=item_id)
    services.inbox_item_read(item=item)
    return redirect("cases:repatriation_case", case_id=item.notification.case_id)


@require_POST
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the signed-in liaison read."""
    _require_inbox(request)
    services.inbox_read_all(user=request.user)
    return redirect("cases:notification_inbox")
