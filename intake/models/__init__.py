"""The survivor record. One module per part of the story; import from here."""

from intake.models.interview import Consent, Interview
from intake.models.journey import (
    Debt,
    Exploitation,
    IndicatorObservation,
    Recruitment,
    chain_control_methods,
)
from intake.models.person import (
    Alias,
    ArrivalGroup,
    MatchKey,
    Nationality,
    Person,
    full_name,
    minor_condition,
    native_name,
    urgent_condition,
)
from intake.models.reference import Compound, ControlMethod, ExploitationType, Language, RecruitmentChannel

__all__ = [
    "Alias",
    "ArrivalGroup",
    "Compound",
    "Consent",
    "ControlMethod",
    "Debt",
    "Exploitation",
    "ExploitationType",
    "IndicatorObservation",
    "Interview",
    "Language",
    "MatchKey",
    "Nationality",
    "Person",
    "Recruitment",
    "RecruitmentChannel",
    "chain_control_methods",
    "full_name",
    "minor_condition",
    "native_name",
    "urgent_condition",
]
