"""Signals through which the survivor record tells the case work what happened to it.

intake does not import cases (ARCHITECTURE.md); cases listens to these and writes its
case events and access log in the same transaction.
"""

from django.dispatch import Signal

# Sent inside the transaction of a change: person, actor, part (an interview step's slug).
record_changed = Signal()

# Sent when a screen shows a survivor's record: request, person, part.
record_viewed = Signal()
