from django.urls import URLPattern

overview_urlpatterns: list[URLPattern] = []
