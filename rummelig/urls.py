from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # Anyone may pick the interface language, also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("participants/", include("participants.urls")),
    path("companies/", include("companies.urls")),
    path("", include("grants.urls")),
]

admin.site.site_header = "Rummelig"
admin.site.site_title = "Rummelig"
