from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_site import AuditedAdmin, ScopedAdmin
from companies.models import (
    Company,
    Industry,
    IndustryAssociation,
    LabourMarketArea,
    Municipality,
    Network,
)


class MunicipalityInline(admin.TabularInline[Municipality, Any]):
    model = Municipality
    fields = ["code", "name"]
    extra = 0


@admin.register(LabourMarketArea)
class LabourMarketAreaAdmin(ScopedAdmin):
    list_display = ["name", "municipality_count"]
    search_fields = ["name", "municipalities__name"]
    list_filter = [("network", admin.EmptyFieldListFilter)]
    inlines = [MunicipalityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LabourMarketArea]:
        areas: QuerySet[LabourMarketArea] = super().get_queryset(request)
        return areas.annotate(municipality_count=Count("municipalities"))

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, obj: LabourMarketArea) -> int:
        return obj.municipality_count  # type: ignore[attr-defined,no-any-return]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["code", "name", "labour_market_area"]
    list_editable = ["labour_market_area"]
    search_fields = ["code", "name"]
    list_filter = ["labour_market_area"]
    list_select_related = ["labour_market_area"]
    ordering = ["code"]


class IndustryAssociationInline(admin.TabularInline[IndustryAssociation, Any]):
    model = IndustryAssociation
    extra = 0


@admin.register(Industry)
class IndustryAdmin(ScopedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    list_filter = [("associations", admin.EmptyFieldListFilter)]
    inlines = [IndustryAssociationInline]


@admin.register(IndustryAssociation)
class IndustryAssociationAdmin(ScopedAdmin):
    list_display = ["name", "town", "industry", "contact_status"]
    search_fields = ["name", "town"]
    list_filter = ["contact_status", "industry"]
    list_select_related = ["industry"]
    autocomplete_fields = ["industry"]


@admin.register(Company)
class CompanyAdmin(AuditedAdmin):
    list_display = [
        "name",
        "cvr",
        "municipality",
        "industry",
        "social_economy",
        "pioneer",
        "inclusion_started_on",
    ]
    search_fields = ["name", "cvr"]
    list_filter = [
        "social_economy",
        "pioneer",
        "industry",
        "labour_market_area",
        "municipality",
        "projects",
    ]
    list_select_related = ["municipality", "industry"]
    # Tens of thousands of companies: no second COUNT(*) of the whole table for every page.
    show_full_result_count = False
    autocomplete_fields = ["municipality", "labour_market_area", "industry"]
    filter_horizontal = ["projects"]


@admin.register(Network)
class NetworkAdmin(ScopedAdmin):
    list_display = ["name", "labour_market_area", "member_count"]
    search_fields = ["name", "labour_market_area__name", "members__name"]
    list_filter = ["labour_market_area"]
    list_select_related = ["labour_market_area"]
    autocomplete_fields = ["labour_market_area", "members"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Network]:
        networks: QuerySet[Network] = super().get_queryset(request)
        return networks.annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Network) -> int:
        return obj.member_count  # type: ignore[attr-defined,no-any-return]
