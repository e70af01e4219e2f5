"""django-tables2 table for the company list."""

from __future__ import annotations

from datetime import date

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import Company


def _yes_no(value: bool) -> str:
    # Words, not ✔/✘ glyphs: a screen reader reads them and they survive copying.
    return gettext("Yes") if value else gettext("No")


class CompanyTable(tables.Table):
    name = tables.Column(
        linkify=("companies:company_detail", [tables.A("pk")]), verbose_name=_("Company")
    )
    cvr = tables.Column(verbose_name=_("CVR number"))
    municipality = tables.Column(verbose_name=_("Municipality"), order_by=("municipality__name",))
    industry = tables.Column(verbose_name=_("Industry"), order_by=("industry__name",))
    social_economy = tables.Column(verbose_name=_("Social economy"))
    pioneer = tables.Column(verbose_name=_("Pioneer"))
    # A plain column with a render method: DateColumn renders a template for every cell.
    inclusion_started_on = tables.Column(verbose_name=_("Inclusion since"))
    project_count = tables.Column(
        verbose_name=_("Projects"), attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "cvr",
            "municipality",
            "industry",
            "social_economy",
            "pioneer",
            "inclusion_started_on",
            "project_count",
        ]
        order_by = ["name"]

    def render_inclusion_started_on(self, value: date) -> str:
        return date_format(value, "DATE_FORMAT")

    def render_social_economy(self, value: bool) -> str:
        return _yes_no(value)

    def render_pioneer(self, value: bool) -> str:
        return _yes_no(value)
