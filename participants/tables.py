"""django-tables2 table for the onboarding-course list."""

from __future__ import annotations

from datetime import date

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from participants.models import OnboardingCourse


def short_date(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


class CourseTable(tables.Table):
    reference = tables.Column(
        accessor="participant__reference",
        verbose_name=_("Participant"),
        linkify=("participants:participant_detail", [tables.A("participant_id")]),
        order_by=("participant__reference", "pk"),
        default=_("erased participant"),
    )
    project = tables.Column(
        accessor="project__name", verbose_name=_("Project"), order_by=("project__name", "pk")
    )
    company = tables.Column(
        accessor="company__name", verbose_name=_("Company"), order_by=("company__name", "pk")
    )
    municipality = tables.Column(
        accessor="participant__municipality__name",
        verbose_name=_("Municipality"),
        order_by=("participant__municipality__name", "pk"),
    )
    # Plain columns with a render method: DateColumn renders a template for every cell.
    start_date = tables.Column(verbose_name=_("Start"), order_by=("start_date", "pk"))
    end_date = tables.Column(
        verbose_name=_("End"), default=_("running"), order_by=("end_date", "pk")
    )
    mentor = tables.Column(verbose_name=_("Mentor"))
    outcome = tables.Column(verbose_name=_("Outcome"), default="–")
    outcome_date = tables.Column(verbose_name=_("Outcome date"), default="–")

    class Meta:
        model = OnboardingCourse
        fields = [
            "reference",
            "project",
            "company",
            "municipality",
            "start_date",
            "end_date",
            "mentor",
            "outcome",
            "outcome_date",
        ]
        order_by = ["-start_date"]

    def render_start_date(self, value: date) -> str:
        return short_date(value)

    def render_end_date(self, value: date) -> str:
        return short_date(value)

    def render_outcome_date(self, value: date) -> str:
        return short_date(value)

    def render_mentor(self, value: bool) -> str:
        # Words, not check marks: a screen reader reads them as they are meant.
        return str(_("yes") if value else _("no"))
