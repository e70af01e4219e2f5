"""django-filter filter set for the onboarding-course list and its export."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import people_scope, scoped
from companies.models import Company, Industry, Municipality
from core.autocomplete import AutocompleteInput
from core.lists import SearchFilter
from grants.models import Project
from grants.public import project_filter
from participants.models import CourseQuerySet, OnboardingCourse

NO_OUTCOME = "none"
# Running, or past its end date, and no outcome recorded: the courses that wait for one.
AWAITING_OUTCOME = "awaiting_outcome"
# A suggestion as `company_suggestion` writes it, ending in the company's CVR number.
SUGGESTED_COMPANY = re.compile(r"(?s).*\((?P<cvr>[0-9]{8})\)\s*")
MIN_SEARCH_LENGTH = 2
MAX_SEARCH_LENGTH = 200


def member_projects(request: HttpRequest | None) -> QuerySet[Project]:
    if request is None:
        return Project.objects.none()
    return Project.objects.working_with_people(request.user)


def course_companies(request: HttpRequest | None) -> QuerySet[Company]:
    """Companies linked to the user's projects or with a course in one of them.

    One `id IN (… UNION …)`: an OR across the two joins made the database sort every company
    row to remove duplicates (a second for 250,000 courses), the union only ids.
    """
    if request is None:
        return Company.objects.none()
    scope = people_scope(request.user)
    links = scoped(Company.projects.through.objects.all(), scope).values("company_id")
    courses = OnboardingCourse.objects.visible_to(request.user).values("company_id")
    return Company.objects.filter(pk__in=links.order_by().union(courses.order_by())).order_by(
        "name", "pk"
    )


def company_search(text: str, prefix: str = "") -> Q:
    """The companies `text` names: a suggestion's "Name (CVR)", part of a name or a CVR number.

    `prefix` leads to the company, e.g. "company__" from a course.
    """
    chosen = SUGGESTED_COMPANY.fullmatch(text)
    if chosen is not None:
        return Q(**{f"{prefix}cvr": chosen["cvr"]})
    text = text.strip()
    return Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}cvr__startswith": text})


def awaiting_outcome(today: date) -> Q:
    """Courses with no outcome that run, or whose end date has passed by `today`."""
    return Q(outcome="") & (Q(end_date__isnull=True) | Q(end_date__lt=today))


def company_suggestion(company: Company) -> str:
    """How a suggestion names a company; `company_search` finds exactly that company by it."""
    return f"{company.name} ({company.cvr})"


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
    q = SearchFilter(
        fields=["participant__reference", "company__name", "company__cvr", "project__name"]
    )
    # A name with suggestions, not a list of every project (hundreds for the region's staff).
    project = project_filter(projects=member_projects)
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
    # A text field, not a list of every company (thousands): it works without JavaScript, and
    # its autocomplete offers the matching companies of the user's projects as one types.
    company = django_filters.CharFilter(
        method="filter_company",
        label=_("Company (name or CVR number)"),
        max_length=MAX_SEARCH_LENGTH,
        widget=AutocompleteInput(
            url=reverse_lazy("participants:course_company_suggestions"), with_id=False
        ),
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
        choices=[
            ("running", _("Running")),
            ("ended", _("Ended")),
            (AWAITING_OUTCOME, _("Awaiting an outcome")),
        ],
        method="filter_status",
        label=_("Status"),
        empty_label=_("All"),
    )

    class Meta:
        model = OnboardingCourse
        form = CourseFilterForm
        fields = [
            "q",
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

    def filter_company(
        self, queryset: QuerySet[OnboardingCourse], name: str, value: str
    ) -> QuerySet[OnboardingCourse]:
        return queryset.filter(company_search(value, prefix="company__"))

    def filter_outcome(
        self, queryset: CourseQuerySet, name: str, value: str
    ) -> QuerySet[OnboardingCourse]:
        if value == NO_OUTCOME:
            return queryset.filter(outcome="")
        return queryset.with_outcome(value)

    def filter_status(
        self, queryset: CourseQuerySet, name: str, value: str
    ) -> QuerySet[OnboardingCourse]:
        if value == AWAITING_OUTCOME:
            return queryset.filter(awaiting_outcome(timezone.localdate()))
        return queryset.running() if value == "running" else queryset.ended()
