from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from grants.roles import ensure_roles

        # After every app's migrations, not just ours: the roles hold permissions of the
        # companies and participants apps too, which exist only once those have migrated.
        post_migrate.connect(ensure_roles, dispatch_uid="rummelig.ensure_roles")
