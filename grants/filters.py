"""django-filter filter sets for the grants lists."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grants.models import GrantDecision, Programme, Project


class ProjectFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name contains"))
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme"), empty_label=_("All")
    )

    class Meta:
        model = Project
        fields = ["name", "programme"]


class DecisionFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        queryset=Programme.objects.all(),
        label=_("Programme"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        choices=GrantDecision.Status.choices, label=_("Status"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=GrantDecision.Kind.choices, label=_("Kind"), empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = GrantDecision
        fields = ["programme", "status", "kind", "year"]

    def filter_year(
        self, queryset: QuerySet[GrantDecision], name: str, value: Any
    ) -> QuerySet[GrantDecision]:
        return queryset.filter(first_year__lte=value, last_year__gte=value)
