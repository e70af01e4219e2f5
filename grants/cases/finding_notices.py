"""A consistency finding opens on a case through someone else's change: its case officer is told.

The writes that change what a case's findings are computed from (a decision's grid and period,
its recommendation lines and disbursement schedule, which decisions a case presents) run inside
`watch_findings`: it reads the open findings of the cases concerned before and after the write,
in a fixed number of queries, and tells each finding that is open after and was not before to
the project's case officer (all regional staff while it has none), never to the writer.

A finding is known by its stable key (kind, decision, and source or year: never its figures), so
one that stays open is told once; one that is resolved or acknowledged and then opens again is a
new occurrence, told again (its key carries the moment it opened).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMINISTRATOR, REGIONAL_STAFF
from grants import audience
from grants.cases.checks import open_findings_of
from grants.cases.consistency import Finding
from grants.models import Case, GrantDecision
from notifications import events
from notifications.models import Channel
from notifications.services import notify

FINDING_OPENED = "grants.finding_opened"


def register_events() -> None:
    followers = frozenset({REGIONAL_STAFF, ADMINISTRATOR})
    events.register(
        events.EventType(
            code=FINDING_OPENED,
            group=_("Cases"),
            label=_("A consistency finding opened on a case you follow"),
            title=_("{case}: new consistency finding in {decision}"),
            defaults=dict.fromkeys(followers, Channel.EMAIL),
            roles=followers,
        )
    )


def _cases_of(subject: GrantDecision | Case) -> list[Case]:
    if isinstance(subject, Case):
        return [subject]
    return list(
        Case.objects.filter(decisions=subject)
        .select_related("project__case_officer")
        .order_by("pk")
    )


def _open_keys(cases: list[Case]) -> dict[int, set[str]]:
    known = [case for case in cases if case.pk is not None]
    return {pk: {f.key for f in found} for pk, found in open_findings_of(known).items()}


@contextmanager
def watch_findings(subject: GrantDecision | Case, *, by: AbstractBaseUser) -> Iterator[None]:
    """Tell the findings the block opens on the cases of `subject` (a decision: the cases that
    present it; a case, maybe one the block creates). Use inside the write's transaction; a
    block that raises tells nothing."""
    before = _open_keys(_cases_of(subject))
    yield
    cases = [case for case in _cases_of(subject) if case.pk is not None]
    opened = timezone.now()
    for pk, found in open_findings_of(cases).items():
        case = next(case for case in cases if case.pk == pk)
        for finding in found:
            if finding.key not in before.get(pk, set()):
                tell_opened(case, finding, by=by, opened=opened)


def tell_opened(case: Case, finding: Finding, *, by: AbstractBaseUser, opened: datetime) -> None:
    """Tell the case's followers that `finding` has opened on it (at `opened`)."""
    project = case.project
    notify(
        FINDING_OPENED,
        key=f"{case.pk}:{finding.key}:{opened:%Y%m%d%H%M%S%f}",
        recipients=audience.following(project),
        target=case,
        url=case.get_absolute_url(),
        params={"case": case.title, "decision": finding.decision_title},
        permission="grants.view_case",
        exclude=[by],
    )
