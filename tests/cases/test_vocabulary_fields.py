"""Drawn form fields are shared between users only for the fields listed as fixed vocabularies.

Why: the drawing of a field was kept for the life of the process by screen,
name and value; a field whose options depend on the user (an organisation, a caseworker)
would have shown one user's options to the next.
"""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from cases.templatetags import vocabulary_fields
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    vocabulary_fields._DRAWN.clear()
    yield
    vocabulary_fields._DRAWN.clear()


def draw(form: forms.Form, field: str, screen: str = "case_list") -> str:
    template = Template("{% load vocabulary_fields %}{{ field|as_crispy_vocabulary_field:screen }}")
    return template.render(Context({"field": form[field], "screen": screen}))


def form_for(people: list[tuple[str, str]]) -> forms.Form:
    """A form whose options depend on who asks, as a choice of caseworkers of one's own NGO would."""

    class Form(forms.Form):
        caseworker = forms.ChoiceField(choices=people, required=False)
        status = forms.ChoiceField(choices=[("active", "Active"), ("closed", "Closed")], required=False)

    return Form(data={})


def test_a_user_dependent_choice_is_never_served_from_the_kept_drawings_to_another_user():
    first = draw(form_for([("1", "Ana of NGO A")]), "caseworker")
    second = draw(form_for([("2", "Bo of NGO B")]), "caseworker")
    assert "Ana of NGO A" in first
    assert "Bo of NGO B" in second and "Ana of NGO A" not in second
    assert not vocabulary_fields._DRAWN  # not listed: never kept, even as a plain ChoiceField


def test_a_field_on_the_list_is_kept_and_the_list_holds_no_user_dependent_field():
    draw(form_for([("1", "Ana")]), "status")
    assert len(vocabulary_fields._DRAWN) == 1
    draw(form_for([("1", "Ana")]), "status", screen="some_other_screen")
    assert len(vocabulary_fields._DRAWN) == 1  # the same name on an unlisted screen is not kept
    for screen, name in vocabulary_fields.KEEPABLE:
        assert name not in ("organisation", "caseworker", "compound"), (screen, name)


def test_two_ngos_caseworkers_each_see_only_their_own_colleagues_on_the_case_list(
    client, caseworker, caseworker2, ngo_a, ngo_b
):
    StaffFactory(username="colleague_of_a", organisation=ngo_a, role=caseworker.staff_profile.role)
    StaffFactory(username="colleague_of_b", organisation=ngo_b, role=caseworker.staff_profile.role)
    client.force_login(caseworker)
    first = client.get(reverse("cases:case_list")).content.decode()
    client.force_login(caseworker2)
    second = client.get(reverse("cases:case_list")).content.decode()
    assert "colleague_of_a" in first and "colleague_of_b" not in first
    assert "colleague_of_b" in second and "colleague_of_a" not in second
