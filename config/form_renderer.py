"""How form widgets are drawn: Django's own Jinja2 widget templates, for speed.

Django draws each widget from a template, and each option of a select from another one: with
the 249 countries of a nationality field, a form was a large part of a page's time in Django's
template language. Django ships the same widget templates for Jinja2, which renders them
several times faster (measured with `make bench`: docs/performance.md).
A widget whose template exists only for Django's engine (django-filter's date range) is
drawn by it, as before.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class WidgetRenderer(Jinja2):
    """Jinja2's widget templates where Django ships them; Django's template engine otherwise."""

    fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
