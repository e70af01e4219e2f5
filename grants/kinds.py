"""Which kinds of work a project has: read from the indicators its programme measures it by.

One rule, used by every page that shows a kind of work only where there is some (the front
page's sections). An inclusion programme measures its projects by what their onboarding
courses count (citizens in courses, jobs and education after them, companies taking part), so
their secretariats register participants and courses; a programme that measures by reported
indicators has its projects report values, which regional staff approve. A business-development
programme without either has neither kind of work.
"""

from __future__ import annotations

from django.db.models import QuerySet

from grants.models import Indicator, Programme, Project

Measure = Indicator.Measure

# What the onboarding courses count (`progress.measures`); "companies working with inclusion"
# counts the companies' own records, not courses.
COURSE_MEASURES = frozenset(
    {
        Measure.CITIZENS_IN_COURSES,
        Measure.ORDINARY_JOBS,
        Measure.FLEX_JOBS,
        Measure.EDUCATION,
        Measure.COMPANIES_IN_COURSES,
    }
)


def _programmes_measuring(**indicator: object) -> QuerySet[Programme]:
    lookups = {f"indicator_choices__indicator__{name}": value for name, value in indicator.items()}
    return Programme.objects.filter(**lookups)


def registering_participants(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Those of `projects` whose secretariat registers participants and onboarding courses: their
    programme measures them by something the courses count."""
    return projects.filter(
        programme__in=_programmes_measuring(
            measurement=Indicator.Measurement.COMPUTED, measure__in=sorted(COURSE_MEASURES)
        )
    )


def reporting_values(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Those of `projects` that report values for targets: their programme measures them by a
    reported indicator."""
    return projects.filter(
        programme__in=_programmes_measuring(measurement=Indicator.Measurement.REPORTED)
    )
