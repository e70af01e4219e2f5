"""URLs of the letters pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
