"""The case work's tables. One module per idea; import from here."""

from cases.models.access_log import AccessLog
from cases.models.account import PolicyUser
from cases.models.case import (
    CLOSED_STATUSES,
    CLOSURE_STATUS,
    Case,
    CaseEvent,
    CaseQuerySet,
    CaseStatus,
    ClosureReason,
    RepatriationStage,
    case_scopes_register,
    new_case_reference,
)
from cases.models.erasure import ErasureRequest
from cases.models.money import REPORTING_CURRENCY, ExchangeRate
from cases.models.notification import DigestDelivery, InboxItem, Notification
from cases.models.organisation import Organisation, OrganisationType, Role, Site, StaffProfile
from cases.models.release import AnonymisedRelease, ReleaseImmutableError

__all__ = [
    "CLOSED_STATUSES",
    "CLOSURE_STATUS",
    "REPORTING_CURRENCY",
    "AccessLog",
    "AnonymisedRelease",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "CaseStatus",
    "ClosureReason",
    "DigestDelivery",
    "ErasureRequest",
    "ExchangeRate",
    "InboxItem",
    "Notification",
    "Organisation",
    "OrganisationType",
    "PolicyUser",
    "ReleaseImmutableError",
    "RepatriationStage",
    "Role",
    "Site",
    "StaffProfile",
    "case_scopes_register",
    "new_case_reference",
]
