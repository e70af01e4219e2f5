"""django-filter filter set for the company list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from companies.models import Company, Industry, LabourMarketArea, Municipality
from core.lists import SearchFilter
from grants.public import project_filter, visible_projects


class YesNoAllWidget(BooleanWidget):
    """Yes / No, and "All" rather than django-filter's "Unknown" for no choice."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class CompanyFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "cvr", "municipality__name", "industry__name"])
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(), label=_("Municipality"), empty_label=_("All")
    )
    industry = django_filters.ModelChoiceFilter(
        queryset=Industry.objects.all(), label=_("Industry"), empty_label=_("All")
    )
    labour_market_area = django_filters.ModelChoiceFilter(
        queryset=LabourMarketArea.objects.all(),
        label=_("Labour-market area"),
        empty_label=_("All"),
    )
    social_economy = django_filters.BooleanFilter(
        label=_("Social-economy enterprise"),
        widget=YesNoAllWidget(),
    )
    pioneer = django_filters.BooleanFilter(label=_("Pioneer company"), widget=YesNoAllWidget())
    # The projects the user may read, as in the project list: another project's name, or which
    # companies take part in it, is not the user's to see. A name with suggestions, not a list
    # of every project (hundreds for the region's staff).
    project = project_filter(projects=visible_projects, field_name="projects", many=True)

    class Meta:
        model = Company
        fields = [
            "q",
            "municipality",
            "labour_market_area",
            "industry",
            "social_economy",
            "pioneer",
            "project",
        ]
