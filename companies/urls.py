from django.urls import path

from companies import choices, views

app_name = "companies"

urlpatterns = [
    path("", views.CompanyListView.as_view(), name="company_list"),
    path("new/", views.CompanyCreateView.as_view(), name="company_create"),
    path("choices/", choices.company_choices, name="company_choices"),
    path("<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="company_update"),
]
