from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Django's way for code that needs the models: imported once the registry is ready.
        from accounts.checks import check_view_permissions  # noqa: PLC0415 - AppConfig.ready
        from accounts.models import record_sign_in  # noqa: PLC0415 - AppConfig.ready
        from accounts.roles import ensure_roles  # noqa: PLC0415 - AppConfig.ready
        from accounts.rules import administrator_holds_the_rest  # noqa: PLC0415 - AppConfig.ready

        # Listed after django-rules' autodiscovery: every app's rules are registered by now.
        administrator_holds_the_rest()
        # A sign-in is noted without a record in the user's audit history.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="rummelig.record_sign_in")
        # After every migrate, so a fresh database has its role groups.
        post_migrate.connect(ensure_roles, dispatch_uid="rummelig.ensure_roles")
        # At startup and in `manage.py check`: every routed view names its permission.
        checks.register(check_view_permissions, checks.Tags.security, checks.Tags.urls)


class RummeligAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the administrators-only site of `accounts.admin_site`."""

    default = False

    default_site = "accounts.admin_site.RummeligAdminSite"
