"""django-tables2 tables for the grants lists."""

from datetime import date

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from grants.models import Case, GrantDecision, Project


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
    deciding_body = tables.Column(
        verbose_name=_("Deciding body"), order_by=("deciding_body__order", "deciding_body__name")
    )
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
        return date_format(value, "DATE_FORMAT")

    def render_period(self, record: GrantDecision) -> str:
        if record.first_year == record.last_year:
            return str(record.first_year)
        return f"{record.first_year}–{record.last_year}"


class CaseTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Case"))
    project = tables.Column(
        accessor="project__name", verbose_name=_("Project"), order_by=("project__name", "pk")
    )
    # A plain column with a render method: DateColumn renders a template for every cell.
    meeting_date = tables.Column(verbose_name=_("Meeting date"), default="–")
    case_number = tables.Column(verbose_name=_("Case number"), default="–")
    decision_count = tables.Column(
        verbose_name=_("Decisions"), attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}
    )

    class Meta:
        model = Case
        fields = ["title", "project", "meeting_date", "case_number", "decision_count"]
        order_by = ["-meeting_date"]

    def render_meeting_date(self, value: date) -> str:
        return date_format(value, "j. F Y")
