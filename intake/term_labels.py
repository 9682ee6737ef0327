"""The editable vocabularies' labels in the reader's language.

The vocabularies (recruitment channels, types of exploitation, methods of control, and the
services of referrals, which reuse `Term`) keep their labels in the database, seeded in English
by migrations. The seeded labels are listed below with `gettext_noop`, so that `make messages`
extracts them into every catalogue; `vocabulary_label` reads a stored label back in the active
language. A label an administrator typed later has no catalogue entry and shows as typed.

A migration that seeds or renames a term lists its label here (or, for a vocabulary of an app
above intake, in that app's own `term_labels` module): tests/intake/test_term_labels.py fails
on a seeded label that is not listed. Exports keep codes and HTCDS values, never these labels.
"""

from django.utils.translation import gettext, gettext_noop


def vocabulary_label(label: str) -> str:
    """Return a stored vocabulary label in the active language; as stored when no catalogue has it."""
    # gettext("") would return the catalogue's header, not an empty label.
    return gettext(label) if label else label


# intake/migrations/0002_reference_vocabularies.py, in its order.
RECRUITMENT_CHANNELS = (
    gettext_noop("Online job advertisement"),
    gettext_noop("Social media or messaging contact"),
    gettext_noop("Recruiting agent or agency"),
    gettext_noop("Friend or acquaintance"),
    gettext_noop("Family member"),
    gettext_noop("Offer of a free trip or cheap flight"),
    gettext_noop("Recruited by a worker buying their own release"),
    gettext_noop("At work"),
    gettext_noop("At a place of business"),
    gettext_noop("At a school or college"),
    gettext_noop("Television advertisement"),
    gettext_noop("Newspaper advertisement"),
    gettext_noop("Other"),
)

EXPLOITATION_TYPES = (
    gettext_noop('Forced criminality: romance or "pig-butchering" scams'),
    gettext_noop("Forced criminality: crypto-investment fraud"),
    gettext_noop("Forced criminality: illegal online gambling"),
    gettext_noop("Forced labour (other)"),
    gettext_noop("Sexual exploitation"),
    gettext_noop("Child labour"),
    gettext_noop("Forced marriage"),
    gettext_noop("Servitude"),
    gettext_noop("Forced military service by non-state actors"),
    gettext_noop("Organ removal"),
    gettext_noop("Forced begging"),
    gettext_noop("Forced adoption"),
    gettext_noop("Surrogacy"),
    gettext_noop("Other"),
)

CONTROL_METHODS = (
    gettext_noop("Withholds identity documents"),
    gettext_noop("Debt bondage"),
    gettext_noop("Restricts movement (guarded compound, no exit)"),
    gettext_noop("Physical abuse"),
    gettext_noop("Physical threats"),
    gettext_noop("Threatens children or family"),
    gettext_noop("Threats of arrest or deportation"),
    gettext_noop("Sexual abuse"),
    gettext_noop("Psychological abuse"),
    gettext_noop("Excessive working hours"),
    gettext_noop("Takes earnings"),
    gettext_noop("Restricts access to money"),
    gettext_noop("Withholds food, water or sleep"),
    gettext_noop("Restricts medical care"),
    gettext_noop("Psychoactive substances"),
    gettext_noop("False promises"),
    gettext_noop("Other"),
)

# Compounds are proper names and stay as written (KK Park, Shwe Kokko...), except the seeded
# entries that are words rather than names.
COMPOUNDS = (
    gettext_noop("Sihanoukville compounds"),
    gettext_noop("Other or unknown site"),
)

TERM_LABELS = frozenset(RECRUITMENT_CHANNELS + EXPLOITATION_TYPES + CONTROL_METHODS)
