"""``{{ count|small_count }}``: the one small-count rule (reporting/small_counts.py) in templates."""

from django import template

from reporting.small_counts import small_count_text

register = template.Library()


@register.filter
def small_count(count: int | None) -> str:
    """Show a count of persons, "<5" when it is from 1 to 4."""
    return small_count_text(count)
