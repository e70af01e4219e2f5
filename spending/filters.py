"""django-filter filter sets for the spending lists."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter
from grants.models import Project
from grants.public import project_filter
from spending.models import Payment, ReportingDeadline, SpendingReport


def visible_projects(request: HttpRequest | None) -> QuerySet[Project]:
    if request is None:
        return Project.objects.none()
    return Project.objects.visible_to(request.user)


class ReportFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["project__name"])
    # A name with suggestions, not a list of every project (hundreds for the region's staff).
    project = project_filter(projects=visible_projects)
    status = django_filters.ChoiceFilter(
        choices=SpendingReport.Status.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = SpendingReport
        fields = ["q", "project", "status"]


class DeadlineFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["project__name"])
    # A name with suggestions, not a list of every project (hundreds for the region's staff).
    project = project_filter(projects=visible_projects)
    final = django_filters.BooleanFilter(label=_("Final report"))

    class Meta:
        model = ReportingDeadline
        fields = ["q", "project", "final"]


class PaymentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["project__name", "funding_source__name"])
    # A name with suggestions, not a list of every project (hundreds for the region's staff).
    project = project_filter(projects=visible_projects)
    status = django_filters.ChoiceFilter(
        choices=Payment.Status.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = Payment
        fields = ["q", "project", "status"]
