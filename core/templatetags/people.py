"""`{{ user|person }}`: a person's name in a template (see `core.people`)."""

from __future__ import annotations

from django import template

from core.people import Person, person_name

register = template.Library()


@register.filter
def person(user: Person | None) -> str:
    """The user's full name, their login name when they have none, "–" without a user."""
    return person_name(user or None)
