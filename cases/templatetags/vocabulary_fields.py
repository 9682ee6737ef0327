"""Form fields whose options are a fixed vocabulary, drawn once per value and language.

crispy-forms draws a field from a dozen templates, and a select from a template for each
option: the case list's filters were the slowest part of its page, most of it redrawing the
same 249 countries. A field whose options are the same for every user and every visit comes out the
same for the same form, value and language, so its drawing is kept in this process and reused.

Which fields may be kept is an explicit list, ``KEEPABLE`` (screen, field name): only fields
over a fixed vocabulary (countries, statuses, stages, a sort order, a checkbox) and inputs
that are kept only while empty. A field that is not listed is drawn each time, as
``as_crispy_field`` draws it, whatever its kind: a choice whose options depend on the user (an
organisation, a caseworker, anything read from the database or the user's role) would
otherwise show one user's options to the next. A field with errors, or text typed in (a
search is never kept), is drawn each time too.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.translation import get_language

register = template.Library()

# (screen, field name) pairs whose drawing may be shared between users: fixed vocabularies only.
# Add a pair only for a field whose options are the same for every user of the screen.
KEEPABLE: frozenset[tuple[str, str]] = frozenset(
    ("case_list", name)
    for name in (
        "q",  # kept only while empty (text is never kept)
        "nationality",  # ISO 3166 countries
        "order",  # four fixed sort orders
        "status",  # CaseStatus
        "stage",  # RepatriationStage
        "consent",  # ConsentState
        "arrived",  # two dates, kept only while empty
        "minors",  # a checkbox
        "urgent",  # a checkbox
    )
)

_DRAWN: dict[tuple, str] = {}
# Keys are bounded by the vocabularies (valid values only: a field with errors is not kept), some
# 4 MB a language with the 249 countries; this bounds odd checkbox values sent in URLs.
_DRAWN_MAX = 2048


def _keepable(screen: str, field: forms.BoundField, value) -> bool:
    if (screen, field.name) not in KEEPABLE:
        return False
    kind = field.field
    if isinstance(kind, forms.ModelChoiceField) or field.errors:
        return False
    if isinstance(kind, forms.ChoiceField | forms.BooleanField | forms.NullBooleanField):
        return True
    return not any(value) if isinstance(value, list | tuple) else value in (None, "")  # empty text


@register.filter
def as_crispy_vocabulary_field(field: forms.BoundField, screen: str) -> str:
    """As crispy-forms' ``as_crispy_field``, kept per screen, field, value and language when listed.

    `screen` names the form the field belongs to (``"case_list"``): form classes are no key, as
    django-filter builds a new one for each visit.
    """
    value = field.value()
    if not _keepable(screen, field, value):
        return as_crispy_field(field)
    if isinstance(value, list | tuple):
        value = tuple(str(part) for part in value)
    key = (screen, field.html_name, str(value), get_language())
    drawn = _DRAWN.get(key)
    if drawn is None:
        if len(_DRAWN) >= _DRAWN_MAX:
            _DRAWN.clear()
        drawn = _DRAWN[key] = as_crispy_field(field)
    return drawn
