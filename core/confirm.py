"""Confirm before destroying: GET asks on a page of its own, only POST acts.

Every action that deletes, removes, withdraws, retires, publishes or locks is a view decorated
with `destroys`. A link (a plain GET, no script) leads to the view, which answers with `ask`: a
page that says what will happen and what depends on it, with the button that POSTs back to the
same address (CSRF-protected) and a way back. Only the POST acts. A view that already knows the
action cannot be taken now (the report was submitted meanwhile) says why, and offers no button.

`tests/test_confirmations.py` walks every URL whose view is marked here, or whose name says it
destroys, and finds the confirmation on GET and the object still there afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

TEMPLATE = "core/confirm.html"


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says and offers.

    `title` is the page's heading ("Delete the expenditure line"); `question` the action in one
    sentence, naming the object; `consequences` what follows from it and what depends on it
    ("The report has 14 expenditure lines, which are deleted with it."); `button` the label of
    the one button that acts; `cancel_url` where "Cancel" leads. `refusal`, when the action
    cannot be taken now, says why, and the page offers no button. `danger` draws the button in
    the warning style (deletes); `fields` are posted with it (hidden); `trail` are the links
    above the heading, (url, label), back to where the object lives.
    """

    title: str
    question: str
    button: str
    cancel_url: str
    consequences: Sequence[str] = ()
    refusal: Sequence[str] = ()
    danger: bool = True
    fields: Mapping[str, str] = field(default_factory=dict)
    trail: Sequence[tuple[str, str]] = ()


def ask(request: HttpRequest, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    """The confirmation page; its button POSTs back to the address it was asked at."""
    return render(request, TEMPLATE, {"confirmation": confirmation}, status=status)


def destroys(view: ViewFunc) -> ViewFunc:
    """Mark a function view that destroys: GET and HEAD answer its confirmation page, POST acts.

    The view itself answers `ask(...)` unless `request.method == "POST"`; this decorator lets
    only those methods through and marks the view (`confirms_first`) for the test that walks
    every destroying URL.
    """
    allowed: ViewFunc = require_http_methods(["GET", "HEAD", "POST"])(view)
    allowed.confirms_first = True  # type: ignore[attr-defined]
    return allowed


def is_destroying(view: object) -> bool:
    """Whether `view` was marked with `destroys`."""
    return bool(getattr(view, "confirms_first", False))


def protected_by(obj: models.Model) -> list[str]:
    """What keeps `obj` from being deleted, model by model ("3 expenditure lines"): the rows
    that point to it and protect it (`on_delete=PROTECT` or `RESTRICT`), found as Django's
    delete would find them. Nothing when it can be deleted."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except ProtectedError as exc:
        blocking = exc.protected_objects
    except RestrictedError as exc:
        blocking = exc.restricted_objects
    else:
        return []
    counts: dict[type[models.Model], int] = {}
    for row in blocking:
        counts[type(row)] = counts.get(type(row), 0) + 1
    return [
        _("%(count)s %(what)s")
        % {
            "count": count,
            "what": model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural,
        }
        for model, count in counts.items()
    ]
