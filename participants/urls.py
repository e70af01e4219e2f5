from django.urls import path

from participants import views
from participants.gdpr import views as gdpr_views
from participants.imports import views as import_views

app_name = "participants"

urlpatterns = [
    path("", views.CourseListView.as_view(), name="course_list"),
    path("courses.xlsx", views.course_export, name="course_export"),
    path(
        "companies/suggestions/",
        views.course_company_suggestions,
        name="course_company_suggestions",
    ),
    path("register/", views.ParticipantRegisterView.as_view(), name="participant_register"),
    path("import/", import_views.course_import, name="course_import"),
    path(
        "import/template.xlsx", import_views.course_import_template, name="course_import_template"
    ),
    path("<int:pk>/", views.ParticipantDetailView.as_view(), name="participant_detail"),
    path("<int:pk>/edit/", views.ParticipantUpdateView.as_view(), name="participant_update"),
    path("<int:pk>/courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path("courses/<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course_update"),
    path("courses/<int:pk>/outcome/", views.course_outcome, name="course_outcome"),
    # The data subject's rights: access (GDPR art. 15) and erasure (art. 17).
    path(
        "<int:pk>/personal-data.json",
        gdpr_views.participant_export_personal_data,
        name="participant_export_personal_data",
    ),
    path("<int:pk>/erase/", gdpr_views.participant_erase_view, name="participant_erase"),
]
