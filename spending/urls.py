from django.urls import URLPattern

app_name = "spending"

urlpatterns: list[URLPattern] = []
