"""django-filter filter sets of the set-up lists: organisations (by name or CVR number) and the
region's funding sources (by name or phrase, and kind)."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from grants.models import DecisionBody, FundingSource, Organisation

# What may sit between a CVR number's digits when typed: spaces, dashes, a DK prefix.
CVR_NOISE = re.compile(r"[\s\-]|^DK", re.IGNORECASE)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Name or CVR number"),
        max_length=200,
        help_text=_("Part of the name, or the CVR number's first digits."),
    )

    class Meta:
        model = Organisation
        fields = ["q"]

    def search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        text = value.strip()
        if not text:
            return queryset
        condition = Q(name__icontains=text)
        digits = CVR_NOISE.sub("", text)
        if digits.isascii() and digits.isdigit():
            condition |= Q(cvr__startswith=digits)
        return queryset.filter(condition)


class FundingSourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Name or phrase"),
        max_length=200,
        help_text=_("Part of the name, or of the phrase in recommendations."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FundingSource.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = FundingSource
        fields = ["q", "kind"]

    def search(
        self, queryset: QuerySet[FundingSource], name: str, value: str
    ) -> QuerySet[FundingSource]:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(recommendation_phrase__icontains=text))


class DecisionBodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Name or short name"),
        max_length=200,
        help_text=_("Part of the name or of the short name."),
    )
    state = django_filters.ChoiceFilter(
        label=_("Offered"),
        choices=[("offered", _("Offered for new meetings")), ("retired", _("Retired"))],
        empty_label=_("All bodies"),
        method="in_state",
    )

    class Meta:
        model = DecisionBody
        fields = ["q", "state"]

    def in_state(
        self, queryset: QuerySet[DecisionBody], name: str, value: str
    ) -> QuerySet[DecisionBody]:
        return queryset.filter(retired=value == "retired")

    def search(
        self, queryset: QuerySet[DecisionBody], name: str, value: str
    ) -> QuerySet[DecisionBody]:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(code__icontains=text))
