"""The receiving side of referrals: a shelter and a clinic, one caseworker each, and what they offer.

NGO A (the `caseworker` persona's) holds the case and refers it; the shelter receives it; the
clinic is another receiver, of no referral of that case.
"""

import pytest

from cases.models import Role
from intake.models import Interview
from intake.vocabularies import ConsentScope
from referrals.models import OrganisationService, Service
from tests.factories import CaseFactory, ConsentFactory, OrganisationFactory, StaffFactory

# A string that appears only in the interview's narrative: it must reach no page of a receiver
# who was not shared the narrative.
CANARY = "CANARY-narrative-7Q4Z"


def service(code: str) -> Service:
    """A service of the vocabulary (seeded by referrals migration 0002)."""
    return Service.objects.get_or_create(code=code, defaults={"label": code.title()})[0]


@pytest.fixture
def shelter(db):
    organisation = OrganisationFactory(name="Test Safe House")
    OrganisationService.objects.create(
        organisation=organisation, service=service("shelter"), place="Mae Sot", contact="+6655000103"
    )
    return organisation


@pytest.fixture
def clinic(db):
    organisation = OrganisationFactory(name="Test Clinic")
    OrganisationService.objects.create(organisation=organisation, service=service("medical"), place="Mae Sot")
    OrganisationService.objects.create(organisation=organisation, service=service("shelter"), place="Mae Sot")
    return organisation


@pytest.fixture
def shelter_worker(shelter):
    return StaffFactory(username="shelter_worker", role=Role.CASEWORKER, organisation=shelter)


@pytest.fixture
def clinic_worker(clinic):
    return StaffFactory(username="clinic_worker", role=Role.CASEWORKER, organisation=clinic)


@pytest.fixture
def referred_case(ngo_a, caseworker):
    """NGO A's case of a person who consents to share with service providers; the canary in the narrative."""
    case = CaseFactory(organisation=ngo_a, nationality="IN", caseworker=caseworker)
    case.person.phone = "+66812345678"
    case.person.save()
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker, narrative=CANARY
    )
    return case
