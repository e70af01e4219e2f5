"""The notification pages. (Laid out first; the list, preferences and unsubscribe follow.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from accounts.guards import checks_object_permission, permission_required
from notifications.models import Notification


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
    raise Http404


@require_POST
@permission_required("notifications.change_notification")
def mark_read(request: HttpRequest) -> HttpResponse:
    raise Http404


@require_POST
@permission_required("notifications.change_notification")
def mark_all_read(request: HttpRequest) -> HttpResponse:
    raise Http404


@permission_required("notifications.change_preference")
def preferences(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_not_required
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
