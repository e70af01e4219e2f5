"""URLs of the requests pages: applications and change requests, as their owners write them."""

from django.urls import URLPattern, path

from applications.views import requests as views
from applications.views import requests_edit as edit

urlpatterns: list[URLPattern] = [
    path("", views.MyRequestsView.as_view(), name="my_requests"),
    path("apply/<int:call_id>/", views.application_create, name="application_create"),
    path(
        "project/<int:project_id>/new/",
        views.change_request_create,
        name="change_request_create",
    ),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/difference/", views.request_difference, name="request_difference"),
    path("<int:pk>/submit/", views.request_submit, name="request_submit"),
    path("<int:pk>/edit/", edit.request_edit, name="request_edit"),
    path("<int:pk>/organisations/", edit.request_organisations, name="request_organisations"),
    path(
        "organisations/<int:pk>/",
        edit.request_organisation_edit,
        name="request_organisation_edit",
    ),
    path(
        "organisations/<int:pk>/remove/",
        edit.request_organisation_remove,
        name="request_organisation_remove",
    ),
    path("<int:pk>/areas/", edit.request_areas, name="request_areas"),
    path("areas/<int:pk>/", edit.request_area_rename, name="request_area_rename"),
    path("areas/<int:pk>/remove/", edit.request_area_remove, name="request_area_remove"),
    path("<int:pk>/grid/", edit.request_grid, name="request_grid"),
    path("<int:pk>/targets/", edit.request_targets, name="request_targets"),
    path("<int:pk>/attachments/", edit.request_attachments, name="request_attachments"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", edit.attachment_delete, name="attachment_delete"),
    path("<int:pk>/answer/", edit.request_answer, name="request_answer"),
]
