"""The repatriation workflow's rules, registered with the access policy (from CasesConfig.ready).

The workflow (cases/repatriation/workflow.py) names the side each transition belongs to;
here each role acts for one side: caseworkers for the NGO, liaisons for their embassy. A
transition also changes one record, so it needs `record_visible` too: a liaison acts only
on their consenting nationals. Asked without a case, the permission answers for the role.
"""

import rules

from cases.access import record_visible, role_of
from cases.models import Role
from cases.repatriation.workflow import TRANSITIONS, Side

SIDE_OF_ROLE = {Role.CASEWORKER: Side.NGO, Role.LIAISON: Side.EMBASSY}


def transition_permission(name: str) -> str:
    """Return the permission that allows the repatriation transition `name`."""
    return f"cases.repatriation_{name}"


def side_of(user) -> str | None:
    """Return the side of the repatriation work `user` acts for, or None."""
    return SIDE_OF_ROLE.get(role_of(user))


def _acts_for(sides: frozenset[str]) -> rules.Predicate:
    return rules.Predicate(lambda user: side_of(user) in sides, name="acts_for_" + "_or_".join(sorted(sides)))


for _transition in TRANSITIONS.values():
    rules.add_perm(transition_permission(_transition.name), _acts_for(_transition.sides) & record_visible)
