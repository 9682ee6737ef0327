"""The dashboard names the vocabularies' terms in the reader's language, keeps codes as its row keys,
and shows a term an administrator typed as typed; the HTCDS export keeps the standard's values."""

import json

import pytest
from django.urls import reverse

from intake.models import Compound, Exploitation, ExploitationType, Recruitment, RecruitmentChannel
from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, ConsentFactory
from tests.reporting.pages import tables
from tests.vocabulary_catalogue import THAI, install_thai_vocabulary

pytestmark = pytest.mark.django_db

TYPED = "Recruited through a karaoke bar owner"  # synthetic: a channel an administrator added later


@pytest.fixture(autouse=True)
def thai(tmp_path, settings):
    install_thai_vocabulary(tmp_path, settings)


@pytest.fixture
def stories(task_force):
    """Five persons recruited by an online advert into romance scams, held by a debt, at an unnamed
    site; one recruited through the channel an administrator typed."""
    advert = RecruitmentChannel.objects.get(code="ThroughAnOnlineAdvertisement")
    romance = ExploitationType.objects.get(code="ForcedCriminalityRomanceScam")
    site = Compound.objects.get(name="Other or unknown site")
    typed = RecruitmentChannel.objects.create(code="KaraokeBarOwner", label=TYPED)
    for channel in (advert, advert, advert, advert, advert, typed):
        case = CaseFactory(organisation=task_force, nationality="IN")
        ConsentFactory(person=case.person, scope=ConsentScope.SHARE_PARTNERS)
        Recruitment.objects.create(person=case.person, channel=channel)
        Exploitation.objects.create(person=case.person, compound=site).types.add(romance)
    return site


def dashboard(client, language: str) -> dict:
    response = client.get(reverse("reporting:dashboard"), headers={"accept-language": language})
    assert response.status_code == 200
    return tables(response.content.decode())


def test_the_dashboard_names_seeded_terms_in_thai_and_typed_ones_as_typed(client, coordinator, stories):
    client.force_login(coordinator)
    shown = dashboard(client, "th")
    assert shown["channel"]["ThroughAnOnlineAdvertisement"][0] == THAI["Online job advertisement"]
    assert shown["channel"]["KaraokeBarOwner"][0] == TYPED
    romance = 'Forced criminality: romance or "pig-butchering" scams'
    assert shown["exploitation_type"]["ForcedCriminalityRomanceScam"][0] == THAI[romance]
    assert shown["compound"][str(stories.pk)][0] == THAI["Other or unknown site"]


def test_the_same_dashboard_in_english_keeps_the_english_labels(client, coordinator, stories):
    client.force_login(coordinator)
    shown = dashboard(client, "en")
    assert shown["channel"]["ThroughAnOnlineAdvertisement"][0] == "Online job advertisement"
    assert shown["compound"][str(stories.pk)][0] == "Other or unknown site"


def test_the_htcds_export_in_thai_keeps_the_standards_values(client, coordinator, stories):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:export_htcds", args=["json"]), headers={"accept-language": "th"})
    records = json.loads(b"".join(response.streaming_content))["records"]
    assert {value for record in records for value in record["vic_MethodOfRecruitment"]} == {
        "ThroughAnOnlineAdvertisement",
        "Other",
    }
    assert {value for record in records for value in record["vic_TypeOfExploitation"]} == {"ForcedLabour"}
