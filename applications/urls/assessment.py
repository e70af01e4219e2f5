"""URLs of the assessment pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
