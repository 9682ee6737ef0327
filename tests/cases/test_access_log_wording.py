"""The access log's details read as sentences; what is stored stays as it was."""

import pytest
from django.urls import reverse

from cases.access_log.wording import describe
from cases.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "detail", "said"),
    [
        (
            "search",
            {"screen": "repatriation_queue", "stage": "", "site": None, "case_ids": list(range(12))},
            "Viewed the repatriation queue (12 cases)",
        ),
        (
            "search",
            {"screen": "repatriation_queue", "stage": "identified", "site": 3, "case_ids": [4]},
            "Viewed the repatriation queue (1 case) · stage: Identified · one place only",
        ),
        (
            "search",
            {"filters": ["nationality", "q"], "results": 3, "results_capped": False},
            "Searched the case list by nationality, search text (3 cases)",
        ),
        (
            "search",
            {"filters": [], "results": 1000, "results_capped": True},
            "Opened the case list (more than 1000 cases)",
        ),
        (
            "search",
            {"duplicate_check": 2, "elsewhere": 1},
            "Checked an arrival against existing records: 2 possible here, 1 elsewhere",
        ),
        ("view", {"part": "case_file"}, "Opened the case file"),
        ("view", {"screen": "repatriation"}, "Opened the case's repatriation page"),
        (
            "view_narrative",
            {"reason": "Preparing the referral"},
            "Read the interview narrative, giving the reason: Preparing the referral",
        ),
        (
            "export",
            {"export": "case_list", "format": "csv", "rows": 40},
            "Exported the case list as CSV (40 rows)",
        ),
        (
            "refused",
            {"screen": "cases:case_detail", "method": "GET"},
            "Asked for a page their role may not see",
        ),
        (
            "role_change",
            {
                "user": 7,
                "before": {"role": "caseworker", "is_staff": False},
                "after": {"role": "coordinator", "is_staff": False},
            },
            "Changed the role of account 7 from Caseworker to Coordinator",
        ),
        ("log_read", {"filters": ["case"]}, "Searched the access log by case reference"),
        ("log_read", {"filters": []}, "Read the access log"),
    ],
)
def test_each_kind_of_entry_is_said_in_plain_language(action, detail, said):
    assert describe(AccessLog(action=action, detail=detail)) == said


def test_the_screen_shows_sentences_and_the_stored_details_are_unchanged(client, admin_user):
    stored = {"screen": "repatriation_queue", "stage": "", "site": None, "case_ids": [397, 398]}
    AccessLog.objects.create(username="liaison_in", action=AccessLog.Action.SEARCH, detail=stored)
    client.force_login(admin_user)
    page = client.get(reverse("cases:access_log"), {"username": "liaison_in"}).content.decode()
    assert "Viewed the repatriation queue (2 cases)" in page
    assert "case_ids" not in page and "screen: repatriation_queue" not in page
    assert AccessLog.objects.get(username="liaison_in").detail == stored
