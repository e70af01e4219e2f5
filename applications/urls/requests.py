"""URLs of the requests pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
