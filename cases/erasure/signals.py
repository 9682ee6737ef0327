"""What erasure tells the apps that keep parts of a case of their own.

cases does not import the apps above it (docs/architecture.md); an app whose records hold free
text about a person listens here and clears it in the same transaction.
"""

from django.dispatch import Signal

# Sent inside the transaction that anonymises a closed case, before it commits: case.
case_anonymised = Signal()
