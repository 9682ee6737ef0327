"""The in-app inbox: what needs a liaison's embassy or a caseworker's organisation (referrals)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases.access import permission_required_or_404
from cases.models import Notification
from cases.notifications import selectors, services
from cases.notifications.registry import notification_rule_for


@require_GET
@permission_required_or_404("cases.view_notification_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    """List the signed-in liaison's notifications, unread first in bold."""
    page = selectors.inbox_page(user=request.user, page=request.GET.get("page", 1))
    kinds = dict(Notification.Kind.choices)
    items = [{**item, "kind_label": kinds.get(item["notification__kind"], "")} for item in page.object_list]
    return render(request, "cases/notifications/inbox.html", {"items": items, "page_obj": page, "query": ""})


@require_GET
@permission_required_or_404("cases.view_notification_inbox")
def inbox_item_open(request: HttpRequest, item_id: int) -> HttpResponse:
    """Mark one notification read and go to its case."""
    item = selectors.inbox_item_get(user=request.user, item_id=item_id)
    services.inbox_item_read(item=item)
    if (rule := notification_rule_for(item.notification.kind)) is not None:
        return redirect(rule.link(item.notification))
    return redirect("cases:repatriation_case", case_id=item.notification.case_id)


@require_POST
@permission_required_or_404("cases.view_notification_inbox")
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the signed-in liaison read."""
    services.inbox_read_all(user=request.user)
    return redirect("cases:notification_inbox")
