from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        # Django's way for code that needs the models: imported once the registry is ready.
        from participants.export_job import register_kinds  # noqa: PLC0415 - AppConfig.ready

        register_kinds()
