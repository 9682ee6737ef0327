"""Accounts and sessions: the second factor, the session policy and the sign-in lockout's page."""
