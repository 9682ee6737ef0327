"""The access log in plain language: what each stored entry means, said as a person would.

Only how an entry is shown: what is stored (cases.models.AccessLog.detail) does not change,
and an entry of a shape not known here is still shown, as its facts, never dropped.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.models import AccessLog, RepatriationStage, Role

# The stored names of exports (reporting.exports) and of the parts of a record (the interview's
# steps, the case file), as people call them.
EXPORTS = {
    "case_list": gettext_lazy("the case list"),
    "htcds": gettext_lazy("HTCDS 2.0 records"),
    "release": gettext_lazy("an anonymised release"),
    "research": gettext_lazy("an anonymised research extract"),
}
FILTERS = {
    "q": gettext_lazy("search text"),
    "nationality": gettext_lazy("nationality"),
    "status": gettext_lazy("status"),
    "open": gettext_lazy("open cases only"),
    "stage": gettext_lazy("repatriation stage"),
    "organisation": gettext_lazy("organisation"),
    "caseworker": gettext_lazy("caseworker"),
    "compound": gettext_lazy("compound"),
    "arrived_after": gettext_lazy("arrived from"),
    "arrived_before": gettext_lazy("arrived until"),
    "minors": gettext_lazy("minors"),
    "urgent": gettext_lazy("urgent needs"),
    "not_interviewed": gettext_lazy("not yet interviewed"),
    "consent": gettext_lazy("consent"),
    "order": gettext_lazy("sort order"),
    "case": gettext_lazy("case reference"),
    "username": gettext_lazy("user"),
    "action": gettext_lazy("what was done"),
}


def _cases(n: int) -> str:
    return ngettext("%(n)s case", "%(n)s cases", n) % {"n": n}


def _filters(names) -> str:
    return ", ".join(str(FILTERS.get(name, name.replace("_", " "))) for name in names)


def _role(state: dict) -> str:
    role = state.get("role")
    label = Role(role).label if role in Role.values else _("no role")
    return str(label) + (_(" (administrator)") if state.get("is_staff") else "")


def _search(detail: dict) -> str:
    screen = detail.get("screen")
    if screen == "repatriation_queue":
        text = _("Viewed the repatriation queue (%(cases)s)") % {
            "cases": _cases(len(detail.get("case_ids", [])))
        }
        stage = detail.get("stage")
        if stage in RepatriationStage.values:
            text += " · " + _("stage: %(stage)s") % {"stage": RepatriationStage(stage).label}
        if detail.get("site"):
            text += " · " + _("one place only")
        return text
    if screen == "repatriation_bulk":
        return _("Chose cases for a step taken on several at once (%(cases)s)") % {
            "cases": _cases(len(detail.get("case_ids", [])))
        }
    if screen == "embassy_history":
        return _("Viewed the embassy's history (%(cases)s)") % {
            "cases": _cases(len(detail.get("case_ids", [])))
        }
    if "duplicate_check" in detail:
        return _(
            "Checked an arrival against existing records: %(here)s possible here, %(elsewhere)s elsewhere"
        ) % {
            "here": detail.get("duplicate_check", 0),
            "elsewhere": detail.get("elsewhere", 0),
        }
    if "results" in detail:
        results = detail["results"]
        found = (
            _("more than %(n)s cases") % {"n": results} if detail.get("results_capped") else _cases(results)
        )
        if detail.get("filters"):
            return _("Searched the case list by %(filters)s (%(found)s)") % {
                "filters": _filters(detail["filters"]),
                "found": found,
            }
        return _("Opened the case list (%(found)s)") % {"found": found}
    return _("Searched records")


def _view(detail: dict) -> str:
    part = detail.get("part")
    if detail.get("screen") == "repatriation":
        return _("Opened the case's repatriation page")
    if part == "case_file" or part is None:
        return _("Opened the case file")
    # Referrals (referrals/): the sender's panel, and what a receiving organisation read.
    if part == "referrals":
        return _("Opened the case's referrals")
    if part == "referral:summary":
        return _("Opened a referral received")
    if part.startswith("referral:"):
        return _("Read the part “%(part)s” of a referral received") % {
            "part": part.removeprefix("referral:").replace("_", " ")
        }
    return _("Opened the interview at step “%(step)s”") % {"step": part.replace("_", " ")}


def _import(detail: dict) -> str:
    """An HTCDS import (exchange/): a file refused, a dry run shown, an import applied or cancelled."""
    stage = detail.get("stage")
    if stage == "dry_run":
        return _(
            "Checked an HTCDS file before importing it: %(rows)s rows, %(errors)s errors, "
            "%(matches)s rows matching someone registered"
        ) % {key: detail.get(key, "?") for key in ("rows", "errors", "matches")}
    if stage == "applied":
        return _("Imported an HTCDS file: %(created)s cases created, %(skipped)s matches skipped") % {
            key: detail.get(key, "?") for key in ("created", "skipped")
        }
    if stage == "cancelled":
        return _("Cancelled the import of an HTCDS file")
    return _("Uploaded an HTCDS file that could not be read")


def describe(entry: AccessLog) -> str:
    """Say in a sentence what `entry` records, from its action and stored details."""
    detail = entry.detail or {}
    action = entry.action
    if action == AccessLog.Action.SEARCH:
        return _search(detail)
    if action == AccessLog.Action.VIEW:
        return _view(detail)
    if action == AccessLog.Action.VIEW_NARRATIVE:
        if detail.get("reason"):
            return _("Read the interview narrative, giving the reason: %(reason)s") % {
                "reason": detail["reason"]
            }
        return _("Read the interview narrative")
    if action == AccessLog.Action.EXPORT:
        export = EXPORTS.get(detail.get("export"), detail.get("export", ""))
        fmt = str(detail.get("format", "")).upper()
        if "rows" in detail:
            rows = detail["rows"]
            return ngettext(
                "Exported %(export)s as %(format)s (%(rows)s row)",
                "Exported %(export)s as %(format)s (%(rows)s rows)",
                rows if isinstance(rows, int) else 2,
            ) % {"export": export, "format": fmt, "rows": rows}
        return _("Exported %(export)s") % {"export": export}
    if action == AccessLog.Action.REFUSED:
        if detail.get("method", "GET") != "GET":
            return _("Tried to change something their role may not change")
        return _("Asked for a page their role may not see")
    if action == AccessLog.Action.ROLE_CHANGE:
        return _("Changed the role of account %(account)s from %(before)s to %(after)s") % {
            "account": detail.get("user", "?"),
            "before": _role(detail.get("before") or {}),
            "after": _role(detail.get("after") or {}),
        }
    if action == AccessLog.Action.ENROLMENT:
        text = _("Issued an authenticator enrolment code for account %(account)s") % {
            "account": detail.get("account_id", "?")
        }
        if detail.get("authenticators_removed"):
            text += " · " + _("its previous authenticator apps were removed")
        return text
    if action == AccessLog.Action.IMPORT:
        return _import(detail)
    if action == AccessLog.Action.LOG_READ:
        if detail.get("filters"):
            return _("Searched the access log by %(filters)s") % {"filters": _filters(detail["filters"])}
        return _("Read the access log")
    return "; ".join(f"{key}: {value}" for key, value in detail.items())
