from django.apps import AppConfig

from core import audit
from core.tables import use_cell_signatures


class CoreConfig(AppConfig):
    """Shared helpers; at start-up, the tables' cell signatures (`core.tables`) and the audit
    history's author (`core.audit`)."""

    name = "core"

    def ready(self) -> None:
        use_cell_signatures()
        audit.connect()
