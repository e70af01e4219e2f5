from django.urls import URLPattern, path

from meetings import views

app_name = "meetings"

urlpatterns: list[URLPattern] = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_update, name="meeting_update"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/step/<slug:step>/", views.meeting_step, name="meeting_step"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/restore/", views.item_restore, name="item_restore"),
    path("items/<int:pk>/decision/", views.decision_record, name="decision_record"),
]
