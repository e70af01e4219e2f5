from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default = True
    name = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from grants import table_cache  # noqa: PLC0415 - AppConfig.ready
        from grants.cases.bundle import register_kinds  # noqa: PLC0415 - AppConfig.ready
        from grants.cases.finding_notices import register_events  # noqa: PLC0415 - AppConfig.ready

        register_kinds()
        register_events()
        table_cache.connect()
