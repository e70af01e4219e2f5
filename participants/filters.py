"""django-filter filter set for the onboarding-course list and its export."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Industry, Municipality
from grants.models import Project
from participants.models import CourseQuerySet, OnboardingCourse

NO_OUTCOME = "none"


def member_projects(request: HttpRequest | None) -> QuerySet[Project]:
    if request is None:
        return Project.objects.none()
    return Project.objects.working_with_people(request.user)


def course_companies(request: HttpRequest | None) -> QuerySet[Company]:
    """Companies linked to the user's projects or with a course in one of them."""
    projects = member_projects(request)
    return (
        Company.objects.filter(Q(projects__in=projects) | Q(courses__project__in=projects))
        .distinct()
        .order_by("name", "pk")
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CourseFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period cannot end before it starts."))
        return data


class CourseFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(
        # django-filter takes a callable of the request too; its stubs know only a queryset.
        queryset=member_projects,  # type: ignore[arg-type]
        label=_("Project"),
        empty_label=_("All"),
    )
    reference = django_filters.CharFilter(
        field_name="participant__reference",
        lookup_expr="icontains",
        label=_("Participant reference contains"),
    )
    # Both dates together select the courses running at some time in the period: see
    # filter_queryset. Each alone leaves the period open at that end.
    period_from = django_filters.DateFilter(
        method="filter_period", label=_("Period from"), widget=DateInput
    )
    period_to = django_filters.DateFilter(
        method="filter_period", label=_("Period to"), widget=DateInput
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="participant__municipality",
        queryset=Municipality.objects.order_by("name"),
        label=_("Participant's municipality"),
        empty_label=_("All"),
    )
    company = django_filters.ModelChoiceFilter(
        queryset=course_companies,  # type: ignore[arg-type]
        label=_("Company"),
        empty_label=_("All"),
    )
    industry = django_filters.ModelChoiceFilter(
        field_name="company__industry",
        queryset=Industry.objects.order_by("name"),
        label=_("Company's industry"),
        empty_label=_("All"),
    )
    outcome = django_filters.ChoiceFilter(
        choices=[(NO_OUTCOME, _("No outcome yet")), *OnboardingCourse.Outcome.choices],
        method="filter_outcome",
        label=_("Outcome"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        choices=[("running", _("Running")), ("ended", _("Ended"))],
        method="filter_status",
        label=_("Status"),
        empty_label=_("All"),
    )

    class Meta:
        model = OnboardingCourse
        form = CourseFilterForm
        fields = [
            "project",
            "reference",
            "period_from",
            "period_to",
            "municipality",
            "company",
            "industry",
            "outcome",
            "status",
        ]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        start = self.form.cleaned_data.get("period_from")
        end = self.form.cleaned_data.get("period_to")
        if start or end:
            assert isinstance(queryset, CourseQuerySet)
            queryset = queryset.in_period(start or date.min, end or date.max)
        return queryset

    def filter_period(
        self, queryset: QuerySet[OnboardingCourse], name: str, value: date
    ) -> QuerySet[OnboardingCourse]:
        # The period needs both of its ends at once; filter_queryset applies it.
        return queryset

    def filter_outcome(
        self, queryset: CourseQuerySet, name: str, value: str
    ) -> QuerySet[OnboardingCourse]:
        if value == NO_OUTCOME:
            return queryset.filter(outcome="")
        return queryset.with_outcome(value)

    def filter_status(
        self, queryset: CourseQuerySet, name: str, value: str
    ) -> QuerySet[OnboardingCourse]:
        return queryset.running() if value == "running" else queryset.ended()
