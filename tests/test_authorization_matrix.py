"""Every URL, for every persona, by GET and by POST: each answer is what the access policy says.

A persona the policy lets in gets a page, a redirect or a form error; anyone else gets 404
(never 403: the existence of a record is itself sensitive), and an anonymous visitor is
sent to sign in. No combination may end in a server error. Besides one persona per role, the
table is asked as a coordinator of another organisation than the case's, as an administrator
who forced every escalation of their own account into the database, and as a superuser: the
last two hold no role, so they read nothing.
"""

import json
import uuid

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import ErasureRequest, InboxItem, Notification, Role, Site, StaffProfile
from exchange.models import HtcdsUpload
from intake.models import Interview
from intake.services import person_keys_refresh
from intake.vocabularies import ConsentScope
from offline_desk.models import DeskDevice, SyncedArrival
from referrals.models import OrganisationService, Service
from referrals.services import referral_accept, referral_make
from reporting.exports.releases import release_publish
from survivor_texts.models import TextVersion
from tests.factories import CaseFactory, ConsentFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "caseworker",
    "caseworker2",
    "shelter_worker",
    "liaison_in",
    "liaison_ph",
    "coordinator",
    "coordinator_b",
    "manager",
    "admin_user",
    "admin_escalated",
    "superuser",
]
# Accounts the policy gives no role: home shows them the page of an account without one (403).
ROLELESS = {"admin_escalated", "superuser"}
ALL = set(PERSONAS) - {"anonymous"}
# The caseworker of the shelter the case was referred to (accepted, sharing identity and contact).
RECEIVER = {"shelter_worker"}
CASEWORKERS = {"caseworker", "caseworker2"} | RECEIVER
LIAISONS = {"liaison_in", "liaison_ph"}
# The task force's coordinator (no cases), NGO B's and NGO A's (the case's organisation).
COORDINATORS = {"coordinator", "coordinator_b", "manager"}

