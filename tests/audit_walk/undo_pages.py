"""Scenarios of "Fortryd": a row deleted on its confirmation page, then put back from the
message's undo button. Both writes name the user who made them."""

from __future__ import annotations

from django.urls import reverse

from grants.models import EffortArea, ProjectFundingSource
from meetings.models import AgendaItem
from spending.models import CostCategory, ExpenditureLine, ReportingDeadline
from tests.audit_walk.harness import Walk, scenario
from tests.audit_walk.meeting_pages import _two_items
from tests.audit_walk.setup_pages import SETS_UP, _second_area, _second_source

SECRETARIAT = "member"
STAFF = "regional"


def _deleted_and_restored(w: Walk, destroy: str, restore: str, pk: int) -> None:
    w.act(reverse(destroy, args=[pk]))
    w.post(reverse(restore, args=[pk]))


def _line_without_file(w: Walk) -> None:
    # A line whose file would go with it cannot come back: the world's line has one.
    line = ExpenditureLine.objects.get(pk=w.ids["spending_line"])
    line.pk = None
    line.attachment = ""
    line.description = "Uden bilag"
    line.save()
    w.ids["plain_line"] = line.pk


@scenario(
    actor=SECRETARIAT,
    posts=["spending:line_delete", "spending:line_restore"],
    writes=["spending.ExpenditureLine"],
    given=_line_without_file,
)
def line_restored(w: Walk) -> None:
    pk = w.ids["plain_line"]
    _deleted_and_restored(w, "spending:line_delete", "spending:line_restore", pk)
    assert ExpenditureLine.objects.filter(pk=pk).exists()


@scenario(
    actor=STAFF,
    posts=["spending:deadline_delete", "spending:deadline_restore"],
    writes=["spending.ReportingDeadline"],
)
def deadline_restored(w: Walk) -> None:
    pk = w.ids["deadline"]
    _deleted_and_restored(w, "spending:deadline_delete", "spending:deadline_restore", pk)
    assert ReportingDeadline.objects.filter(pk=pk).exists()


@scenario(
    actor=STAFF,
    posts=["spending:category_delete", "spending:category_restore"],
    writes=["spending.CostCategory"],
)
def category_restored(w: Walk) -> None:
    pk = w.ids["cost_category"]
    _deleted_and_restored(w, "spending:category_delete", "spending:category_restore", pk)
    assert CostCategory.objects.filter(pk=pk).exists()


@scenario(
    actor=SETS_UP,
    posts=["grants:effortarea_delete", "grants:effortarea_restore"],
    writes=["grants.EffortArea"],
    given=_second_area,
)
def effort_area_restored(w: Walk) -> None:
    pk = w.ids["second_area"]
    _deleted_and_restored(w, "grants:effortarea_delete", "grants:effortarea_restore", pk)
    assert EffortArea.objects.filter(pk=pk).exists()


@scenario(
    actor=SETS_UP,
    posts=["grants:projectfundingsource_remove", "grants:projectfundingsource_restore"],
    writes=["grants.ProjectFundingSource"],
    given=_second_source,
)
def project_source_restored(w: Walk) -> None:
    pk = w.ids["second_source"]
    _deleted_and_restored(
        w, "grants:projectfundingsource_remove", "grants:projectfundingsource_restore", pk
    )
    assert ProjectFundingSource.objects.filter(pk=pk).exists()


@scenario(
    actor=STAFF,
    posts=["meetings:item_remove", "meetings:item_restore"],
    writes=["meetings.AgendaItem"],
    given=_two_items,
)
def agenda_item_restored(w: Walk) -> None:
    pk = w.ids["second_item"]
    _deleted_and_restored(w, "meetings:item_remove", "meetings:item_restore", pk)
    assert AgendaItem.objects.filter(pk=pk).exists()
