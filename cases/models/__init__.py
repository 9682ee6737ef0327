"""The case work's tables. One module per idea; import from here."""

from cases.models.audit import AccessLog
from cases.models.case import (
    CLOSED_STATUSES,
    Case,
    CaseEvent,
    CaseQuerySet,
    CaseStatus,
    RepatriationStage,
    new_case_reference,
)
from cases.models.organisation import Organisation, OrganisationType, Role, Site, StaffProfile

__all__ = [
    "CLOSED_STATUSES",
    "AccessLog",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "CaseStatus",
    "Organisation",
    "OrganisationType",
    "RepatriationStage",
    "Role",
    "Site",
    "StaffProfile",
    "new_case_reference",
]
