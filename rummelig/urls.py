from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # Anyone may pick the interface language, also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Logging in and out only: passwords are set by an administrator (there is no mail server
    # for self-service resets), so the password views of django.contrib.auth are not routed.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("participants/", include("participants.urls")),
    path("companies/", include("companies.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("spending/", include("spending.urls")),
    path("meetings/", include("meetings.urls")),
    path("applications/", include("applications.urls")),
    path("", include("home.urls")),
    path("", include("progress.urls")),
    path("", include("grants.urls")),
]
