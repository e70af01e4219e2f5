"""Kinds of job: what a domain room registers so that its long work can run in the background.

A room (grants, meetings, …) describes each kind of job once, as a `JobKind`, and registers it
from its `AppConfig.ready()`. The jobs room knows nothing of the rooms above it: it runs a kind's
`run` in a worker, asks the kind who may start and see a job, and compares the kind's
`fingerprint` of the target with the one recorded when the job ran to say a result is outdated,
and asks the kind, at every look at a result, whether the requester may still see what the file
holds (`may_see_result`, over the `manifest` the run recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.guards import AnyUser

Params = Mapping[str, int | str]
# What a result file holds, recorded by the run: plain JSON (ids, states), never the content.
Manifest = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class JobResult:
    """The file a job produces: stored, then downloaded through the access-checked view.

    `manifest` says what the file holds (the items, cases or projects it was written from, and
    their state then), so that the kind's `may_see_result` can refuse the file to a requester
    who may no longer see some of it. It is stored with the job, in JSON.
    """

    filename: str
    content_type: str
    content: bytes
    manifest: Manifest = field(default_factory=dict)


class JobContext:
    """What a running job gets: its parameters, who started it (to scope what it reads the way
    the starter's pages would), and a way to report how far it has come."""

    def __init__(
        self, params: Params, user: AbstractBaseUser, report: Callable[[int, int, str], None]
    ) -> None:
        self.params = params
        self.user = user
        self._report = report

    def progress(self, done: int, total: int, note: str = "") -> None:
        """Record that `done` of `total` steps are finished; `note` is shown under the bar."""
        self._report(max(0, done), max(0, total), note)


def manifest_ids(manifest: Manifest, key: str) -> frozenset[int] | None:
    """The ids a manifest records under `key`, or None when it records none (a job finished
    before manifests were kept, or a manifest not of this kind): the caller then fails closed.
    """
    recorded = manifest.get(key)
    if not isinstance(recorded, list | tuple):
        return None
    ids: set[int] = set()
    for value in recorded:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        ids.add(value)
    return frozenset(ids)


def _ints(names: tuple[str, ...]) -> Callable[[Mapping[str, str]], dict[str, int | str]]:
    def clean(raw: Mapping[str, str]) -> dict[str, int | str]:
        cleaned: dict[str, int | str] = {}
        for name in names:
            value = str(raw.get(name, "")).strip()
            if not value.isdigit():
                raise ValidationError(_("The job is missing what to work on."), code="params")
            cleaned[name] = int(value)
        return cleaned

    return clean


@dataclass(frozen=True, kw_only=True)
class JobKind:
    """One kind of background job, registered by the room that owns its target.

    - `run(context)` does the work in the worker and returns the file; it may call
      `context.progress(done, total, note)` as often as it likes. An exception fails the job;
      a `ValidationError`'s message (or `JobFailed`'s) is shown to the user as is, anything
      else as a generic message (the traceback goes to the log).
    - `may_start(user, params)` / `may_see(user, params)`: access to the target, asked on start,
      on retry, and on every view of the job page and its download (so access revoked after the
      start also closes the result). An unknown or vanished target must return False.
    - `may_see_result(user, params, manifest)`: whether `user` may see everything the finished
      file holds, judged on the current state of what its `manifest` names (an item closed
      since, a project left since). Asked on every view of the job page and every download, on
      top of `may_see`; when it fails the file is withheld and the page offers a new one. A
      manifest without what the kind looks for (a job finished before manifests were kept)
      must fail for everyone whose reach is not unlimited.
    - `fingerprint(params)`: a short string of what the result depends on (e.g. the meeting's
      last change time and item ids); a job whose target's fingerprint changed since it ran is
      shown as outdated. Return "" for "never outdated".
    - `describe(params)`: what the job is about, for the job page and "my jobs"
      ("Agenda pack, Vækstforum 3 March 2027").
    - `param_names`: the POST fields the generic start view reads; `clean(raw)` turns them into
      the stored params (default: each one a positive integer id) or raises ValidationError.
    - `shared`: False (default) — only the user who started a job sees it (and administrators);
      True — everyone for whom `may_see` holds sees it and its result.
    - `starter_params(user)`: params recorded of the starter when the job starts, over whatever
      was posted (e.g. the projects whose people they may see then), so that `may_see` can
      close a result to someone whose reach has narrowed since. Default: none.
    - `choices(user)`: for a kind with one parameter, the targets the user may pick from
      ((value, label) pairs); with it, the start view also answers GET with a form to choose one
      (e.g. which programme's case PDFs to bundle), its field labelled `choice_label`. Without
      it, start by POST only.
    """

    code: str
    label: str | Promise
    run: Callable[[JobContext], JobResult]
    may_start: Callable[[AnyUser, Params], bool]
    may_see: Callable[[AnyUser, Params], bool]
    may_see_result: Callable[[AnyUser, Params, Manifest], bool]
    fingerprint: Callable[[Params], str]
    describe: Callable[[Params], str]
    param_names: tuple[str, ...] = ()
    clean: Callable[[Mapping[str, str]], Mapping[str, int | str]] | None = field(default=None)
    shared: bool = False
    starter_params: Callable[[AnyUser], Mapping[str, int | str]] | None = None
    choices: Callable[[AnyUser], Sequence[tuple[int | str, str]]] | None = None
    choice_label: str | Promise = ""

    def clean_params(self, raw: Mapping[str, str]) -> dict[str, int | str]:
        """The stored params from raw input (POST fields), or ValidationError."""
        cleaner = self.clean or _ints(self.param_names)
        return dict(cleaner(raw))


class JobFailed(Exception):
    """Raised by a kind's `run` to fail the job with a message meant for the user."""


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Make `kind` known by its code; registering the same code twice is an error."""
    existing = _KINDS.get(kind.code)
    if existing is not None and existing is not kind:
        raise ValueError(f"job kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> JobKind | None:
    """The registered kind of that code, or None."""
    return _KINDS.get(code)


def kinds() -> list[JobKind]:
    """Every registered kind, by code."""
    return [_KINDS[code] for code in sorted(_KINDS)]
