"""The vocabularies' labels, stored in English, read in the reader's language.

Every label the migrations seed is listed for the catalogues (intake/term_labels.py,
referrals/term_labels.py); a seeded term shows translated on forms and on the case file; a
label an administrator typed shows as typed.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from intake.models import (
    Compound,
    ControlMethod,
    Exploitation,
    ExploitationType,
    Interview,
    Recruitment,
    RecruitmentChannel,
)
from intake.models.reference import Term
from intake.term_labels import COMPOUNDS, TERM_LABELS
from intake.vocabularies import ConsentScope
from referrals.term_labels import SERVICES
from tests.factories import CaseFactory, ConsentFactory
from tests.vocabulary_catalogue import THAI, install_thai_vocabulary

pytestmark = pytest.mark.django_db

LISTED = TERM_LABELS | set(SERVICES)
# Synthetic: a channel an administrator added after deployment, which no catalogue knows.
TYPED = "Recruited through a karaoke bar owner"


def vocabularies() -> list[type[Term]]:
    return [model for model in apps.get_models() if issubclass(model, Term)]


def test_every_vocabulary_is_checked():
    names = {model._meta.label for model in vocabularies()}
    assert {"intake.RecruitmentChannel", "intake.ExploitationType", "intake.ControlMethod"} <= names
    assert "referrals.Service" in names


@pytest.mark.parametrize("model", vocabularies(), ids=lambda model: model._meta.label)
def test_every_seeded_label_is_listed_for_the_catalogues(model):
    seeded = set(model.objects.values_list("label", flat=True))
    assert seeded, f"{model._meta.label} has no seeded term"
    assert seeded - LISTED == set(), "list these labels in the app's term_labels.py"


def test_every_listed_label_is_a_seeded_one():
    """A label renamed by a later migration leaves no stale entry in the catalogues."""
    seeded = {label for model in vocabularies() for label in model.objects.values_list("label", flat=True)}
    assert LISTED - seeded == set()
    assert set(COMPOUNDS) - set(Compound.objects.values_list("name", flat=True)) == set()


@pytest.fixture
def thai(tmp_path, settings):
    install_thai_vocabulary(tmp_path, settings)


@pytest.fixture
def told_story(ngo_a, caseworker):
    """A case whose person was recruited online, forced into romance scams and held by a debt."""
    case = CaseFactory(organisation=ngo_a, caseworker=caseworker, nationality="VN")
    ConsentFactory(person=case.person, scope=ConsentScope.RECORD)
    Interview.objects.create(
        person=case.person,
        held_on="2026-10-25",
        place="Safe house",
        interviewer=caseworker,
        completed_steps=["consent", "details"],
    )
    Recruitment.objects.create(
        person=case.person, channel=RecruitmentChannel.objects.get(code="ThroughAnOnlineAdvertisement")
    )
    exploitation = Exploitation.objects.create(
        person=case.person, compound=Compound.objects.get(name="Other or unknown site")
    )
    exploitation.types.add(ExploitationType.objects.get(code="ForcedCriminalityRomanceScam"))
    exploitation.methods_of_control.add(ControlMethod.objects.get(code="DebtBondage"))
    return case


def case_file(client, case, language: str) -> str:
    return client.get(
        reverse("cases:case_detail", args=[case.pk]), headers={"accept-language": language}
    ).content.decode()


def test_the_case_file_shows_seeded_terms_in_thai_and_in_english(thai, client, caseworker, told_story):
    client.force_login(caseworker)
    thai_page = case_file(client, told_story, "th")
    english_page = case_file(client, told_story, "en")
    for label in (
        "Online job advertisement",
        'Forced criminality: romance or "pig-butchering" scams',
        "Debt bondage",
        "Other or unknown site",
    ):
        escaped = label.replace('"', "&quot;")
        assert escaped not in thai_page
        assert THAI[label].replace('"', "&quot;") in thai_page
        assert escaped in english_page


def test_a_label_an_administrator_typed_shows_as_typed_in_thai(thai, client, caseworker, told_story):
    channel = RecruitmentChannel.objects.create(code="KaraokeBarOwner", label=TYPED)
    Recruitment.objects.filter(person=told_story.person).update(channel=channel)
    client.force_login(caseworker)
    assert TYPED in case_file(client, told_story, "th")


def interview_form(client, case, step: str) -> str:
    url = reverse("intake:interview_step", args=[case.person.pk, step])
    response = client.get(url, headers={"accept-language": "th"})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_interview_offers_seeded_terms_in_thai_and_typed_ones_as_typed(
    thai, client, caseworker, told_story
):
    RecruitmentChannel.objects.create(code="KaraokeBarOwner", label=TYPED)
    client.force_login(caseworker)
    recruitment = interview_form(client, told_story, "recruitment")
    assert f">{THAI['Online job advertisement']}</option>" in recruitment
    assert ">Online job advertisement<" not in recruitment
    assert f">{TYPED}</option>" in recruitment
    exploitation = interview_form(client, told_story, "exploitation")
    assert THAI["Debt bondage"] in exploitation
    assert f">{THAI['Other or unknown site']}</option>" in exploitation
    assert "Debt bondage" not in exploitation
    assert "KK Park</option>" in exploitation  # a compound's proper name stays as written
