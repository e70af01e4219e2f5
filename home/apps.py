from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The front page of each role: what needs doing, read across grants, people and progress."""

    name = "home"
    verbose_name = _("Front page")

    def ready(self) -> None:
        from home.standing import register_periodic  # noqa: PLC0415 - AppConfig.ready

        register_periodic()
