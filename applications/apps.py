from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    default = True
    name = "applications"
    verbose_name = _("Applications and requests")

    def ready(self) -> None:
        from applications.notices import register_events  # noqa: PLC0415 - AppConfig.ready

        register_events()
