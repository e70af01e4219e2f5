from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendingConfig(AppConfig):
    """The money after the decision: reporting deadlines, spending reports, payments, warnings."""

    name = "spending"
    verbose_name = _("Spending and payments")
