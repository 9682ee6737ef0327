"""The raw floor the benchmark compares pages with: hand-written SQL, and a bare view.

- ``case_list``: the case list's page of rows (same filter, order, 50 a page, same columns)
  fetched by one query and written out as a plain HTML table: no form, no count, no template.
- ``DASHBOARD_SQL``: the dashboard's aggregates as one would write them by hand in SQL, on
  PostgreSQL, over every case (the coordinator's view without filters).
"""

from html import escape

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cases.access import staff_profile
from cases.casefile.views import PAGE_SIZE
from intake.models.person import years_before
from reporting.dashboards.statistics import reporting_transaction

CASE_ROWS_SQL = """
SELECT c.id, c.reference, c.repatriation_stage, c.status,
       p.given_name, p.family_name, p.given_name_native, p.family_name_native, p.arrived_on,
       p.needs_medical_care, p.protection_risk, s.name, u.first_name, u.last_name,
       (SELECT string_agg(n.country, ', ' ORDER BY n.is_primary DESC, n.country)
          FROM intake_nationality n WHERE n.person_id = p.id) AS nationalities
  FROM cases_case c
  JOIN intake_person p ON p.id = c.person_id
  LEFT JOIN cases_site s ON s.id = c.current_site_id
  LEFT JOIN auth_user u ON u.id = c.caseworker_id
 WHERE c.organisation_id = %(organisation)s
   AND c.status = %(status)s
   AND EXISTS (SELECT 1 FROM intake_nationality n WHERE n.person_id = c.person_id AND n.country = %(country)s)
 ORDER BY c.opened_at DESC, c.id DESC
 LIMIT %(limit)s OFFSET %(offset)s
"""


def case_list(request: HttpRequest) -> HttpResponse:
    """The same page of the case list, from one query, as a bare table (a caseworker's own cases)."""
    page = int(request.GET.get("page", "1"))
    with connection.cursor() as cursor:
        cursor.execute(
            CASE_ROWS_SQL,
            {
                "organisation": staff_profile(request.user).organisation_id,
                "status": request.GET["status"],
                "country": request.GET["nationality"],
                "limit": PAGE_SIZE,
                "offset": (page - 1) * PAGE_SIZE,
            },
        )
        rows = cursor.fetchall()
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>" for row in rows
    )
    return HttpResponse(f"<!doctype html><table>{cells}</table>")


