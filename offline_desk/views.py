"""The installable desk (page, service worker, manifest) and its server side (session, devices, sync)."""

import datetime
import hashlib
import json
import uuid

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import filter_desk_rows, permission_required_or_404, staff_profile
from cases.arrivals.forms import RegistrationForm
from cases.arrivals.registration import saved_context
from offline_desk import services
from offline_desk.forms import DeskBatchForm
from offline_desk.models import DeskDevice, SyncedArrival
from offline_desk.sealing import Sealed, Unreadable, public_key_spki, sealing_key_current, unseal

USE_DESK = "offline_desk.use_desk"
# What the service worker keeps for the desk to open without a connection: the page and every
# file it loads (the fonts the icons' stylesheet names too). Static URLs are asked of the
# storage, so production's hashed names are the ones kept.
DESK_ASSETS = (
    "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
    "vendor/bootstrap-icons-1.13.2/bootstrap-icons.min.css",
    "vendor/bootstrap-icons-1.13.2/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons-1.13.2/fonts/bootstrap-icons.woff",
    "vendor/tom-select-2.6.2/tom-select.bootstrap5.min.css",
    "vendor/tom-select-2.6.2/tom-select.complete.min.js",
    "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js",
    "cases/app.css",
    "cases/forms.js",
    "accounts/languages.css",
    "offline_desk/desk.css",
    "offline_desk/desk.js",
    "offline_desk/sign_out_guard.js",
    "offline_desk/icon-192.png",
    "offline_desk/icon-512.png",
)


@require_GET
@permission_required_or_404(USE_DESK)
def desk(request: HttpRequest) -> HttpResponse:
    """The desk: registrations are sealed on the device and sent when there is a connection."""
    context = saved_context(request) or {}
    batch = DeskBatchForm(
        initial={"site": context.get("site"), "arrived_on": context.get("arrived_on") or timezone.localdate()}
    )
    form = RegistrationForm(batch=context)
    key = sealing_key_current()
    config = {
        "publicKey": public_key_spki(key),
        "keyId": key.pk,
        "group": context["group"].pk if context.get("group") else None,
        "fields": list(RegistrationForm.base_fields),
        "urls": {
            "session": reverse("offline_desk:session"),
            "devices": reverse("offline_desk:devices"),
            "sync": reverse("offline_desk:sync"),
            "worker": reverse("offline_desk:service_worker"),
            "scope": reverse("offline_desk:desk"),
            "login": reverse("login") + "?next=" + reverse("offline_desk:desk"),
        },
    }
    return render(
        request,
        "offline_desk/desk.html",
        {"form": form, "batch": batch, "context": context, "config": config},
    )


@require_GET
@permission_required_or_404(USE_DESK)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served at the desk's path so that its scope is the desk."""
    assets = [static(path) for path in DESK_ASSETS]
    worker = {
        "desk": reverse("offline_desk:desk"),
        "assets": assets,
        # A new version (new hashed files, a new worker) replaces the old cache.
        "version": uuid.uuid5(uuid.NAMESPACE_URL, "|".join(assets) + _worker_revision()).hex[:12],
    }
    return render(
        request,
        "offline_desk/sw.js",
        {"worker_json": json.dumps(worker)},
        content_type="text/javascript; charset=utf-8",
    )


def _worker_revision() -> str:
    source = get_template("offline_desk/sw.js").template.source
    return hashlib.sha256(source.encode()).hexdigest()


@require_GET
@permission_required_or_404(USE_DESK)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: the desk, installable, opening on its own page."""
    desk_url = reverse("offline_desk:desk")
    body = {
        "name": _("Offline surge desk"),
        "short_name": _("Surge desk"),
        "description": _("Register arrivals without a connection; they are sent when it returns."),
        "start_url": desk_url,
        "scope": desk_url,
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#1f3a5f",
        "icons": [
            {"src": static("offline_desk/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("offline_desk/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")


@require_GET
@permission_required_or_404(USE_DESK)
def session(request: HttpRequest) -> JsonResponse:
    """Tell the desk it may sync (signed in, second factor passed): its token, the count to resolve."""
    waiting = filter_desk_rows(SyncedArrival.objects.all(), request.user).filter(
        status=SyncedArrival.Status.TO_RESOLVE
    )
    return JsonResponse({"csrf": get_token(request), "to_resolve": waiting.count()})


@require_POST
@permission_required_or_404(USE_DESK)
def devices(request: HttpRequest) -> JsonResponse:
    """Register this browser as a desk device of the caseworker's organisation, under the id it made."""
    try:
        public_id = uuid.UUID(str(json.loads(request.body)["device"]))
    except (ValueError, KeyError, TypeError):
        return _bad(400, "malformed")
    try:
        device = services.device_register(user=request.user, public_id=public_id)
    except IntegrityError:  # registered meanwhile by another tab of the same browser
        device = services.device_register(user=request.user, public_id=public_id)
    if device is None:
        return _bad(404, "unknown_device")
    if device.is_revoked:
        return _bad(410, "revoked")
    return JsonResponse({"device": str(device.public_id)})


def _bad(status: int, what: str) -> JsonResponse:
    return JsonResponse({"status": what}, status=status)


@require_POST
@permission_required_or_404(USE_DESK)
def sync(request: HttpRequest) -> JsonResponse:
    """Receive one sealed arrival. A repeat of the same idempotency key answers the same result."""
    try:
        body = json.loads(request.body)
        key = uuid.UUID(str(body["key"]))
        device_id = uuid.UUID(str(body["device"]))
        sealed = Sealed.of(body["sealed"])
    except (ValueError, KeyError, TypeError, Unreadable):
        return _bad(400, "malformed")
    device = filter_desk_rows(DeskDevice.objects.all(), request.user).filter(public_id=device_id).first()
    if device is None:
        return _bad(404, "unknown_device")
    if device.is_revoked:
        return _bad(410, "revoked")
    if reply := _replay(request, key):
        return reply
    try:
        typed = services.typed_clean(unseal(sealed, idempotency_key=str(key), device_id=str(device_id)))
    except Unreadable:
        return _bad(400, "unreadable")
    saved_at = _saved_at(body.get("saved_at"))
    try:
        row = services.arrival_receive(
            request=request, device=device, idempotency_key=key, saved_at=saved_at, typed=typed
        )
    except IntegrityError:  # the same key, received meanwhile by another request
        return _replay(request, key) or _bad(409, "conflict")
    return JsonResponse({**services.sync_result(row), "to_resolve": _to_resolve_count(request)})


def _replay(request: HttpRequest, key: uuid.UUID) -> JsonResponse | None:
    row = SyncedArrival.objects.select_related("case").filter(idempotency_key=key).first()
    if row is None:
        return None
    if row.organisation_id != staff_profile(request.user).organisation_id:
        return _bad(404, "unknown")
    return JsonResponse(
        {**services.sync_result(row), "repeat": True, "to_resolve": _to_resolve_count(request)}
    )


def _to_resolve_count(request: HttpRequest) -> int:
    rows = filter_desk_rows(SyncedArrival.objects.all(), request.user)
    return rows.filter(status=SyncedArrival.Status.TO_RESOLVE).count()


def _saved_at(value) -> datetime.datetime:
    """When the device saved it, as it says; now, if it says nothing readable or a time to come."""
    try:
        saved = parse_datetime(str(value)) if value else None
    except ValueError:
        saved = None
    now = timezone.now()
    if saved is None or timezone.is_naive(saved) or saved > now + datetime.timedelta(minutes=5):
        return now
    return saved
