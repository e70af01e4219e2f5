"""What every django-tables2 table of the site shares: cell signatures worked out once."""

from collections.abc import Callable
from typing import Any

import django_tables2.utils

Signature = tuple[tuple[str, ...], str | None]
_signature: Callable[[Callable[..., Any]], Signature] = django_tables2.utils.signature
_signatures: dict[tuple[object, bool], Signature] = {}
MAX_SIGNATURES = 1024


def cell_signature(fn: Callable[..., Any]) -> Signature:
    """django-tables2's `signature`, worked out once per function instead of once per cell.

    For every cell django-tables2 asks `inspect.signature` which arguments the column's render
    method takes: a third of a 25-row list page's time went there. A function's signature never
    changes, so it is kept: a bound method (a new one at each access) by its function, apart
    from the function itself, whose signature still names `self`.
    """
    bound = hasattr(fn, "__func__")
    key = (getattr(fn, "__func__", fn), bound)
    try:
        return _signatures[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: asked each time, as django-tables2 does
        return _signature(fn)
    found = _signature(fn)
    if len(_signatures) < MAX_SIGNATURES:  # bounded, should callables be made per request
        _signatures[key] = found
    return found


def use_cell_signatures() -> None:
    """Make every table of the site look signatures up once (`CoreConfig.ready`).

    django-tables2 renders each cell through `call_with_appropriate`, which looks `signature`
    up in its own module, so replacing it there holds for every table.
    """
    django_tables2.utils.signature = cell_signature
