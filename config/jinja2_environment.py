"""The Jinja2 engine, for the few templates drawn many times a page (the case list's rows).

Django's template language spends most of each row of the case list looking names up; Jinja2
compiles a template to Python and draws the same row several times faster, which the case
list's page time shows (docs/performance.md). Pages stay in Django's language; a view hands a
list's rows to a Jinja2 template under templates/jinja2/ with
``render_to_string(..., using="jinja2")``.

What those templates can call mirrors the Django tags they replace: ``url()`` for
``{% url %}``, ``_()`` and ``ngettext()`` for ``{% translate %}``, and the filters ``date``
(Django's, localised) and ``staff_name`` (cases.templatetags.staff).
"""

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from cases.templatetags.staff import staff_name


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["url"] = url
    env.filters.update(date=date, staff_name=staff_name)
    return env
