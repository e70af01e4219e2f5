from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Vækstforum's meetings: agendas of cases, agenda packs, minutes and decisions per item."""

    name = "meetings"
    verbose_name = _("Meetings")
