"""The survivor interview, step by step: saved in parts, resumable, never silently overwritten."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import AccessLog, CaseEvent
from intake.models import (
    Consent,
    ControlMethod,
    Debt,
    IndicatorObservation,
    Interview,
    Language,
    Nationality,
    Person,
)
from intake.vocabularies import ConsentScope
from survivor_texts.models import TextVersion
from tests.factories import ConsentFactory, StaffFactory
from tests.fuzz import form_values, fuzz
from tests.html_forms import form_fields
from tests.survivor_texts.drafts import texts_in

pytestmark = pytest.mark.django_db


def step_url(person, step: str) -> str:
    return reverse("intake:interview_step", args=[person.pk, step])


def open_step(client, person, step) -> dict:
    return form_fields(client.get(step_url(person, step)).content.decode(), having="version")


def test_consent_is_asked_first_and_starts_the_interview_by_the_caseworker(interviewing, case, caseworker):
    interview = Interview.objects.get(person=case.person)
    assert interview.interviewer == caseworker
    assert interview.completed_steps == ["consent", "details"]
    assert interview.place == "Mae Sot Safe House"  # where it took place is the next step's question
    assert set(Consent.objects.in_force().values_list("scope", flat=True)) == {ConsentScope.RECORD}


def test_the_story_waits_for_consent(client, caseworker, case):
    client.force_login(caseworker)
    for step in ("details", "debts"):
        response = client.get(step_url(case.person, step), follow=True)
        assert response.redirect_chain == [(step_url(case.person, "consent"), 302)]
        assert "Start by asking consent, before the person tells their story." in response.content.decode()
        assert "narrative" not in form_fields(response.content.decode(), having="version")
    assert not Interview.objects.exists()


def test_the_steps_list_consent_first_and_the_story_after_it(interviewing, case):
    page = interviewing.get(step_url(case.person, "consent")).content.decode()
    steps = page[page.index('data-testid="steps"') :]
    assert steps.index("Consent") < steps.index("Interview and account") < steps.index("Needs")
    assert "Save and continue to Interview and account" in page


def test_saving_and_continuing_goes_to_the_next_step(interviewing, case):
    data = open_step(interviewing, case.person, "debts")
    data.update({"save_and_continue": ""})
    response = interviewing.post(step_url(case.person, "debts"), data)
    assert response["Location"] == step_url(case.person, "needs")


def test_the_last_step_saves_and_leads_back_to_the_case(interviewing, case):
    data = open_step(interviewing, case.person, "needs")
    data.update({"needs-needs_medical_care": "on"})
    response = interviewing.post(step_url(case.person, "needs"), data, follow=True)
    assert Person.objects.get(pk=case.person.pk).needs_medical_care
    assert "Back to the case" in response.content.decode()


def test_identity_step_saves_names_aliases_and_a_second_nationality(interviewing, case):
    data = open_step(interviewing, case.person, "identity")
    data.update(
        {
            "identity-given_name_native": "Minh",
            "identity-family_name_native": "Nguyễn",
            "identity-aliases": "Kevin, Ah Minh",
            "nationalities-1-country": "KH",
            "nationalities-1-document_type": "national_id",
            "nationalities-1-document_custody": "lost",
        }
    )
    response = interviewing.post(step_url(case.person, "identity"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(pk=case.person.pk)
    assert person.family_name_native == "Nguyễn"
    assert sorted(person.aliases.values_list("name", flat=True)) == ["Ah Minh", "Kevin"]
    assert set(person.nationalities.values_list("country", "is_primary")) == {("VN", True), ("KH", False)}
    assert " KFN " in person.name_phonetic  # the alias Kevin is searchable


def test_two_primary_nationalities_are_refused_beside_the_list(interviewing, case):
    data = open_step(interviewing, case.person, "identity")
    data.update({"nationalities-1-country": "KH", "nationalities-1-is_primary": "on"})
    response = interviewing.post(step_url(case.person, "identity"), data)
    assert "Only one nationality can be the primary one." in response.content.decode()
    assert Nationality.objects.filter(person=case.person).count() == 1


def test_debts_step_records_two_debts_in_different_currencies(interviewing, case):
    data = open_step(interviewing, case.person, "debts")
    data.update(
        {
            "debts-0-kind": "introduction",
            "debts-0-amount": "80000",
            "debts-0-currency": "CNY",
            "debts-1-kind": "ransom",
            "debts-1-amount": "12000",
            "debts-1-crypto_asset": "USDT",
            "debts-1-is_paid": "on",
            "debts-1-paid_by": "family",
        }
    )
    response = interviewing.post(step_url(case.person, "debts"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(
        Debt.objects.filter(person=case.person).values_list("kind", "currency", "crypto_asset")
    ) == [
        ("introduction", "CNY", ""),
        ("ransom", "", "USDT"),
    ]
    again = open_step(interviewing, case.person, "debts")  # the amounts come back as they were typed
    assert sorted([again["debts-0-amount"], again["debts-1-amount"]]) == ["12000", "80000"]


def test_a_promised_salary_comes_back_as_it_was_typed(interviewing, case):
    data = open_step(interviewing, case.person, "recruitment")
    data.update(
        {"recruitment-promised_salary_amount": "25000", "recruitment-promised_salary_currency": "THB"}
    )
    assert interviewing.post(step_url(case.person, "recruitment"), data).status_code == 302
    assert (
        open_step(interviewing, case.person, "recruitment")["recruitment-promised_salary_amount"] == "25000"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"debts-0-amount": "-5", "debts-0-currency": "USD"}, "The amount must be more than zero."),
        ({"debts-0-amount": "5", "debts-0-currency": "USD", "debts-0-crypto_asset": "USDT"}, "not both"),
        ({"debts-0-amount": "5"}, "Give the currency, or the crypto asset, of the amount."),
        (
            {"debts-0-amount": "5", "debts-0-currency": "USD", "debts-0-paid_on": "2026-10-01"},
            "Tick &#x27;paid&#x27;",
        ),
        ({"debts-0-amount": "abc", "debts-0-currency": "USD"}, "Enter a number."),
    ],
)
def test_a_bad_debt_is_explained_and_neither_row_is_saved(interviewing, case, row, message):
    data = open_step(interviewing, case.person, "debts")
    data.update({"debts-0-kind": "fine", **row})
    data.update({"debts-1-kind": "ransom", "debts-1-amount": "100", "debts-1-currency": "USD"})  # a good row
    response = interviewing.post(step_url(case.person, "debts"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Debt.objects.exists()


def test_consent_step_records_each_scope_and_withdrawal_keeps_history(client, caseworker, case):
    interviewing = client
    interviewing.force_login(caseworker)
    language = Language.objects.get(code="vie")
    texts_in("vie")  # the texts are read in Vietnamese: each scope agreed needs its text in it
    data = open_step(interviewing, case.person, "consent")
    data.update(
        {
            "consent-record": "yes",
            "consent-share_embassy": "yes",
            "consent-method": "written",
            "consent-language": str(language.pk),
        }
    )
    unanswered = interviewing.post(step_url(case.person, "consent"), data)
    assert unanswered.status_code == 200  # every scope needs its own answer: none is assumed
    assert not Consent.objects.filter(person=case.person).exists()
    assert not Interview.objects.exists()  # nothing saved half-way
    data.update(
        {
            "consent-share_law_enforcement": "no",
            "consent-share_partners": "no",
            "consent-share_service_providers": "no",
            "consent-research": "no",
            "consent-contact_later": "no",
        }
    )
    interviewing.post(step_url(case.person, "consent"), data)
    in_force = Consent.objects.in_force().filter(person=case.person)
    assert set(in_force.values_list("scope", flat=True)) == {ConsentScope.RECORD, ConsentScope.SHARE_EMBASSY}
    assert in_force.first().language == language
    assert in_force.first().text_version == TextVersion.objects.current().get(
        kind="consent.record", language=language
    )
    interview = Interview.objects.get(person=case.person)  # asking consent started the interview
    assert (interview.language, interview.completed_steps) == (language, ["consent"])
    data = open_step(interviewing, case.person, "consent")
    assert data["consent-share_embassy"] == "yes"  # the form shows what is in force
    data["consent-share_embassy"] = "no"
    interviewing.post(step_url(case.person, "consent"), data)
    assert (
        not Consent.objects.in_force().filter(person=case.person, scope=ConsentScope.SHARE_EMBASSY).exists()
    )
    assert Consent.objects.filter(person=case.person, scope=ConsentScope.SHARE_EMBASSY).count() == 1
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT_CHANGED).first()
    assert event is not None


def test_progress_shows_the_steps_saved(interviewing, case):
    page = interviewing.get(step_url(case.person, "needs")).content.decode()
    assert "2 of 8 steps saved" in page


def test_a_second_save_from_an_older_page_is_refused_showing_what_changed_and_keeping_input(
    interviewing, case, ngo_a
):
    colleague = StaffFactory(username="colleague", organisation=ngo_a)
    mine = open_step(interviewing, case.person, "needs")
    other = signed_in(colleague)
    theirs = open_step(other, case.person, "needs")
    theirs.update(
        {
            "needs-trafficking_status": "ActualVictimOfTrafficking",
            "needs-trafficking_status_decided_by": "NGO",
        }
    )
    assert other.post(step_url(case.person, "needs"), theirs).status_code == 302

    mine.update({"needs-protection_risk": "on"})
    response = interviewing.post(step_url(case.person, "needs"), mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in page
    assert "Trafficking status</strong>: Victim of trafficking" in page
    assert form_fields(page, having="version")["needs-protection_risk"] == "on"  # what they ticked is kept
    person = Person.objects.get(pk=case.person.pk)
    assert not person.protection_risk  # nothing of the refused save was written
    assert person.trafficking_status == "ActualVictimOfTrafficking"
    # Seeing the difference, the caseworker saves again from the refreshed page: it goes through.
    again = form_fields(page, having="version")
    assert interviewing.post(step_url(case.person, "needs"), again).status_code == 302
    assert Person.objects.get(pk=case.person.pk).protection_risk


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["caseworker2", "liaison_in", "coordinator", "admin_user", "outsider"])
def test_only_the_owning_organisations_caseworkers_reach_the_interview(client, request, persona, case):
    ConsentFactory(person=case.person)  # even a liaison whose national consented to share
    client.force_login(request.getfixturevalue(persona))
    for step in ("details", "identity", "debts", "consent"):
        assert client.get(step_url(case.person, step)).status_code == 404
        assert client.post(step_url(case.person, step), {"version": "1"}).status_code == 404


def test_an_unknown_step_is_not_found(interviewing, case):
    assert interviewing.get(step_url(case.person, "nonsense")).status_code == 404


def test_opening_a_step_is_logged_and_saving_it_is_on_the_timeline(interviewing, case, caseworker):
    interviewing.get(step_url(case.person, "exploitation"))
    log = AccessLog.objects.filter(user=caseworker, action=AccessLog.Action.VIEW, case_id=case.pk).first()
    assert log.detail == {"part": "exploitation"}
    assert "Nguyen" not in str(log.detail) and "Minh" not in log.path
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.RECORD_UPDATED, data__part="details"
    ).exists()


STEP_FIELDS = {
    "details": [
        "details-held_on",
        "details-place",
        "details-interpreter",
        "details-language",
        "details-narrative",
    ],
    "identity": [
        "identity-given_name",
        "identity-date_of_birth",
        "identity-birth_year_estimated",
        "identity-phone",
        "identity-aliases",
        "nationalities-0-country",
        "nationalities-1-country",
        "nationalities-1-is_primary",
        "identity-other_languages",
    ],
    "recruitment": [
        "recruitment-promised_salary_amount",
        "recruitment-promised_salary_currency",
        "recruitment-recruited_on",
        "recruitment-platform",
    ],
    "journey": ["journey-origin_country", "journey-transit_countries", "journey-crossing_point"],
    "exploitation": [
        "episodes-0-started_on",
        "episodes-0-ended_on",
        "episodes-0-hours_per_day",
        "episodes-0-types",
        "episodes-0-sold_on",
        "episodes-0-sale_price_amount",
        "ilo-deception",
        "ilo-deception_notes",
    ],
    "debts": ["debts-0-kind", "debts-0-amount", "debts-0-currency", "debts-0-is_paid", "debts-0-paid_on"],
    "needs": ["needs-trafficking_status", "needs-trafficking_status_decided_by", "needs-protection_risk"],
    "consent": ["consent-record", "consent-method", "consent-language"],
}
junk = form_values(
    "yes", "no", "IN", "USD", "USDT", "fine", "Other", "9999-99-99", "1e999", "99999999999999999999"
)


@fuzz(60)
@given(step=st.sampled_from(sorted(STEP_FIELDS)), values=st.lists(junk, min_size=10, max_size=10))
def test_any_input_to_any_step_gives_a_page_and_saves_all_of_it_or_nothing(interviewing, case, step, values):
    data = open_step(interviewing, case.person, step)
    for name, value in zip(STEP_FIELDS[step], values, strict=False):
        data[name] = value
    version_before = Person.objects.get(pk=case.person.pk).version
    response = interviewing.post(step_url(case.person, step), data)
    assert response.status_code in (200, 302)
    version_after = Person.objects.get(pk=case.person.pk).version
    # A save raises the version exactly once; a refusal leaves the record as it was.
    assert version_after == version_before + (1 if response.status_code == 302 else 0)


def test_the_ilo_indicators_the_methods_of_control_show_are_not_asked_again(interviewing, case):
    def methods(*codes):
        return [str(pk) for pk in ControlMethod.objects.filter(code__in=codes).values_list("pk", flat=True)]

    data = open_step(interviewing, case.person, "exploitation")
    data.update(
        {
            "episodes-0-methods_of_control": methods("TakesEarnings", "FalsePromises"),
            "ilo-withholding_of_wages_notes": "Paid nothing for five months",
            "ilo-isolation": "on",  # seen, though no method of control says it
        }
    )
    assert interviewing.post(step_url(case.person, "exploitation"), data).status_code == 302
    observed = dict(IndicatorObservation.objects.values_list("indicator", "notes"))
    assert observed == {
        "withholding_of_wages": "Paid nothing for five months",
        "deception": "",
        "isolation": "",
    }
    page = interviewing.get(step_url(case.person, "exploitation")).content.decode()
    assert "From the methods of control: Takes earnings" in page  # shown as derived, not asked
    deception = re.search(r'<input[^>]*name="ilo-deception"[^>]*>', page).group(0)
    assert "disabled" in deception and "checked" in deception
    # Unticking the method drops the indicator it showed; the one ticked by hand stays.
    data = open_step(interviewing, case.person, "exploitation")
    data["episodes-0-methods_of_control"] = methods("FalsePromises")
    assert interviewing.post(step_url(case.person, "exploitation"), data).status_code == 302
    assert set(IndicatorObservation.objects.values_list("indicator", flat=True)) == {"deception", "isolation"}
