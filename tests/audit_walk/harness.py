"""The walk's machinery: which models keep history, what a scenario wrote, who it names.

A scenario is one real write a user makes: it signs in as a user allowed to act, reads the page
as the browser shows it, posts valid data and checks that the object changed. While it runs,
every historical table is watched: each record written in that time must name the acting user
(`history_user`), and each model the scenario says it writes must have such a record. Records
are read from the tables, not from signals, so bulk writes (which send none) are watched too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.messages import ERROR, get_messages
from django.db.models import Max, Model
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from simple_history.utils import get_history_model_for_model

from tests.audit_walk.page_forms import FormData, form_posting_to, post_forms
from tests.matrix import EXTENSIONS
from tests.matrix.base import World, build_base_world


def build_world() -> World:
    """The permission matrix's world: one object of every kind, a user of every role."""
    world = build_base_world()
    for extension in EXTENSIONS:
        extension.extend(world)
    return world


def models_with_history() -> list[type[Model]]:
    """Every model whose changes django-simple-history keeps, from the app registry."""
    tracked = [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]
    return sorted(tracked, key=lambda model: model._meta.label)


def label(model: type[Model]) -> str:
    return model._meta.label


@dataclass(frozen=True)
class Record:
    """One historical record: of which row, what kind (+ ~ -), naming whom."""

    model: str
    pk: Any
    kind: str
    author_id: int | None

    def __str__(self) -> str:
        return f"{self.model} {self.pk} ({self.kind}) by {self.author_id}"


class HistoryWatch:
    """The historical records written from now on, in every historical table."""

    def __init__(self) -> None:
        self._since: dict[type[Model], int] = {}
        for model in models_with_history():
            history = get_history_model_for_model(model)
            latest = history.objects.aggregate(latest=Max("history_id"))["latest"]
            self._since[model] = latest or 0

    def records(self) -> list[Record]:
        written: list[Record] = []
        for model, since in self._since.items():
            history = get_history_model_for_model(model)
            pk = model._meta.pk
            assert pk is not None
            rows = history.objects.filter(history_id__gt=since).values_list(
                pk.attname, "history_type", "history_user_id"
            )
            written += [Record(label(model), *row) for row in rows]
        return written


class Walk:
    """A signed-in user's browser, and the world's objects by name (`ids`)."""

    def __init__(self, world: World, actor: str) -> None:
        self.ids = dict(world.ids)
        self.users = world.users
        self.actor = self.user(actor)
        self.client = Client()
        self.client.force_login(self.actor)
        self.posted: list[str] = []

    def user(self, role: str) -> User:
        user = self.users[role]
        assert isinstance(user, User), role
        return user

    def get(self, url: str) -> HttpResponse:
        response = self.client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        return response  # type: ignore[return-value]

    def form(self, page_url: str, action_url: str | None = None) -> FormData:
        """What the form on `page_url` posting to `action_url` (itself) would send as shown."""
        html = self.get(page_url).content.decode()
        return form_posting_to(html, page_url, action_url or page_url).data()

    def post(self, url: str, data: Mapping[str, object] | None = None) -> Any:
        """POST as the actor; the answer must be the redirect of a success, with no error."""
        self.posted.append(_url_name(url))
        response = self.client.post(url, data or {})
        errors = [str(m) for m in get_messages(response.wsgi_request) if m.level >= ERROR]
        assert response.status_code == 302, (
            f"POST {url}: {response.status_code} {errors} {_form_errors(response)}"
        )
        assert errors == [], f"POST {url}: {errors}"
        return response

    def act(self, url: str, data: Mapping[str, object] | None = None) -> Any:
        """POST a one-off action (delete, remove, withdraw, move, a step, a retry).

        Where the action's GET is a confirmation page, its form is what the user confirms: its
        fields are posted, with `data` over them. Where GET is refused (405), `data` alone.
        """
        shown = self.client.get(url)
        posted: dict[str, object] = {}
        if shown.status_code == 200:
            html = shown.content.decode()
            target = urlsplit(url).path
            forms = [f for f in post_forms(html) if urlsplit(f.action or url).path == target]
            if len(forms) == 1:
                posted.update(forms[0].data())
        posted.update(data or {})
        return self.post(url, posted)


def _url_name(url: str) -> str:
    match = resolve(url.partition("?")[0])
    return match.view_name


def _form_errors(response: Any) -> str:
    """The errors of the forms a refused page shows again, to say why a post was refused."""
    context = getattr(response, "context", None)
    if not context:
        return ""
    found: list[str] = []
    for name in ("form", "formset", "links", "adminform"):
        form = context.get(name)
        form = getattr(form, "form", form)
        errors = getattr(form, "errors", None)
        if errors:
            found.append(f"{name}: {errors!r}")
    return " ".join(found)


@dataclass(frozen=True)
class Scenario:
    """One writing path walked by `actor`: the URLs it posts to and the models it writes."""

    name: str
    actor: str
    posts: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Walk], None]
    given: Callable[[Walk], None] | None = None


@dataclass
class Registry:
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def add(self, found: Scenario) -> None:
        assert found.name not in self.scenarios, found.name
        self.scenarios[found.name] = found


# The scenarios of the application's pages (and its jobs), and those of the admin's.
PAGES = Registry()
ADMIN = Registry()


def scenario(
    *,
    actor: str,
    posts: Iterable[str],
    writes: Iterable[str],
    given: Callable[[Walk], None] | None = None,
    registry: Registry = PAGES,
) -> Callable[[Callable[[Walk], None]], Callable[[Walk], None]]:
    """Register the decorated function as a scenario named after it."""

    def register(run: Callable[[Walk], None]) -> Callable[[Walk], None]:
        registry.add(
            Scenario(
                name=run.__name__,
                actor=actor,
                posts=tuple(posts),
                writes=tuple(writes),
                run=run,
                given=given,
            )
        )
        return run

    return register


def walk(found: Scenario, world: World) -> list[Record]:
    """Run `found` in `world`; fail unless every record it wrote names its actor."""
    w = Walk(world, found.actor)
    if found.given is not None:
        found.given(w)
    watch = HistoryWatch()
    found.run(w)
    records = watch.records()
    assert set(found.posts) <= set(w.posted), f"{found.name} did not post to {found.posts}"
    unnamed = [str(record) for record in records if record.author_id is None]
    assert unnamed == [], f"{found.name} wrote history naming nobody: {unnamed}"
    others = [str(record) for record in records if record.author_id != w.actor.pk]
    assert others == [], f"{found.name} wrote history naming another than {w.actor}: {others}"
    missing = set(found.writes) - {record.model for record in records}
    assert missing == set(), f"{found.name} wrote no history of {sorted(missing)}"
    return records
