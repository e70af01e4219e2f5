"""The notification pages: the user's own list, following one, marking them read.

The list is filtered by state, event group or type and period (`notifications.filters`); marking
read (one, or all the filter shows) posts to its own address with the list's query, and goes
back to the same filtered page. Each notification is its recipient's alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts import guards
from accounts.guards import checks_object_permission, permission_required
from core.paging import DEFAULT_PER_PAGE, BoundedPaginator
from notifications import services, wording
from notifications.filters import NotificationFilter
from notifications.models import Notification

# The query parameters the list keeps across a POST: its filters, page and page size.
KEPT = ("state", "group", "event", "period", "page", "per_page")


@dataclass(frozen=True)
class Row:
    notification: Notification
    title: str
    label: str


def _query(query: QueryDict) -> str:
    """The list's own parameters of `query`, as a query string (nothing else carried along)."""
    kept = QueryDict(mutable=True)
    for name in KEPT:
        values = [value[:100] for value in query.getlist(name)[:1] if value]
        if values:
            kept.setlist(name, values)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else ""


def _filtered(request: HttpRequest) -> NotificationFilter:
    own = Notification.objects.filter(recipient_id=request.user.pk)
    return NotificationFilter(request.GET, queryset=own, request=request)


@require_safe
@checks_object_permission("notifications.view_notification")
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its object, marking it read. Only its recipient may."""
    notification = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


@require_safe
@permission_required("notifications.view_notification")
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, filtered and in pages."""
    filtered = _filtered(request)
    paginator = BoundedPaginator(filtered.qs, request.GET.get("per_page", DEFAULT_PER_PAGE))
    page: Page[Notification] = paginator.get_page(request.GET.get("page"))
    rows = [
        Row(
            notification=notification,
            title=wording.title(notification.event, notification.params),
            label=wording.label(notification.event),
        )
        for notification in page.object_list
    ]
    return render(
        request,
        "notifications/notification_list.html",
        {
            "filter": filtered,
            "page_obj": page,
            "rows": rows,
            "query": _query(request.GET),
            "any_unread": any(row.notification.read_at is None for row in rows),
        },
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("notifications:list") + _query(request.GET))


def _ids(request: HttpRequest) -> list[int]:
    return [int(value) for value in request.POST.getlist("id")[:500] if value.isdigit()][:100]


def _marked(request: HttpRequest, count: int) -> None:
    text = ngettext(
        "%(count)d notification marked read.", "%(count)d notifications marked read.", count
    )
    messages.success(request, text % {"count": count})


@require_POST
@permission_required("notifications.change_notification")
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark the posted notifications (`id`, the user's own only) read."""
    _marked(request, services.mark_read(guards.author(request), _ids(request)))
    return _back(request)


@require_POST
@permission_required("notifications.change_notification")
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark read every unread notification the list's filter (in the query) shows."""
    user = guards.author(request)
    _marked(request, services.mark_all_read(user, among=_filtered(request).qs))
    return _back(request)
