"""The accounts app in the admin site: staff accounts and roles, groups, second-factor enrolment codes."""

from accounts.admin import enrolment, staff  # noqa: F401  (each registers its ModelAdmins)
