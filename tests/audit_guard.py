"""Every test watches the writes made by a request: each historical record must name its author.

Whatever page a test posts to (a form, an admin page, an action), the audit history of every
row that request writes must name who wrote it (`core.audit`). A record written while a
request is handled and naming nobody fails the test that made it, with the model and the URL.
Rows a test writes itself (factories, direct service calls) are not requests and not checked
here; services take their author as a required argument.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from simple_history.signals import pre_create_historical_record

_state = threading.local()


class RequestWatch:
    """Test-only middleware (tests/settings.py): notes which request a view is handling.

    Only while the view runs: a test that writes rows after a streamed download has started
    is not the request writing them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        _state.path = request.path
        try:
            return self.get_response(request)
        finally:
            _state.path = None


@contextmanager
def unnamed_writes_in_requests() -> Iterator[list[str]]:
    """The historical records written in a request without an author, as "model (type) at url"."""
    unnamed: list[str] = []

    def check(sender: Any, history_instance: Any, **kwargs: Any) -> None:
        path = getattr(_state, "path", None)
        if path is not None and history_instance.history_user is None:
            unnamed.append(f"{sender._meta.label} ({history_instance.history_type}) at {path}")

    pre_create_historical_record.connect(check, dispatch_uid="tests.audit_guard.check")
    try:
        yield unnamed
    finally:
        pre_create_historical_record.disconnect(dispatch_uid="tests.audit_guard.check")
