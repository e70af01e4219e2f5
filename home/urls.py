from django.urls import path

from home import pages, views

app_name = "home"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accessibility/", pages.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", pages.PrivacyView.as_view(), name="privacy"),
    path("favicon.ico", pages.FaviconView.as_view(), name="favicon"),
]
