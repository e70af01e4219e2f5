from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """What projects achieve toward their targets: computed and reported values."""

    name = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        from progress.notices import register_events  # noqa: PLC0415 - AppConfig.ready

        register_events()
