from django.urls import URLPattern, path

from spending import views_overview

# The money overview: per project (page, XLSX, PDF), per decision, and the warnings across a
# programme.
overview_urlpatterns: list[URLPattern] = [
    path(
        "projects/<int:pk>/money/",
        views_overview.ProjectMoneyView.as_view(),
        name="project_money",
    ),
    path(
        "projects/<int:pk>/money.<str:fmt>",
        views_overview.project_money_export,
        name="project_money_export",
    ),
    path(
        "decisions/<int:pk>/money/",
        views_overview.DecisionMoneyView.as_view(),
        name="decision_money",
    ),
    path("warnings/", views_overview.WarningListView.as_view(), name="warning_list"),
]
