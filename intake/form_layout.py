"""How forms are laid out: crispy layouts rendered inside a <form> the template holds."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout


def inline_helper(*layout) -> FormHelper:
    """A crispy helper for a form the template wraps in its own <form> with its own buttons.

    Several forms often share one <form> (an interview step's forms, a formset), so none
    renders the tag or the CSRF token itself.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def row(*fields) -> Div:
    """Fields side by side in equal columns on a tablet or wider, stacked on a phone."""
    width = 12 // len(fields)
    return Div(*(Div(field, css_class=f"col-md-{width}") for field in fields), css_class="row")
