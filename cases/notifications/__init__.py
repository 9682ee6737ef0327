"""Notifications to embassy liaisons: the outbox written with each event, delivery by Celery.

- outbox.py: which events need which liaisons; rows written in the event's transaction.
- queueing.py: delivery tasks queued after commit, never mid-transaction.
- services.py: delivery (in-app inbox and email), the sweep, the daily digest. Idempotent.
- emails.py: what an email says: a link and a count, never survivor data.
- registry.py: kinds a feature above cases owns (referrals: to caseworkers), with its own rule
  of whom a row still concerns and where it leads.
"""
