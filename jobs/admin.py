"""The admin shows no task plumbing: a job's state, error and file are on its own page.

django-tasks-db and django-rq register their queue tables (the database backend's task rows,
django-rq's dashboard) in the admin. They hold only the task's id and arguments, the dashboard
needs a Redis server even when the database backend is in use, and both would add admin pages
outside the permission matrix; operators follow jobs on the job pages and in the workers' logs.
"""

from __future__ import annotations

from django.contrib import admin
from django_rq.models import Dashboard
from django_tasks_db.models import DBTaskResult

for model in (DBTaskResult, Dashboard):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
