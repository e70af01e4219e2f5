"""URLs of the assessment pages: the staff's list of requests, the workspace of one, its
actions and the comparison of its versions."""

from django.urls import URLPattern, path

from applications.views import assessment, assessment_actions, assessment_list

urlpatterns: list[URLPattern] = [
    path("", assessment_list.request_list, name="request_list"),
    path("<int:pk>/", assessment.request_assess, name="request_assess"),
    path("<int:pk>/versions/", assessment.version_compare, name="version_compare"),
    path("<int:pk>/assign/", assessment_actions.assess_assign, name="assess_assign"),
    path("<int:pk>/checklist/", assessment_actions.assess_checklist, name="assess_checklist"),
    path("<int:pk>/comment/", assessment_actions.assess_comment, name="assess_comment"),
    path("<int:pk>/ask/", assessment_actions.assess_ask, name="assess_ask"),
    path("<int:pk>/reject/", assessment_actions.assess_reject, name="assess_reject"),
    path("<int:pk>/accept/", assessment_actions.assess_accept, name="assess_accept"),
]
