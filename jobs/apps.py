from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long work in the background: jobs, their progress, results kept for a time."""

    name = "jobs"
    verbose_name = _("Background jobs")
