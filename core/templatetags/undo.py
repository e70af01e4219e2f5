"""The undo button of a message (`core.undo`)."""

from django import template
from django.contrib.messages.storage.base import Message

from core import undo

register = template.Library()


@register.filter
def undo_url(message: Message) -> str:
    """The address the message's undo button POSTs to, or "" when it offers none."""
    return undo.undo_url(message)
