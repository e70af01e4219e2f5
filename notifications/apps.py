from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """What users are told: notifications in the app and by e-mail, and their preferences."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from notifications import job_notices  # noqa: PLC0415 - AppConfig.ready
        from notifications.periodic import register_periodic  # noqa: PLC0415 - AppConfig.ready

        register_periodic()
        job_notices.register_events()
        job_notices.connect()
