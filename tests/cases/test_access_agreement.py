"""The two forms of the liaison rule agree: who sees a case (visible_to) is who is notified of it."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.access import liaisons_seeing_case
from cases.models import Case
from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, ConsentFactory, NationalityFactory

pytestmark = pytest.mark.django_db


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    countries=st.sets(st.sampled_from(["IN", "PH", "CN"]), max_size=3),
    consent=st.sampled_from(["none", "given", "withdrawn", "other_scope", "withdrawn_then_given"]),
    liaison_active=st.booleans(),
)
def test_liaisons_notified_of_a_case_are_exactly_those_who_see_it(
    ngo_a, liaison_in, liaison_ph, countries, consent, liaison_active
):
    case = CaseFactory(organisation=ngo_a)
    for index, country in enumerate(sorted(countries)):
        NationalityFactory(person=case.person, country=country, is_primary=index == 0)
    if consent in ("given", "withdrawn", "withdrawn_then_given"):
        given = ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
        if consent != "given":
            given.withdrawn_at = timezone.now()
            given.save()
        if consent == "withdrawn_then_given":
            ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    elif consent == "other_scope":
        ConsentFactory(person=case.person, scope=ConsentScope.RESEARCH)
    liaison_in.is_active = liaison_active
    liaison_in.save()
    liaisons = [
        type(liaison_in).objects.get(pk=u.pk) for u in (liaison_in, liaison_ph)
    ]  # fresh: no cached profile
    seeing = {u.username for u in liaisons if Case.objects.visible_to(u).filter(pk=case.pk).exists()}
    assert {u.username for u in liaisons_seeing_case(case)} == seeing
    case.delete()
    case.person.delete()
