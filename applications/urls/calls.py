"""URLs of the calls pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
