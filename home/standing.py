"""The region's standing for the staff's front page: computed by a worker, read in one query.

Who reads every project (regional staff, administrators) sees on the front page the projects
with targets behind pace and the early warnings on the projects' money, computed over the whole
region (`home.models.RegionStanding`). The page reads the last computation and says when it was
made; when that is older than `HOME_STANDING_MINUTES` or was made for another day, the page
asks the background worker (Django's task framework, as every long job) to compute it again
and shows the last one meanwhile. Only when there is none yet (a new installation) does the
request compute it itself, once.

What is computed is what the programme overview and the money overview compute
(`progress.queries`, `spending.money`), so the front page cannot disagree with them beyond the
minutes it states.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from grants.models import Project
from home.models import RegionStanding
from jobs.schedule import Periodic, register
from progress.queries import ProjectRow, TargetProgress, targets_of, targets_progress
from spending.figures import money_inputs
from spending.money import project_overview

STANDING_PK = 1


@dataclass(frozen=True)
class BehindRow:
    """A project with targets behind pace: how many, of how many counting targets."""

    project_id: int
    name: str
    behind: int
    targets: int


@dataclass(frozen=True)
class Standing:
    """The region's standing as the front page shows it."""

    behind: list[BehindRow]
    warnings: int
    projects_with_warnings: int
    computed_at: datetime
    day: date
    # How old the figures may grow before a request asks for them again.
    max_age_minutes: int

    @property
    def targets_behind(self) -> int:
        return sum(row.behind for row in self.behind)


def behind_rows(rows: list[ProjectRow]) -> list[BehindRow]:
    """The projects of `rows` with a target behind pace, by name."""
    return sorted(
        (
            BehindRow(
                project_id=row.project.pk,
                name=row.project.name,
                behind=row.behind,
                targets=len(row.targets),
            )
            for row in rows
            if row.behind
        ),
        key=lambda row: (row.name, row.project_id),
    )


def project_rows(projects: QuerySet[Project], *, today: date) -> list[ProjectRow]:
    """Each project's counting targets with their progress by `today`, without charts."""
    items = targets_progress(targets_of(projects), today=today, with_series=False)
    grouped: dict[int, list[TargetProgress]] = {}
    for item in items:
        grouped.setdefault(item.project.pk, []).append(item)
    return [ProjectRow(project=targets[0].project, targets=targets) for targets in grouped.values()]


def warning_counts(*, today: date) -> tuple[int, int]:
    """The early warnings on every project's money: (warnings, projects with a warning)."""
    projects = list(Project.objects.select_related("programme"))
    batch = money_inputs(projects)
    counts = [len(project_overview(batch[p.pk], today=today).warnings) for p in projects]
    return sum(counts), sum(1 for count in counts if count)


def _standing(row: RegionStanding) -> Standing:
    return Standing(
        behind=[BehindRow(**item) for item in row.behind],
        warnings=row.warnings,
        projects_with_warnings=row.projects_with_warnings,
        computed_at=row.computed_at,
        day=row.day,
        max_age_minutes=settings.HOME_STANDING_MINUTES,
    )


def compute(*, today: date) -> Standing:
    """Compute the region's standing by `today` and keep it (replacing the last one)."""
    behind = behind_rows(project_rows(Project.objects.all(), today=today))
    warnings, projects_with_warnings = warning_counts(today=today)
    row, _ = RegionStanding.objects.update_or_create(
        pk=STANDING_PK,
        defaults={
            "day": today,
            "computed_at": timezone.now(),
            "refresh_asked_at": None,
            "behind": [asdict(row) for row in behind],
            "warnings": warnings,
            "projects_with_warnings": projects_with_warnings,
        },
    )
    return _standing(row)


@task()
def refresh_standing(day: str) -> None:
    """The background task: compute the standing for `day` (ISO date)."""
    compute(today=date.fromisoformat(day))


def max_age() -> timedelta:
    return timedelta(minutes=settings.HOME_STANDING_MINUTES)


def _ask_refresh(*, today: date, now: datetime) -> None:
    """Queue one computation, unless another request asked within `max_age` already."""
    asked = RegionStanding.objects.filter(pk=STANDING_PK).filter(
        Q(refresh_asked_at__isnull=True) | Q(refresh_asked_at__lt=now - max_age())
    )
    if asked.update(refresh_asked_at=now):
        transaction.on_commit(
            lambda: refresh_standing.using(queue_name=settings.JOBS_QUEUE).enqueue(
                today.isoformat()
            )
        )


def region_standing(*, today: date) -> Standing:
    """The last standing computed; a fresh one is asked for when it is old or of another day."""
    row = RegionStanding.objects.filter(pk=STANDING_PK).first()
    if row is None:
        return compute(today=today)
    now = timezone.now()
    if row.day != today or now - row.computed_at > max_age():
        _ask_refresh(today=today, now=now)
    return _standing(row)


def refresh_now() -> None:
    """The periodic work: compute today's standing, so the front page rarely has to ask."""
    compute(today=timezone.localdate())


def register_periodic() -> None:
    register(
        Periodic(
            name="home.standing",
            label=_("Compute the region's standing"),
            # Every HOME_STANDING_MINUTES (a divisor of 60 reads best: 5, 10, 15, 30).
            when=lambda: {"minute": f"*/{min(max(settings.HOME_STANDING_MINUTES, 1), 59)}"},
            run=refresh_now,
            grace_seconds=5 * 60,
        )
    )
