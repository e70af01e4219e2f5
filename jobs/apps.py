from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long work in the background: jobs, their progress, results kept for a time."""

    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from jobs.periodic import register_periodic  # noqa: PLC0415 - AppConfig.ready

        register_periodic()
