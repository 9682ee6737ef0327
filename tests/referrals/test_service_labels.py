"""The services of referrals in the reader's language: the seeded ones translated on the receiver's
and the sender's screens and on the dashboard, a service an administrator typed shown as typed."""

import pytest
from django.urls import reverse
from django.utils import translation

from referrals import services
from referrals.models import OrganisationService, Service, SharedPart
from reporting.dashboards.panels import dashboard_figures
from reporting.dashboards.selectors import DashboardFilters
from tests.referrals.conftest import service
from tests.vocabulary_catalogue import THAI, install_thai_vocabulary

pytestmark = pytest.mark.django_db

SHELTER = THAI["Shelter"]
TYPED = "Night bus ticket to Bangkok"  # synthetic: a service an administrator added later


@pytest.fixture(autouse=True)
def thai(tmp_path, settings):
    install_thai_vocabulary(tmp_path, settings)


@pytest.fixture
def referral(referred_case, shelter, caseworker):
    return services.referral_make(
        case=referred_case, receiver=shelter, service=service("shelter"), parts=[], made_by=caseworker
    )


def thai_page(client, url: str) -> str:
    response = client.get(url, headers={"accept-language": "th"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_receiver_reads_the_service_asked_in_thai(client, referral, shelter_worker):
    client.force_login(shelter_worker)
    listing = thai_page(client, reverse("referrals:incoming"))
    assert f">{SHELTER}</td>" in listing
    assert f">{SHELTER}</option>" in listing  # the list's filter by service
    assert ">Shelter<" not in listing
    detail = thai_page(client, reverse("referrals:received", args=[referral.pk]))
    assert SHELTER in detail
    assert ">Shelter<" not in detail


def test_the_sender_chooses_and_follows_services_in_thai(client, referral, referred_case, caseworker, clinic):
    client.force_login(caseworker)
    page = thai_page(client, reverse("referrals:case_referrals", args=[referred_case.pk]))
    assert f'<optgroup label="{THAI["Medical care"]}">' in page  # the form groups organisations by service
    assert f"<strong>{SHELTER}</strong>" in page  # the referral already made
    assert ">Shelter<" not in page and '"Shelter"' not in page


def test_a_service_an_administrator_typed_shows_as_typed(client, referred_case, shelter, caseworker):
    typed = Service.objects.create(code="night_bus", label=TYPED)
    OrganisationService.objects.create(organisation=shelter, service=typed, place="Mae Sot")
    services.referral_make(
        case=referred_case, receiver=shelter, service=typed, parts=[SharedPart.IDENTITY], made_by=caseworker
    )
    client.force_login(caseworker)
    page = thai_page(client, reverse("referrals:case_referrals", args=[referred_case.pk]))
    assert f'<optgroup label="{TYPED}">' in page
    assert f"<strong>{TYPED}</strong>" in page


def test_the_dashboard_names_services_in_thai_and_keeps_its_row_keys(referral, coordinator):
    with translation.override("th"):
        figures = dashboard_figures(user=coordinator, filters=DashboardFilters())
    rows = {row.key: row.label for row in figures.by_key["referrals"].rows}
    assert rows == {"Test Safe House:Shelter": f"Test Safe House · {SHELTER}"}
