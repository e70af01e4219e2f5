from django.apps import AppConfig

from core.tables import use_cell_signatures


class CoreConfig(AppConfig):
    """Shared helpers; at start-up, the tables' cell signatures (`core.tables`)."""

    name = "core"

    def ready(self) -> None:
        use_cell_signatures()
