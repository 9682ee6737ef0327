"""The services vocabulary's seeded labels, listed so that `make messages` extracts them.

Read back in the reader's language by `Service.__str__` (a `Term`) or, for a label from a
values() query, `intake.term_labels.vocabulary_label`. A migration that seeds or renames a
service lists its label here: tests/intake/test_term_labels.py fails otherwise.
"""

from django.utils.translation import gettext_noop

# referrals/migrations/0002_services_and_administrators.py, in its order.
SERVICES = (
    gettext_noop("Shelter"),
    gettext_noop("Medical care"),
    gettext_noop("Psychosocial support"),
    gettext_noop("Legal aid"),
    gettext_noop("Return assistance"),
    gettext_noop("Family tracing"),
    gettext_noop("Livelihood and reintegration"),
    gettext_noop("Other service"),
)
