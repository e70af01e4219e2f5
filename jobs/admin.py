"""The admin shows no task plumbing: a job's state, error and file are on its own page.

django-tasks-db and django-rq register their queue tables (the database backend's task rows,
django-rq's dashboard) in the admin. They hold only the task's id and arguments, the dashboard
needs a Redis server even when the database backend is in use, and both would add admin pages
outside the permission matrix; operators follow jobs on the job pages and in the workers' logs.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django_rq.models import Dashboard
from django_tasks_db.models import DBTaskResult

from jobs.models import ScheduledRun

for model in (DBTaskResult, Dashboard):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    """The periodic work's runs, one per slot: read only (the scheduler and worker write them)."""

    list_display = ["slot", "name", "state", "claimed_by", "started_at", "finished_at"]
    list_filter = ["state", "name"]
    search_fields = ["name", "error"]
    date_hierarchy = "slot"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
