"""The region's standing on the staff's front page, computed in the background.

Which projects have targets behind pace and how many early warnings their money raises are
computed over every project of the region: at a region's scale (hundreds of projects, a
quarter of a million courses) that takes a second or more, too long for the page every staff
member opens first. So the figures are computed by a background task and kept here, and the
front page reads them in one query and says when they were computed (`home.standing`).

Derived figures, not a record anyone writes: no audit history, and one row only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionStanding(models.Model):
    """The last computed standing of every project: one row."""

    # The day whose pace the figures were computed for: a target's expected figure moves daily.
    day = models.DateField(_("computed for"))
    computed_at = models.DateTimeField(_("computed at"))
    # When a request last asked the worker to compute the figures again (None: nobody has since
    # the last computation), so that many requests ask once.
    refresh_asked_at = models.DateTimeField(null=True, blank=True)
    # The projects with targets behind pace, by name: `home.standing.BehindRow`s as
    # [{"project_id": id, "name": str, "behind": int, "targets": int}, ...].
    behind = models.JSONField(default=list)
    warnings = models.PositiveIntegerField(default=0)
    projects_with_warnings = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("region standing")
        verbose_name_plural = _("region standings")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} ({self.computed_at:%Y-%m-%d %H:%M})"
