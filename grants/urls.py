from django.urls import path, re_path

from grants import progress_views, views

app_name = "grants"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path(
        "projects/<int:project_pk>/decisions/new/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision_update"),
    path("decisions/<int:pk>/budget/", views.BudgetGridView.as_view(), name="decision_budget"),
    path("decisions/<int:pk>/status/", views.decision_status, name="decision_status"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
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
    path(
        "projects/<int:pk>/progress/",
        progress_views.ProjectProgressView.as_view(),
        name="project_progress",
    ),
    path(
        "projects/<int:pk>/progress.xlsx",
        progress_views.project_progress_xlsx,
        name="project_progress_xlsx",
    ),
    path(
        "programmes/<int:pk>/progress/",
        progress_views.ProgrammeProgressView.as_view(),
        name="programme_progress",
    ),
    path(
        "programmes/<int:pk>/progress.xlsx",
        progress_views.programme_progress_xlsx,
        name="programme_progress_xlsx",
    ),
    path("targets/<int:pk>/edit/", progress_views.TargetEditView.as_view(), name="target_edit"),
]
