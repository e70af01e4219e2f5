from django.urls import path

from progress import reporting, views

app_name = "progress"

urlpatterns = [
    path(
        "projects/<int:pk>/progress/",
        views.ProjectProgressView.as_view(),
        name="project_progress",
    ),
    path(
        "projects/<int:pk>/progress.xlsx",
        views.project_progress_xlsx,
        name="project_progress_xlsx",
    ),
    path(
        "programmes/<int:pk>/progress/",
        views.ProgrammeProgressView.as_view(),
        name="programme_progress",
    ),
    path(
        "programmes/<int:pk>/progress.xlsx",
        views.programme_progress_xlsx,
        name="programme_progress_xlsx",
    ),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path("projects/<int:pk>/reported-values/", reporting.reported_list, name="reported_list"),
    path("targets/<int:pk>/report/", reporting.reported_create, name="reported_create"),
    path("reported-values/<int:pk>/", reporting.reported_detail, name="reported_detail"),
    path("reported-values/<int:pk>/approve/", reporting.reported_approve, name="reported_approve"),
    path("reported-values/<int:pk>/return/", reporting.reported_return, name="reported_return"),
    path(
        "reported-values/<int:pk>/evidence/",
        reporting.reported_evidence,
        name="reported_evidence",
    ),
]
