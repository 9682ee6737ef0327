"""The user as the application loads it for a signed-in request: permissions the policy answers."""

import rules
from django.contrib.auth.models import User


class PolicyUser(User):
    """A user whose permissions over survivor records are answered by the access policy alone.

    Django's `User.has_perm` answers True to every permission of an active superuser before
    it asks any authentication backend, so a superuser would pass every check of the access
    policy (cases/access.py) and read any record. The policy registers its permissions with
    `rules`; for those, this class asks the policy and nothing else, whatever the account's
    flags. Every other permission (the admin site's models) keeps Django's answer, superusers
    included. The authentication backend loads signed-in users as this class.
    """

    class Meta:
        proxy = True
        verbose_name = "user"

    def has_perm(self, perm: str, obj=None) -> bool:
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)
