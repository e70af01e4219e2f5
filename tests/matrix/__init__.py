"""The URL × role matrix entries of the rooms added after the first ones, one module per room.

Each module (not `base`) defines `ENTRIES: dict[str, Entry]` and `extend(world: World) -> None`,
which adds the objects its URLs name to `world.ids` (and any user it needs to `world.users`).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

EXTENSIONS: list[ModuleType] = [
    importlib.import_module(f"{__name__}.{module.name}")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name)
    if module.name != "base"
]
