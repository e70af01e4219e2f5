# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""django-tables2 tables for the set-up lists."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from grants.models import DecisionBody, FundingSource, Indicator, Organisation, Programme

COUNT = {"td": {"class": "amount"}, "th": {"class": "amount"}}


class ProgrammeTable(tables.Table):
    name = tables.Column(
        linkify=("grants:programme_update", [tables.A("pk")]), verbose_name=_("Programme")
    )
    pool = tables.Column(verbose_name=_("Pool"))
    period = tables.Column(
        verbose_name=_("Period"),
        accessor="first_year",
        order_by=("first_year", "last_year"),
        empty_values=(),
    )
    project_count = tables.Column(verbose_name=_("Projects"), attrs=COUNT)
    categories = tables.Column(
        verbose_name=_("Cost categories"),
        accessor="pk",
        orderable=False,
        linkify=("spending:category_list", [tables.A("pk")]),
    )
    indicators = tables.Column(
        verbose_name=_("Indicators"),
        accessor="pk",
        orderable=False,
        linkify=("grants:programme_indicators", [tables.A("pk")]),
    )

    class Meta:
        model = Programme
        fields = ["name", "pool", "period", "project_count", "categories", "indicators"]
        order_by = ["name"]
        empty_text = _("There are no programmes yet.")

    def render_period(self, record: Programme) -> str:
        return record.period or "—"

    def render_categories(self, record: Programme) -> str:
        return str(_("Cost categories and finance"))

    def render_indicators(self, record: Programme) -> str:
        return str(_("Choose indicators"))


class IndicatorTable(tables.Table):
    code = tables.Column(
        linkify=("grants:indicator_update", [tables.A("pk")]), verbose_name=_("Code")
    )
    name = tables.Column(verbose_name=_("Name"), accessor="pk", orderable=False)
    unit = tables.Column(verbose_name=_("Unit"))
    kind = tables.Column(verbose_name=_("Kind"))
    measurement = tables.Column(verbose_name=_("Measured"))
    programme_count = tables.Column(verbose_name=_("Programmes"), attrs=COUNT)

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "kind", "measurement", "programme_count"]
        order_by = ["code"]
        empty_text = _("There are no indicators yet.")

    def render_name(self, record: Indicator) -> str:
        return record.name

    def render_measurement(self, record: Indicator) -> str:
        if record.computed:
            return f"{record.get_measurement_display()}: {record.get_measure_display()}"
        return str(record.get_measurement_display())


class OrganisationTable(tables.Table):
    name = tables.Column(
        linkify=("grants:organisation_update", [tables.A("pk")]), verbose_name=_("Organisation")
    )
    cvr = tables.Column(verbose_name=_("CVR number"))
    address = tables.Column(verbose_name=_("Address"))
    project_count = tables.Column(verbose_name=_("Projects"), attrs=COUNT)

    class Meta:
        model = Organisation
        fields = ["name", "cvr", "address", "project_count"]
        order_by = ["name"]
        empty_text = _("No organisation matches.")


class FundingSourceTable(tables.Table):
    name = tables.Column(
        linkify=("grants:fundingsource_update", [tables.A("pk")]), verbose_name=_("Funding source")
    )
    kind = tables.Column(verbose_name=_("Kind"))
    recommendation_phrase = tables.Column(verbose_name=_("Phrase in recommendations"))
    order = tables.Column(verbose_name=_("Order"), attrs=COUNT)
    project_count = tables.Column(verbose_name=_("Projects"), attrs=COUNT)
    delete = tables.Column(
        verbose_name=_("Actions"),
        accessor="pk",
        orderable=False,
        linkify=("grants:fundingsource_delete", [tables.A("pk")]),
    )

    class Meta:
        model = FundingSource
        fields = ["name", "kind", "recommendation_phrase", "order", "project_count", "delete"]
        order_by = ["order"]
        empty_text = _("No funding source matches.")

    def render_delete(self, record: FundingSource) -> SafeString:
        return format_html('{}<span class="sr-only"> {}</span>', _("Delete"), record.name)


class DecisionBodyTable(tables.Table):
    name = tables.Column(
        linkify=("grants:decisionbody_update", [tables.A("pk")]), verbose_name=_("Decision body")
    )
    code = tables.Column(verbose_name=_("Short name"))
    retired = tables.Column(verbose_name=_("Retired"))
    order = tables.Column(verbose_name=_("Order"), attrs=COUNT)
    meeting_count = tables.Column(verbose_name=_("Meetings"), attrs=COUNT)
    decision_count = tables.Column(verbose_name=_("Decisions"), attrs=COUNT)
    delete = tables.Column(
        verbose_name=_("Actions"),
        accessor="pk",
        orderable=False,
        linkify=("grants:decisionbody_delete", [tables.A("pk")]),
    )

    class Meta:
        model = DecisionBody
        fields = ["name", "code", "retired", "order", "meeting_count", "decision_count", "delete"]
        order_by = ["order"]
        empty_text = _("No decision body matches.")

    def render_retired(self, value: bool) -> str:
        return str(_("yes") if value else _("no"))

    def render_delete(self, record: DecisionBody) -> SafeString:
        return format_html('{}<span class="sr-only"> {}</span>', _("Delete"), record.name)
