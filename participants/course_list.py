"""The course list's courses: scope, filters and sort order, as the page shows them.

The list page, its XLSX export and the export's background job (`export_job`) all read the
courses through here, so the file holds the rows of the page, in the page's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from accounts.guards import AnyUser
from participants.filters import CourseFilter
from participants.models import OnboardingCourse
from participants.tables import CourseTable

# What the export reads of the list's query string: its filters and its sort, not its page.
QUERY_KEYS = frozenset([*CourseFilter.base_filters, "sort"])


def courses_for(request: HttpRequest) -> QuerySet[OnboardingCourse]:
    """The courses the user may see, with what the list and the export show of them."""
    return OnboardingCourse.objects.visible_to(request.user).select_related(
        "participant__municipality", "project", "company__industry"
    )


@dataclass(frozen=True)
class CourseSelection:
    # Filtered and in the table's sort order; none at all when the filters were refused.
    courses: QuerySet[OnboardingCourse]
    valid: bool


def course_selection(request: HttpRequest) -> CourseSelection:
    """The courses of the list as `request.GET` filters and sorts it, for `request.user`.

    Filters the user may not use (another project's id, a date that is no date) select no
    course at all rather than every course.
    """
    filterset = CourseFilter(request.GET or None, queryset=courses_for(request), request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    courses = filterset.qs if valid else OnboardingCourse.objects.none()
    table = CourseTable(courses, order_by=request.GET.get("sort") or None)
    ordered: QuerySet[OnboardingCourse] = table.data.data  # the table's sort order applied
    return CourseSelection(courses=ordered, valid=valid)


def export_query(query: QueryDict) -> str:
    """The part of a list's query string that the export reads, encoded."""
    kept = QueryDict(mutable=True)
    for key in query:
        if key in QUERY_KEYS:
            kept.setlist(key, query.getlist(key))
    return kept.urlencode()


def request_for(user: AnyUser, query: str) -> HttpRequest:
    """A request of `user` for the list with the query string `query`, outside a web request
    (the background job): what the filter set and the scope read of a request."""
    # The user model is auth's own (AUTH_USER_MODEL), as on every request the site answers.
    assert isinstance(user, User | AnonymousUser)
    request = HttpRequest()
    request.user = user
    request.GET = QueryDict(query)
    return request