# url name: (arguments, who may (or who may per method), methods the view answers). The case is
# an Indian national's, registered by NGO A (caseworker's), who consented to share with the
# embassy (liaison_in's).
POLICY = {
    "cases:home": ((), ALL, {"GET"}),
    "reporting:dashboard": ((), COORDINATORS, {"GET"}),
    "reporting:exports": ((), COORDINATORS, {"GET"}),
    "reporting:export_case_list": (("csv",), COORDINATORS, {"GET"}),
    "reporting:export_htcds": (("json",), COORDINATORS, {"GET"}),
    "reporting:release_create": ((), COORDINATORS, {"POST"}),
    "reporting:release_download": (("release",), COORDINATORS, {"GET"}),
    "cases:repatriation_queue": ((), LIAISONS, {"GET"}),
    "cases:repatriation_bulk": ((), LIAISONS, {"GET", "POST"}),
    "cases:repatriation_history": ((), LIAISONS, {"GET"}),
    "cases:repatriation_case": (("case",), {"caseworker", "liaison_in"}, {"GET"}),
    "cases:repatriation_transition": (("case",), {"caseworker", "liaison_in"}, {"POST"}),
    "cases:notification_inbox": ((), LIAISONS | CASEWORKERS, {"GET"}),
    "cases:notification_open": (("inbox_item",), {"liaison_in"}, {"GET"}),
    "cases:notification_read_all": ((), LIAISONS | CASEWORKERS, {"POST"}),
    "cases:register": ((), CASEWORKERS, {"GET", "POST"}),
    "cases:registration_context": ((), CASEWORKERS, {"GET", "POST"}),
    "cases:registration_end": ((), CASEWORKERS, {"POST"}),
    "cases:case_list": ((), CASEWORKERS | COORDINATORS, {"GET", "POST"}),
    "cases:case_detail": (("case",), {"caseworker", "manager"}, {"GET"}),
    "cases:case_note_add": (("case",), {"caseworker"}, {"POST"}),
    "cases:case_assign": (("case",), {"caseworker"}, {"POST"}),
    # Closing and reopening: the case's organisation's caseworkers only. The shelter that received
    # the referral, NGO B's caseworker, the liaison, the coordinators and administrators get 404.
    # (Posted empty: closing asks a reason again, reopening an open case says it is open.)
    "cases:case_close": (("case",), {"caseworker"}, {"GET", "POST"}),
    "cases:case_reopen": (("case",), {"caseworker"}, {"POST"}),
    "cases:case_for_person": (("person",), {"caseworker", "liaison_in", "manager"}, {"GET"}),
    "cases:access_log": ((), COORDINATORS | {"admin_user"}, {"GET"}),
    # Erasure stays inside the case's organisation: its staff see the requests and ask for one;
    # its coordinator decides. The request here is NGO A's, asked by its caseworker.
    "cases:erasure_list": ((), CASEWORKERS | COORDINATORS, {"GET", "POST"}),
    "cases:erasure_decide": (("erasure",), {"caseworker", "manager"}, {"GET", "POST"}),
    "intake:interview_step": (("person", "details"), {"caseworker"}, {"GET", "POST"}),
    "intake:narrative_open": (("person",), {"caseworker"}, {"POST"}),
    # The consent sheet is printed by whoever records consent; the words read, by the case's readers.
    "survivor_texts:consent_sheet": (("person",), {"caseworker"}, {"GET"}),
    "survivor_texts:consent_text": (("consent",), {"caseworker", "manager"}, {"GET"}),
    # Referrals: the case was referred by NGO A to the shelter, which accepted it. The shelter's
    # caseworker reads the referral and the part shared; nobody may answer it again; the
    # sender's caseworker revokes it (last: a POST revokes it for the rows after).
    "referrals:incoming": ((), CASEWORKERS, {"GET"}),
    "referrals:received": (("referral",), RECEIVER, {"GET"}),
    "referrals:received_part": (("referral", "identity"), RECEIVER, {"GET"}),
    "referrals:accept": (("referral",), set(), {"GET", "POST"}),
    "referrals:decline": (("referral",), set(), {"GET", "POST"}),
    "referrals:complete": (("referral",), RECEIVER, {"GET", "POST"}),
    "referrals:note_add": (("referral",), RECEIVER, {"POST"}),
    "referrals:case_referrals": (("case",), {"caseworker"}, {"GET", "POST"}),
    "referrals:revoke": (("referral",), {"caseworker"}, {"GET", "POST"}),
    # The HTCDS import: an organisation's caseworkers and coordinators import into their own
    # organisation. The upload is NGO A's caseworker's: nobody else sees its dry run, not even
    # NGO A's manager (confirm before cancel: a POST of cancel deletes it for the rows after).
    "exchange:upload_create": ((), CASEWORKERS | COORDINATORS, {"GET", "POST"}),
    "exchange:upload_detail": (("upload",), {"caseworker"}, {"GET"}),
    "exchange:upload_confirm": (("upload",), {"caseworker"}, {"POST"}),
    "exchange:upload_cancel": (("upload",), {"caseworker"}, {"POST"}),
    # The offline desk is the surge desk's: its caseworkers, and nobody else. The arrival waiting
    # to be resolved was synced by NGO A's caseworker and may be the case's person; an empty POST
    # asks for confirmation again, so nothing is resolved by the rows above.
    "offline_desk:desk": ((), CASEWORKERS, {"GET"}),
    "offline_desk:service_worker": ((), CASEWORKERS, {"GET"}),
    "offline_desk:manifest": ((), CASEWORKERS, {"GET"}),
    "offline_desk:session": ((), CASEWORKERS, {"GET"}),
    "offline_desk:devices": ((), CASEWORKERS, {"POST"}),
    "offline_desk:sync": ((), CASEWORKERS, {"POST"}),
    "offline_desk:to_resolve": ((), CASEWORKERS, {"GET"}),
    "offline_desk:resolve_register": (("synced_arrival",), {"caseworker"}, {"GET", "POST"}),
    "offline_desk:resolve_same": (("synced_arrival", "case"), {"caseworker"}, {"GET", "POST"}),
    "offline_desk:resolve_discard": (("synced_arrival",), {"caseworker"}, {"GET", "POST"}),
}
# Pages for signing in, open to everyone; and the admin site, which sends non-staff to sign in.
# The language switcher is open too: the sign-in page offers it, and it reads and shows no record.
OPEN = {
    "login",
    "logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "accounts:admin_login",
    "accounts:language_choose",
}


def url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return {name for name in names if not name.startswith("admin:")}


def test_the_policy_table_covers_every_url():
    assert url_names() - OPEN == set(POLICY)


