"""URLs of the calls pages: calls for applications and the checklists they are assessed by."""

from django.urls import path

from applications.views import calls, checklists

urlpatterns = [
    path("", calls.CallListView.as_view(), name="call_list"),
    path("open/", calls.open_calls, name="open_calls"),
    path("new/", calls.call_create, name="call_create"),
    path("<int:pk>/", calls.call_detail, name="call_detail"),
    path("<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("<int:pk>/publish/", calls.call_publish, name="call_publish"),
    path("<int:pk>/unpublish/", calls.call_unpublish, name="call_unpublish"),
    path("<int:pk>/delete/", calls.call_delete, name="call_delete"),
    path("checklists/", checklists.checklist_list, name="checklist_list"),
    path("checklists/new/", checklists.checklist_create, name="checklist_create"),
    path("checklists/<int:pk>/", checklists.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/edit/", checklists.checklist_edit, name="checklist_edit"),
    path("checklists/<int:pk>/copy/", checklists.checklist_copy, name="checklist_copy"),
    path("checklists/<int:pk>/delete/", checklists.checklist_delete, name="checklist_delete"),
    path("questions/<int:pk>/edit/", checklists.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", checklists.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", checklists.question_delete, name="question_delete"),
]
