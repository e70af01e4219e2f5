"""The set-up pages' routes, included into the `grants` namespace."""

from django.urls import path

from grants.setup import bodies, indicator_views, rows, sources, views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme_update"),
    path(
        "programmes/<int:pk>/indicators/",
        indicator_views.programme_indicators,
        name="programme_indicators",
    ),
    path("indicators/", indicator_views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/new/", indicator_views.IndicatorCreateView.as_view(), name="indicator_create"),
    path(
        "indicators/<int:pk>/edit/",
        indicator_views.IndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
    path("decisions/<int:pk>/targets/", indicator_views.decision_targets, name="decision_targets"),
    path("targets/<int:pk>/breakdown/", indicator_views.target_breakdown, name="target_breakdown"),
    path("breakdowns/<int:pk>/remove/", indicator_views.breakdown_remove, name="breakdown_remove"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path("funding-sources/", sources.FundingSourceListView.as_view(), name="fundingsource_list"),
    path(
        "funding-sources/new/",
        sources.FundingSourceCreateView.as_view(),
        name="fundingsource_create",
    ),
    path(
        "funding-sources/<int:pk>/edit/",
        sources.FundingSourceUpdateView.as_view(),
        name="fundingsource_update",
    ),
    path(
        "funding-sources/<int:pk>/delete/",
        sources.fundingsource_delete,
        name="fundingsource_delete",
    ),
    path(
        "funding-sources/<int:pk>/restore/",
        sources.fundingsource_restore,
        name="fundingsource_restore",
    ),
    path("decision-bodies/", bodies.DecisionBodyListView.as_view(), name="decisionbody_list"),
    path(
        "decision-bodies/new/",
        bodies.DecisionBodyCreateView.as_view(),
        name="decisionbody_create",
    ),
    path(
        "decision-bodies/<int:pk>/edit/",
        bodies.DecisionBodyUpdateView.as_view(),
        name="decisionbody_update",
    ),
    path(
        "decision-bodies/<int:pk>/delete/",
        bodies.decisionbody_delete,
        name="decisionbody_delete",
    ),
    path(
        "decision-bodies/<int:pk>/restore/",
        bodies.decisionbody_restore,
        name="decisionbody_restore",
    ),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", views.project_update, name="project_update"),
    path("projects/<int:pk>/effort-areas/", rows.effortarea_list, name="effortarea_list"),
    path("projects/<int:pk>/effort-areas/new/", rows.effortarea_create, name="effortarea_create"),
    path("effort-areas/<int:pk>/edit/", rows.effortarea_update, name="effortarea_update"),
    path("effort-areas/<int:pk>/move/", rows.effortarea_move, name="effortarea_move"),
    path("effort-areas/<int:pk>/retire/", rows.effortarea_retire, name="effortarea_retire"),
    path("effort-areas/<int:pk>/delete/", rows.effortarea_delete, name="effortarea_delete"),
    path("effort-areas/<int:pk>/restore/", rows.effortarea_restore, name="effortarea_restore"),
    path(
        "projects/<int:pk>/funding-sources/",
        rows.projectfundingsource_list,
        name="projectfundingsource_list",
    ),
    path(
        "projects/<int:pk>/funding-sources/add/",
        rows.projectfundingsource_add,
        name="projectfundingsource_add",
    ),
    path(
        "project-funding-sources/<int:pk>/move/",
        rows.projectfundingsource_move,
        name="projectfundingsource_move",
    ),
    path(
        "project-funding-sources/<int:pk>/remove/",
        rows.projectfundingsource_remove,
        name="projectfundingsource_remove",
    ),
    path(
        "project-funding-sources/<int:pk>/restore/",
        rows.projectfundingsource_restore,
        name="projectfundingsource_restore",
    ),
]
