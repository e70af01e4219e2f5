# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""django-tables2 tables for the set-up lists."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from grants.models import Organisation, Programme

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

    class Meta:
        model = Programme
        fields = ["name", "pool", "period", "project_count"]
        order_by = ["name"]
        empty_text = _("There are no programmes yet.")

    def render_period(self, record: Programme) -> str:
        return record.period or "—"


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
