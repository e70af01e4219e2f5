from django.urls import path

from progress import views

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
]
