"""The applications room's URLs, one module per part, under one namespace."""

from django.urls import include, path

from applications.urls import assessment, calls, letters, requests

app_name = "applications"

urlpatterns = [
    path("calls/", include(calls.urlpatterns)),
    path("requests/", include(requests.urlpatterns)),
    path("assessment/", include(assessment.urlpatterns)),
    path("letters/", include(letters.urlpatterns)),
]
