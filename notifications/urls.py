from django.urls import URLPattern, path

from notifications import settings_views, views

app_name = "notifications"

urlpatterns: list[URLPattern] = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("preferences/", settings_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", settings_views.unsubscribe, name="unsubscribe"),
]
