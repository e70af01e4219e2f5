from django.contrib import admin

from grants.models import (
    BudgetLine,
    Case,
    Disbursement,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Organisation,
    Programme,
    Project,
    ProjectLink,
    ProjectOrganisation,
    Recommendation,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "pool"]
    search_fields = ["name", "pool"]
    list_filter = ["pool"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr"]
    search_fields = ["name", "cvr"]
    list_filter = ["project_roles__role"]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    list_filter = ["kind"]


class ProjectOrganisationInline(admin.TabularInline):
    model = ProjectOrganisation
    extra = 0
    autocomplete_fields = ["organisation", "on_behalf_of"]


class ProjectLinkInline(admin.TabularInline):
    model = ProjectLink
    extra = 0


class EffortAreaInline(admin.TabularInline):
    model = EffortArea
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "programme"]
    search_fields = ["name"]
    list_filter = ["programme"]
    inlines = [ProjectOrganisationInline, EffortAreaInline, ProjectLinkInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class FinancingLineInline(admin.TabularInline):
    model = FinancingLine
    extra = 0


class FinancingTotalInline(admin.TabularInline):
    model = FinancingTotal
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0


@admin.register(GrantDecision)
class GrantDecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "status", "first_year", "last_year"]
    list_filter = ["kind", "status", "deciding_body", "project__programme"]
    search_fields = ["title", "project__name"]
    list_select_related = ["project"]
    inlines = [
        RecommendationInline,
        DisbursementInline,
        FinancingTotalInline,
        BudgetLineInline,
        FinancingLineInline,
    ]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "meeting_date", "case_number"]
    search_fields = ["title", "case_number"]
    list_filter = ["meeting_date", "project"]
    list_select_related = ["project"]
