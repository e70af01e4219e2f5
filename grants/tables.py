"""django-tables2 tables for the grants lists, and the cell signatures every table shares."""

from collections.abc import Callable
from datetime import date
from typing import Any

import django_tables2 as tables
import django_tables2.utils
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from grants.models import GrantDecision, Project

Signature = tuple[tuple[str, ...], str | None]
_signature: Callable[[Callable[..., Any]], Signature] = django_tables2.utils.signature
_signatures: dict[tuple[object, bool], Signature] = {}
MAX_SIGNATURES = 1024


def cell_signature(fn: Callable[..., Any]) -> Signature:
    """django-tables2's `signature`, worked out once per function instead of once per cell.

    For every cell django-tables2 asks `inspect.signature` which arguments the column's render
    method takes: a third of a 25-row list page's time went there. A function's signature never
    changes, so it is kept: a bound method (a new one at each access) by its function, apart
    from the function itself, whose signature still names `self`.
    """
    bound = hasattr(fn, "__func__")
    key = (getattr(fn, "__func__", fn), bound)
    try:
        return _signatures[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: asked each time, as django-tables2 does
        return _signature(fn)
    found = _signature(fn)
    if len(_signatures) < MAX_SIGNATURES:  # bounded, should callables be made per request
        _signatures[key] = found
    return found


# Every table of the site is rendered through `call_with_appropriate`, which looks this up in
# its own module; companies' and participants' tables import this module, so it holds for them.
django_tables2.utils.signature = cell_signature


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Project"))
    programme = tables.Column(verbose_name=_("Programme"))
    decision_count = tables.Column(
        verbose_name=_("Decisions"), attrs={"td": {"class": "align-text-right"}}
    )

    class Meta:
        model = Project
        fields = ["name", "programme", "decision_count"]
        order_by = ["name"]


class DecisionTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Decision"))
    project = tables.Column(verbose_name=_("Project"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    deciding_body = tables.Column(verbose_name=_("Deciding body"))
    # A plain column with a render method: DateColumn renders a template for every cell.
    decided_on = tables.Column(verbose_name=_("Date"))
    status = tables.Column(verbose_name=_("Status"))
    period = tables.Column(
        verbose_name=_("Period"), accessor="first_year", order_by=("first_year", "last_year")
    )

    class Meta:
        model = GrantDecision
        fields = ["title", "project", "kind", "deciding_body", "decided_on", "period", "status"]
        order_by = ["project", "first_year"]

    def render_decided_on(self, value: date) -> str:
        return date_format(value, "j. F Y")

    def render_period(self, record: GrantDecision) -> str:
        if record.first_year == record.last_year:
            return str(record.first_year)
        return f"{record.first_year}–{record.last_year}"
