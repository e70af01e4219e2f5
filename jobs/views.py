"""Pages of the jobs: start (POST), the job with its progress bar, its status for polling,
the download, retry, and the user's own jobs. No view runs a job: the worker does."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import guards
from core.downloads import stored_file
from core.paging import DEFAULT_PER_PAGE, BoundedPaginator
from jobs.models import Job
from jobs.registry import get_kind, kinds
from jobs.services import is_outdated, kind_of, result_withheld, retry_job, start_job

logger = logging.getLogger(__name__)

# htmx stops polling on this status (and still swaps the content in).
STOP_POLLING = 286


def _back(request: HttpRequest, kind: str) -> str:
    """Where a refused start goes back to: the posted `next` (same site only), or the form."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    kind_obj = get_kind(kind)
    if kind_obj is not None and kind_obj.choices is not None:
        return reverse("jobs:start", args=[kind])
    return reverse("jobs:list")


def _visible_job(request: HttpRequest, pk: int, perm: str = "jobs.view_job") -> Job:
    return guards.get_object(request, Job.objects.select_related("started_by"), pk, perm)


def _context(request: HttpRequest, job: Job) -> dict[str, object]:
    kind = get_kind(job.kind)
    return {
        "job": job,
        "kind": kind,
        "description": job.description,
        "outdated": is_outdated(job),
        "withheld": result_withheld(job, request.user),
        "may_restart": job.is_finished and guards.has_perm(request.user, "jobs.change_job", job),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@guards.permission_required("jobs.add_job")
def job_start(request: HttpRequest, kind: str) -> HttpResponse:
    """POST: start a job of `kind` on the posted params. GET (kinds with `choices`): the form."""
    job_kind = get_kind(kind)
    if job_kind is None:
        raise Http404
    if request.method != "POST":
        if job_kind.choices is None or len(job_kind.param_names) != 1:
            raise Http404
        choices = job_kind.choices(request.user)
        if not choices:
            raise PermissionDenied
        return render(
            request,
            "jobs/job_start.html",
            {"kind": job_kind, "param": job_kind.param_names[0], "choices": choices},
        )
    try:
        params = job_kind.clean_params(request.POST)
        job = start_job(kind=job_kind.code, params=params, by=guards.author(request))
    except ValidationError as invalid:
        for message in invalid.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_back(request, job_kind.code))
    return HttpResponseRedirect(job.get_absolute_url())


@require_safe
@guards.checks_object_permission("jobs.view_job")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    return render(request, "jobs/job_detail.html", _context(request, job))


@require_safe
@guards.checks_object_permission("jobs.view_job")
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status part of the job page, polled by htmx until the job has finished."""
    job = _visible_job(request, pk)
    response = render(request, "jobs/_job_status.html", _context(request, job))
    if job.is_finished and request.headers.get("HX-Request"):
        response.status_code = STOP_POLLING
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@guards.checks_object_permission("jobs.view_job")
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _visible_job(request, pk)
    if not job.has_result:
        raise Http404
    if result_withheld(job, request.user):
        # The job's page, saying why and offering a new file, instead of the bytes: the file
        # holds something this user may no longer see (an item closed since, say).
        refused = render(request, "jobs/job_detail.html", _context(request, job), status=403)
        refused["Cache-Control"] = "no-store"
        return refused
    return stored_file(job.result, filename=job.result_name, content_type=job.result_content_type)


@require_POST
@guards.checks_object_permission("jobs.change_job")
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk, "jobs.change_job")
    try:
        kind_of(job)
        retry_job(job=job, by=guards.author(request))
    except ValidationError as invalid:
        for message in invalid.messages:
            messages.error(request, message)
    return HttpResponseRedirect(job.get_absolute_url())


@require_safe
@guards.permission_required("jobs.add_job")
def job_list(request: HttpRequest) -> HttpResponse:
    """The jobs the user started, newest first."""
    jobs = Job.objects.filter(started_by_id=request.user.pk)
    paginator = BoundedPaginator(jobs, DEFAULT_PER_PAGE)
    page: Page[Job] = paginator.get_page(request.GET.get("page"))
    labels = {kind.code: kind.label for kind in kinds()}
    rows = [{"job": job, "label": labels.get(job.kind, job.kind)} for job in page.object_list]
    return render(
        request,
        "jobs/job_list.html",
        {"page_obj": page, "rows": rows, "result_days": settings.JOB_RESULT_DAYS},
    )
