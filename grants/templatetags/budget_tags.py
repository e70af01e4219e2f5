"""Template filters of the budget-and-financing table."""

from django import template

from grants.budget import Column
from grants.layout import column_label

register = template.Library()


@register.filter
def column_title(column: Column) -> str:
    """A column's heading: its year, or the total's label."""
    return column_label(column)
