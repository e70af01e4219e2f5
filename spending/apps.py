from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendingConfig(AppConfig):
    """The money after the decision: reporting deadlines, spending reports, payments, warnings."""

    name = "spending"
    verbose_name = _("Spending and payments")

    def ready(self) -> None:
        from grants.public import watch_grant_changes  # noqa: PLC0415 - AppConfig.ready
        from spending import notices, reminders  # noqa: PLC0415 - AppConfig.ready
        from spending.services.ceiling import watch_grant_change  # noqa: PLC0415 - AppConfig.ready

        # Every write that may lower a grant is checked against the payments made from it.
        watch_grant_changes(watch_grant_change)
        # What users are told of reports, payments and deadlines, and the daily reminders.
        notices.register_events()
        reminders.register_events()
        reminders.register_periodic()