# What the dashboard shows, written by hand: one statement per figure, as the ORM's are.
DASHBOARD_SQL = {
    "totals": """
        SELECT count(*), count(*) FILTER (WHERE c.status NOT IN ('Closed', 'ClosedReferred')),
               count(*) FILTER (WHERE p.date_of_birth > %(adult_born_after)s
                                 OR (p.date_of_birth IS NULL AND p.birth_year_estimated >= %(adult_year)s)),
               count(*) FILTER (WHERE p.unaccompanied_minor),
               count(*) FILTER (WHERE p.date_of_birth IS NULL AND p.birth_year_estimated IS NULL)
          FROM cases_case c JOIN intake_person p ON p.id = c.person_id""",
    "arrivals_per_day": """
        SELECT p.arrived_on, count(*) FROM cases_case c JOIN intake_person p ON p.id = c.person_id
         GROUP BY 1 ORDER BY 1""",
    "nationalities": """
        SELECT n.country, count(*) FROM cases_case c
          LEFT JOIN intake_nationality n ON n.person_id = c.person_id AND n.is_primary
         GROUP BY 1 ORDER BY 2 DESC""",
    "channels": """
        SELECT channel_id, count(DISTINCT person_id) FROM intake_recruitment GROUP BY 1 ORDER BY 2 DESC""",
    "platforms": """
        SELECT platform, count(DISTINCT person_id) FROM intake_recruitment GROUP BY 1 ORDER BY 2 DESC""",
    "compounds": """
        SELECT compound_id, count(DISTINCT person_id) FROM intake_exploitation GROUP BY 1 ORDER BY 2 DESC""",
    "exploitation_types": """
        SELECT t.exploitationtype_id, count(DISTINCT e.person_id)
          FROM intake_exploitation e LEFT JOIN intake_exploitation_types t ON t.exploitation_id = e.id
         GROUP BY 1 ORDER BY 2 DESC""",
    "consent_in_force": """
        SELECT scope, count(*) FROM intake_consent WHERE withdrawn_at IS NULL GROUP BY 1""",
    "consent_withdrawn": """
        SELECT w.scope, count(DISTINCT w.person_id) FROM intake_consent w
         WHERE w.withdrawn_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM intake_consent g WHERE g.person_id = w.person_id
                            AND g.scope = w.scope AND g.withdrawn_at IS NULL)
         GROUP BY 1""",
    # Each debt at the administrator's rate in force on the day it was incurred (else arrival):
    # the rates as periods, joined to the debts on their unit and day.
    "debts": """
        WITH rates AS (
            SELECT unit, usd_per_unit, valid_from,
                   lead(valid_from) OVER (PARTITION BY unit ORDER BY valid_from) AS valid_until
              FROM cases_exchangerate),
        debts AS (
            SELECT d.kind, d.amount, d.is_paid,
                   CASE WHEN d.currency = '' THEN d.crypto_asset ELSE d.currency END AS unit,
                   coalesce(d.incurred_on, p.arrived_on) AS day
              FROM intake_debt d JOIN intake_person p ON p.id = d.person_id),
        usd AS (
            SELECT d.kind, d.amount, d.is_paid, d.unit,
                   d.amount * CASE WHEN d.unit = 'USD' THEN 1 ELSE r.usd_per_unit END AS usd
              FROM debts d
              LEFT JOIN rates r ON r.unit = d.unit AND r.valid_from <= d.day
                               AND (r.valid_until IS NULL OR d.day < r.valid_until))
        SELECT kind, unit, width_bucket(usd, ARRAY[1000, 5000, 10000, 20000, 50000]::numeric[]) AS band,
               count(*), sum(amount), sum(amount) FILTER (WHERE is_paid), sum(usd),
               sum(usd) FILTER (WHERE is_paid),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY usd)
          FROM usd GROUP BY GROUPING SETS ((kind, unit, band), (kind))""",
    "stages": """
        SELECT repatriation_stage, count(*) FROM cases_case GROUP BY 1""",
    "queues": """
        SELECT n.country, c.repatriation_stage, count(*),
               percentile_disc(0.5) WITHIN GROUP (ORDER BY c.repatriation_stage_since)
          FROM cases_case c
          LEFT JOIN intake_nationality n ON n.person_id = c.person_id AND n.is_primary
         WHERE c.status NOT IN ('Closed', 'ClosedReferred')
           AND c.repatriation_stage IN ('identified', 'verification_requested', 'nationality_verified',
                                        'travel_document_requested', 'travel_document_issued',
                                        'exit_clearance', 'departure_scheduled', 'on_hold',
                                        'legal_proceedings')
         GROUP BY 1, 2""",
    "embassies": """
        SELECT represents_country, name FROM cases_organisation
         WHERE is_active AND represents_country <> '' ORDER BY name""",
    "organisations": """
        SELECT o.id, o.name FROM cases_organisation o
         WHERE EXISTS (SELECT 1 FROM cases_case c WHERE c.organisation_id = o.id) ORDER BY o.name""",
}


def dashboard_aggregates() -> dict[str, list[tuple]]:
    """Run every statement of `DASHBOARD_SQL` in one transaction, with the dashboard's settings."""
    today = timezone.localdate()
    params = {"adult_born_after": years_before(today, 18), "adult_year": today.year - 18}
    results = {}
    with reporting_transaction(), connection.cursor() as cursor:
        for name, sql in DASHBOARD_SQL.items():
            cursor.execute(sql, params if "%(" in sql else None)
            results[name] = cursor.fetchall()
    return results
