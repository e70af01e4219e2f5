# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The staff's list of calls: its table, its filters (programme, status, search) and the one
query that reads it, with each call's applications counted in the same query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.guards import AnyUser
from applications.models import Call, Request
from core.lists import SearchFilter
from grants.models import Programme

OPEN, UPCOMING, CLOSED, UNPUBLISHED = "open", "upcoming", "closed", "unpublished"
STATUS_CHOICES = [
    (OPEN, _("open")),
    (UPCOMING, _("upcoming")),
    (CLOSED, _("closed")),
    (UNPUBLISHED, _("not published")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


def call_status(call: Call, now: datetime) -> str:
    """Where `call` stands at `now`: open, upcoming, closed or not published."""
    if not call.published:
        return UNPUBLISHED
    if now < call.opens_at:
        return UPCOMING
    if now < call.closes_at:
        return OPEN
    return CLOSED


def status_condition(status: str, now: datetime) -> Q:
    published = Q(published=True)
    return {
        UNPUBLISHED: Q(published=False),
        UPCOMING: published & Q(opens_at__gt=now),
        OPEN: published & Q(opens_at__lte=now, closes_at__gt=now),
        CLOSED: published & Q(closes_at__lte=now),
    }[status]


def with_counts(calls: QuerySet[Call]) -> QuerySet[Call]:
    """`calls` with their draft and submitted applications counted (`drafts`, `submitted`)."""
    draft = Q(applications__status=Request.Status.DRAFT)
    return calls.annotate(
        drafts=Count("applications", filter=draft),
        submitted=Count("applications", filter=Q(applications__isnull=False) & ~draft),
    )


def call_list(user: AnyUser) -> QuerySet[Call]:
    """The calls `user` may see, with their programme and counts: one query."""
    return with_counts(Call.objects.visible_to(user).select_related("programme")).order_by(
        "-closes_at", "pk"
    )


class CallFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["title", "programme__name"])
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("name"), label=_("Programme"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, label=_("Status"), empty_label=_("All"), method="filter_status"
    )

    class Meta:
        model = Call
        fields = ["q", "programme", "status"]

    def filter_status(self, queryset: QuerySet[Call], name: str, value: Any) -> QuerySet[Call]:
        return queryset.filter(status_condition(value, timezone.now())) if value else queryset


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


COUNT = {"td": {"class": "amount"}, "th": {"class": "amount"}}


class CallTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Call"))
    programme = tables.Column(verbose_name=_("Programme"))
    opens_at = tables.Column(verbose_name=_("Opens"))
    closes_at = tables.Column(verbose_name=_("Closes"))
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)
    drafts = tables.Column(verbose_name=_("Drafts"), attrs=COUNT)
    submitted = tables.Column(verbose_name=_("Submitted"), attrs=COUNT)

    class Meta:
        model = Call
        fields = ["title", "programme", "opens_at", "closes_at", "status", "drafts", "submitted"]
        order_by = ["-closes_at"]
        empty_text = _("There are no calls yet.")
        attrs = {"class": "table table--compact", "data-testid": "calls"}

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def render_opens_at(self, value: datetime) -> str:
        return _when(value)

    def render_closes_at(self, value: datetime) -> str:
        return _when(value)

    def render_status(self, record: Call) -> str:
        return str(STATUS_LABELS[call_status(record, self.now)])
