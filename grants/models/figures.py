"""The version of a project's figures, for the budget tables kept rendered (`grants.table_cache`).

One row per project, holding a random token: any change to what a budget table of the project
shows (its decisions, their lines and totals, its effort areas, its funding sources and their
order, a case's decisions) deletes the row (`grants.table_cache.figures_changed`), and the next
reader creates a new token. A rendered table is kept under its project's token, so a change
makes every table of the project from before it unreachable at once, in every process, and a
token is never reused (after a restore or a test's rollback a project may get an old id, never
an old token).

A cache key, not a record anyone edits: no audit history.
"""

from __future__ import annotations

import uuid

from django.db import models

from grants.models.projects import Project


class ProjectFigures(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, editable=False)

    def __str__(self) -> str:
        return f"{self.project_id}: {self.token}"
