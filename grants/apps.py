from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default = True
    name = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from grants.roles import ensure_roles

        # After every migrate, so a fresh database has its role groups.
        post_migrate.connect(ensure_roles, dispatch_uid="rummelig.ensure_roles")


class RummeligAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the administrators-only site of `grants.admin_site`."""

    default = False

    default_site = "grants.admin_site.RummeligAdminSite"
