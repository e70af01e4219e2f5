from django.urls import URLPattern

report_urlpatterns: list[URLPattern] = []
