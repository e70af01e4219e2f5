from django.urls import include, path, re_path

from grants import grid_views, reopen_views, suggest, views
from grants.cases import term_views
from grants.cases import views as case_views
from grants.history import views as history_views

app_name = "grants"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/suggestions/", suggest.project_suggestions, name="project_suggestions"),
    path(
        "projects/<int:project_pk>/decisions/new/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision_update"),
    path("decisions/<int:pk>/budget/", grid_views.BudgetGridView.as_view(), name="decision_budget"),
    path("decisions/<int:pk>/status/", views.decision_status, name="decision_status"),
    path("decisions/<int:pk>/delete/", views.decision_delete_view, name="decision_delete"),
    path("decisions/<int:pk>/reopen/", reopen_views.decision_reopen, name="decision_reopen"),
    path("cases/", case_views.CaseListView.as_view(), name="case_list"),
    path("cases/choices/", suggest.case_choices, name="case_choices"),
    path("cases/<int:pk>/", case_views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", case_views.case_edit, name="case_edit"),
    path(
        "projects/<int:project_pk>/cases/new/",
        case_views.CaseCreateView.as_view(),
        name="case_create",
    ),
    path(
        "cases/<int:pk>/decisions/", case_views.CaseDecisionsView.as_view(), name="case_decisions"
    ),
    path(
        "cases/<int:pk>/decisions/<int:decision_pk>/recommendations/",
        term_views.case_recommendations,
        name="case_recommendations",
    ),
    path(
        "cases/<int:pk>/decisions/<int:decision_pk>/disbursements/",
        term_views.case_disbursements,
        name="case_disbursements",
    ),
    path("cases/<int:pk>/preview/", case_views.case_preview, name="case_preview"),
    path("cases/<int:pk>/case.pdf", case_views.case_pdf, name="case_pdf"),
    path("cases/<int:pk>/attachments/new/", case_views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", case_views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", case_views.attachment_delete, name="attachment_delete"),
    path(
        "cases/<int:pk>/findings/acknowledge/",
        case_views.finding_acknowledge,
        name="finding_acknowledge",
    ),
    re_path(
        r"^(?P<kind>decision|case|project)s/(?P<pk>[0-9]+)/table/$",
        views.budget_table,
        name="budget_table",
    ),
    re_path(
        r"^(?P<kind>decision|case|project)s/(?P<pk>[0-9]+)/table\.(?P<fmt>csv|xlsx|pdf)$",
        views.budget_table,
        name="budget_table_export",
    ),
    path("decisions/<int:pk>/history/", history_views.decision_history, name="decision_history"),
    path(
        "decisions/<int:pk>/history/<int:number>/restore/",
        history_views.decision_restore_view,
        name="decision_restore",
    ),
    # Staff self-service: programmes, organisations, projects and their rows (grants.setup).
    path("", include("grants.setup.urls")),
]
