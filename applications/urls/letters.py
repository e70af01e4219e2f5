"""URLs of the letters pages."""

from django.urls import URLPattern, path

from applications.views import letters as views

urlpatterns: list[URLPattern] = [
    path("", views.my_letters, name="my_letters"),
    path("decision/<int:decision_pk>/", views.letter_list, name="letter_list"),
    path("decision/<int:decision_pk>/write/", views.letter_write, name="letter_write"),
    path(
        "decision/<int:decision_pk>/conditions/",
        views.decision_conditions,
        name="decision_conditions",
    ),
    path(
        "programme/<int:programme_pk>/conditions/",
        views.programme_conditions,
        name="programme_conditions",
    ),
    path("<int:pk>/download/", views.letter_download, name="letter_download"),
]
