"""Accounts and sessions: the second factor (enrolment codes, authenticators, recovery codes), the session
policy, one client address for the lockout and the access log, and the sign-in lockout's page."""
