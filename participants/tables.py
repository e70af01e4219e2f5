"""django-tables2 table for the onboarding-course list."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from participants.models import OnboardingCourse


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
    start_date = tables.DateColumn(
        verbose_name=_("Start"), short=True, order_by=("start_date", "pk")
    )
    end_date = tables.DateColumn(
        verbose_name=_("End"), short=True, default=_("running"), order_by=("end_date", "pk")
    )
    mentor = tables.Column(verbose_name=_("Mentor"))
    outcome = tables.Column(verbose_name=_("Outcome"), default="–")
    outcome_date = tables.DateColumn(verbose_name=_("Outcome date"), short=True, default="–")

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

    def render_mentor(self, value: bool) -> str:
        # Words, not check marks: a screen reader reads them as they are meant.
        return str(_("yes") if value else _("no"))
