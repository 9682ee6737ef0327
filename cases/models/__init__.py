"""The case work's tables. One module per idea; import from here."""

from cases.models.access_log import AccessLog
from cases.models.account import PolicyUser
from cases.models.case import (
    CLOSED_STATUSES,
    Case,
    CaseEvent,
    CaseQuerySet,
    CaseStatus,
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
    "REPORTING_CURRENCY",
    "AccessLog",
    "AnonymisedRelease",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "CaseStatus",
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
