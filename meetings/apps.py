from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Vækstforum's meetings: agendas of cases, agenda packs, minutes and decisions per item."""

    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Django's way for code that needs the models: imported once the registry is ready.
        from meetings.background import register_kinds  # noqa: PLC0415 - AppConfig.ready
        from meetings.notices import register_events  # noqa: PLC0415 - AppConfig.ready

        register_kinds()
        register_events()
