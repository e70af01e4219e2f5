"""The undo buttons' URLs × roles: whoever may delete a row may bring it back, right after.

The world holds one row of each kind deleted through the audited write (so its history ends
in a deletion): a restore by those who may delete it succeeds (a redirect with its message).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from core import audit
from grants.models import Case, Project
from meetings.models import Meeting
from spending.models import CostCategory, SpendingReport
from spending.services import reports as report_services
from tests.factories import EffortAreaFactory, ProjectFundingSourceFactory
from tests.matrix.base import EDIT_GRANTS, Entry, World, _, _post
from tests.matrix.spending_reports import ENTER, REVIEW, SET_UP
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.spending.factories import CostCategoryFactory, DeadlineFactory


def extend(world: World) -> None:
    project = Project.objects.get(pk=world.ids["project"])
    staff, member = world.users["regional"], world.users["member"]
    assert isinstance(staff, User) and isinstance(member, User)
    area = EffortAreaFactory.create(project=project, name="Slettet indsats")
    choice = ProjectFundingSourceFactory.create(project=project)
    deadline = DeadlineFactory.create(
        project=project,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 6, 30),
        due_on=datetime.date(2020, 8, 31),
    )
    category = CostCategoryFactory.create(programme=project.programme, code="GONE")
    meeting = MeetingFactory.create(status=Meeting.Status.PLANNING)
    item = AgendaItemFactory.create(
        meeting=meeting, case=Case.objects.get(pk=world.ids["case"]), number=1, order=1
    )
    line = report_services.line_add(
        report=SpendingReport.objects.get(pk=world.ids["spending_report"]),
        by=member,
        fields={
            "spent_on": datetime.date(2019, 3, 1),
            "paid_on": datetime.date(2019, 3, 10),
            "effort_area": EffortAreaFactory.create(project=project),
            "cost_category": CostCategory.objects.get(programme=project.programme, code="SAL"),
            "description": "Husleje",
            "amount": 2_000,
        },
    )
    world.ids.update(
        {
            "deleted_area": area.pk,
            "deleted_choice": choice.pk,
            "deleted_deadline": deadline.pk,
            "deleted_category": category.pk,
            "deleted_item": item.pk,
            "deleted_line": line.pk,
        }
    )
    for row in (area, choice, deadline, category, item):
        audit.delete(row, by=staff)
    audit.delete(line, by=member)


ENTRIES: dict[str, Entry] = {
    "grants:effortarea_restore": Entry(_("deleted_area"), _post(EDIT_GRANTS), method="post"),
    "grants:projectfundingsource_restore": Entry(
        _("deleted_choice"), _post(EDIT_GRANTS), method="post"
    ),
    "spending:deadline_restore": Entry(_("deleted_deadline"), _post(REVIEW), method="post"),
    "spending:category_restore": Entry(_("deleted_category"), _post(SET_UP), method="post"),
    "spending:line_restore": Entry(_("deleted_line"), _post(ENTER), method="post"),
    "meetings:item_restore": Entry(_("deleted_item"), _post(EDIT_GRANTS), method="post"),
}
