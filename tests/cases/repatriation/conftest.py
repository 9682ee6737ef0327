"""Cases for the repatriation tests: nationals who consented to share with their embassy, and others."""

import pytest
from django.utils import timezone

from cases.models import CaseEvent
from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, ConsentFactory, PersonFactory


def national(organisation, country: str = "IN", *, consent: bool = True, stage: str = "identified", **person):
    """A case of a `country` national registered by `organisation`; consenting to share unless told not."""
    case = CaseFactory(
        organisation=organisation,
        nationality=country,
        repatriation_stage=stage,
        person=PersonFactory(**person),
    )
    if consent:
        ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    return case


def put_aside(case, *, stage: str, resume_to: str, actor=None, reason: str = "Awaiting medical clearance"):
    """Put `case` in a side state as the workflow would have, remembering the stage to resume."""
    case.repatriation_stage = stage
    case.repatriation_hold_reason = reason if stage == "on_hold" else ""
    case.save()
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind=CaseEvent.Kind.REPATRIATION,
        at=timezone.now(),
        data={"to": stage, "resume_to": resume_to},
    )
    return case


@pytest.fixture
def indian_case(ngo_a):
    """An Indian national of NGO A who consented to share with the embassy of India."""
    return national(ngo_a, "IN", given_name="Arjun", family_name="Testperson")


@pytest.fixture
def filipino_case(ngo_a):
    return national(ngo_a, "PH", given_name="Maria", family_name="Example")


@pytest.fixture
def indian_without_consent(ngo_a):
    return national(ngo_a, "IN", consent=False, given_name="Ravi", family_name="Noconsent")