@pytest.fixture
def world(
    ngo_a, caseworker, caseworker2, shelter_worker, liaison_in, liaison_ph, coordinator, manager, admin_user
):
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    read = TextVersion.objects.current().get(kind="consent.share_embassy", language__code="eng")
    consent = ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY, text_version=read)
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker
    )
    erasure = ErasureRequest.objects.create(
        case=case, organisation=ngo_a, case_reference=case.reference, reason="asked", requested_by=caseworker
    )
    event = case.events.create(kind="repatriation")
    notification = Notification.objects.create(
        event=event, case=case, recipient=liaison_in, kind="awaits_embassy"
    )
    item = InboxItem.objects.create(notification=notification, recipient=liaison_in)
    release = release_publish(published_by=coordinator)
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
    shelter = StaffProfile.objects.get(user=shelter_worker).organisation
    OrganisationService.objects.create(
        organisation=shelter, service=Service.objects.get(code="shelter"), place="Mae Sot"
    )
    referral = referral_make(
        case=case,
        receiver=shelter,
        service=Service.objects.get(code="shelter"),
        parts=["identity"],
        made_by=caseworker,
    )
    referral_accept(referral=referral, accepted_by=shelter_worker)
    upload = HtcdsUpload.objects.create(
        uploaded_by=caseworker,
        organisation=ngo_a,
        format="csv",
        content="prs_Citizenship\nIN\n",
        digest="0" * 64,
        size=19,
    )
    synced = _waiting_arrival(case=case, synced_by=caseworker)
    return {
        "upload": upload.pk,
        "synced_arrival": synced.pk,
        "referral": referral.pk,
        "case": case.pk,
        "person": case.person_id,
        "consent": consent.pk,
        "erasure": erasure.pk,
        "inbox_item": item.pk,
        "release": release.number,
    }


def _waiting_arrival(*, case, synced_by) -> SyncedArrival:
    """An arrival synced from NGO A's device that may be the case's person: it waits to be resolved."""
    person_keys_refresh(person=case.person)
    site = Site.objects.create(name="Riverside", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot")
    device = DeskDevice.objects.create(user=synced_by, organisation=case.organisation)
    typed = {
        "fields": {
            "given_name": case.person.given_name,
            "family_name": case.person.family_name,
            "gender": "Masculine",
            "approximate_age": "30",
            "country": "IN",
            "document_type": "none",
        },
        "batch": {"site": str(site.pk), "arrived_on": "2026-10-23", "group": ""},
    }
    return SyncedArrival.objects.create(
        idempotency_key=uuid.uuid4(),
        device=device,
        organisation=case.organisation,
        synced_by=synced_by,
        saved_at=device.registered_at,
        status=SyncedArrival.Status.TO_RESOLVE,
        problem=SyncedArrival.Problem.LIKELY_DUPLICATE,
        typed=json.dumps(typed),
    )


@pytest.fixture
def shelter_worker(db):
    """The caseworker of a shelter, another organisation, to which NGO A referred the case."""
    return StaffFactory(
        username="shelter_worker", role=Role.CASEWORKER, organisation=OrganisationFactory(name="Shelter")
    )


@pytest.fixture
def coordinator_b(ngo_b):
    """The manager of NGO B: reads NGO B's records, none of the NGO A case the table is about."""
    return StaffFactory(username="coordinator_b", role=Role.COORDINATOR, organisation=ngo_b)


@pytest.fixture
def admin_escalated(admin_user, ngo_a):
    """The administrator after every escalation tried on their own account, forced into the database.

    A caseworker profile of NGO A (the case's organisation), a group and direct permissions over
    every survivor record, while staff and in the Administrators group: the policy gives the
    account no role, and Django's model permissions answer none of the policy's questions.
    """
    StaffProfile.objects.filter(user=admin_user).update(role=Role.CASEWORKER, organisation=ngo_a)
    records = Permission.objects.filter(content_type__app_label__in=["intake", "cases"])
    readers = Group.objects.create(name="Record readers")
    readers.permissions.set(records)
    admin_user.groups.add(readers)
    admin_user.user_permissions.set(records)
    return User.objects.get(pk=admin_user.pk)


@pytest.fixture
def superuser(db):
    """A superuser made in the database (createsuperuser): the flag grants nothing over survivor records."""
    return User.objects.create_superuser("root", "root@example.org", "a-long-enough-password-2026")


def answer(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_policy_says(client, request, world, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    wrong = []
    tried = 0
    for name, (arguments, allowed, methods) in POLICY.items():
        url = reverse(name, args=[world.get(a, a) for a in arguments])
        for method in ("GET", "POST"):
            tried += 1
            response = answer(client, method, url)
            status, location = response.status_code, response.get("Location", "")
            if persona == "anonymous":
                ok = status == 302 and "/accounts/login/" in location
            elif method not in methods:
                ok = status in (404, 405)
            elif name == "cases:home" and persona in ROLELESS:
                ok = (
                    status == 403 and "/accounts/login/" not in location
                )  # the page of an account without a role
            elif persona in (allowed[method] if isinstance(allowed, dict) else allowed):
                ok = status in (200, 302, 400, 422) and "/accounts/login/" not in location
            else:
                ok = status == 404
            if not ok:
                wrong.append(f"{method} {name} as {persona}: {status} {location}")
    assert tried == 2 * len(POLICY)
    assert not wrong, "\n".join(wrong)
