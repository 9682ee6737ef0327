"""Referrals in the coordinator's dashboard (small counts hidden) and in the HTCDS export."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access_log.wording import describe
from cases.models import AccessLog
from intake.vocabularies import ConsentScope
from referrals import services
from referrals.models import Referral
from reporting.dashboards.panels import dashboard_figures
from reporting.dashboards.selectors import DashboardFilters
from tests.factories import CaseFactory, ConsentFactory
from tests.referrals.conftest import service

pytestmark = pytest.mark.django_db


def consenting_case(organisation, *scopes):
    case = CaseFactory(organisation=organisation, nationality="IN")
    for scope in (ConsentScope.SHARE_SERVICE_PROVIDERS, *scopes):
        ConsentFactory(person=case.person, scope=scope)
    return case


def accepted_after(case, receiver, code, by, accepter, days):
    referral = services.referral_make(
        case=case, receiver=receiver, service=service(code), parts=[], made_by=by
    )
    services.referral_accept(referral=referral, accepted_by=accepter)
    Referral.objects.filter(pk=referral.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=days, hours=1)
    )
    return referral


def test_the_dashboard_counts_referrals_per_organisation_and_service_hiding_small_counts(
    ngo_a, caseworker, shelter, shelter_worker, clinic, clinic_worker, coordinator
):
    for days in (1, 2, 3, 4, 9):
        accepted_after(consenting_case(ngo_a), shelter, "shelter", caseworker, shelter_worker, days)
    services.referral_make(
        case=consenting_case(ngo_a), receiver=clinic, service=service("medical"), parts=[], made_by=caseworker
    )
    panel = dashboard_figures(user=coordinator, filters=DashboardFilters()).by_key["referrals"]
    rows = {row.label: [cell.text for cell in row.cells] for row in panel.rows}
    assert rows["Test Safe House · Shelter"] == ["0", "5", "0", "0", "5", "3 days", "9 days"]
    # One referral waiting at the clinic: "<5", and no median or longest wait of one person.
    assert rows["Test Clinic · Medical care"] == ["<5", "0", "0", "0", "<5", "—", "—"]


def test_the_htcds_export_names_the_organisations_referred_to_and_the_reasons(
    client, ngo_a, caseworker, shelter, shelter_worker, clinic, manager
):
    case = consenting_case(ngo_a, ConsentScope.SHARE_PARTNERS)
    accepted_after(case, shelter, "shelter", caseworker, shelter_worker, 2)
    revoked = services.referral_make(
        case=case, receiver=clinic, service=service("medical"), parts=[], made_by=caseworker
    )
    services.referral_revoke(referral=revoked, revoked_by=caseworker)
    client.force_login(manager)
    response = client.get(reverse("reporting:export_htcds", args=["json"]))
    [record] = json.loads(b"".join(response.streaming_content))["records"]
    [referral] = record["x_Referrals"]  # not the revoked one
    assert referral == {
        "cas_ReferredOrganisation": "Test Safe House",
        "cas_ReasonForOutgoingReferral": "AdditionalServicesRequired",
        "cas_OutgoingReferralDate": timezone.localdate(
            timezone.now() - datetime.timedelta(days=2, hours=1)
        ).isoformat(),
        "x_Service": "shelter",
    }


def test_the_access_log_says_what_a_receiver_read(client, ngo_a, caseworker, shelter, shelter_worker):
    case = consenting_case(ngo_a)
    referral = services.referral_make(
        case=case, receiver=shelter, service=service("shelter"), parts=["urgent_needs"], made_by=caseworker
    )
    services.referral_accept(referral=referral, accepted_by=shelter_worker)
    client.force_login(shelter_worker)
    client.get(reverse("referrals:received_part", args=[referral.pk, "urgent_needs"]))
    entry = AccessLog.objects.get(user=shelter_worker, case_id=case.pk)
    assert describe(entry) == "Read the part “urgent needs” of a referral received"
