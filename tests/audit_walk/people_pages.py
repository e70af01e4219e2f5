"""Scenarios of the pages about people and companies: participants, their courses and
outcomes, the course import and erasure, and companies. The project's secretariat writes them."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from companies.models import Company, Municipality
from demo.participants import cvr_number
from participants.imports.reader import COLUMNS
from participants.models import Category, OnboardingCourse, Participant
from tests.audit_walk.harness import Walk, scenario
from tests.factories import CourseFactory, ParticipantFactory

SECRETARIAT = "member"


@scenario(
    actor=SECRETARIAT,
    posts=["participants:participant_register"],
    writes=["participants.Participant", "participants.OnboardingCourse"],
)
def participant_registered(w: Walk) -> None:
    url = reverse("participants:participant_register")
    data = w.form(url)
    data.update(
        {
            "participant-project": str(w.ids["project"]),
            "participant-reference": "RI-0100",
            "participant-birth_year": "1990",
            "participant-gender": "male",
            "participant-municipality": str(Municipality.objects.get(code="751").pk),
            "participant-target_groups": [
                str(Category.objects.get(kind="target_group", code="refugee-immigrant").pk)
            ],
            "course-company": str(w.ids["company"]),
            "course-start_date": "2019-08-01",
        }
    )
    w.post(url, data)
    participant = Participant.objects.get(reference="RI-0100")
    assert participant.courses.get().company_id == w.ids["company"]
    group = participant.target_groups.get()
    assert group.code == "refugee-immigrant"
    record = participant.history.latest("history_id")  # type: ignore[attr-defined]
    assert [row.category_id for row in record.target_groups.all()] == [group.pk]


@scenario(
    actor=SECRETARIAT,
    posts=["participants:participant_update"],
    writes=["participants.Participant"],
)
def participant_changed(w: Walk) -> None:
    url = reverse("participants:participant_update", args=[w.ids["participant"]])
    data = w.form(url)
    data["birth_year"] = "1971"
    w.post(url, data)
    assert Participant.objects.get(pk=w.ids["participant"]).birth_year == 1971


@scenario(
    actor=SECRETARIAT,
    posts=["participants:course_create"],
    writes=["participants.OnboardingCourse"],
)
def course_added(w: Walk) -> None:
    url = reverse("participants:course_create", args=[w.ids["participant"]])
    data = w.form(url)
    data.update(company=str(w.ids["company"]), start_date="2020-02-03")
    w.post(url, data)
    courses = OnboardingCourse.objects.filter(participant_id=w.ids["participant"])
    assert courses.filter(start_date=datetime.date(2020, 2, 3)).exists()


@scenario(
    actor=SECRETARIAT,
    posts=["participants:course_update"],
    writes=["participants.OnboardingCourse"],
)
def course_changed(w: Walk) -> None:
    url = reverse("participants:course_update", args=[w.ids["course"]])
    data = w.form(url)
    data["end_date"] = "2019-06-28"
    w.post(url, data)
    course = OnboardingCourse.objects.get(pk=w.ids["course"])
    assert course.end_date == datetime.date(2019, 6, 28)


@scenario(
    actor=SECRETARIAT,
    posts=["participants:course_outcome"],
    writes=["participants.OnboardingCourse"],
)
def course_outcome_recorded(w: Walk) -> None:
    url = reverse("participants:course_outcome", args=[w.ids["course"]])
    page = reverse("participants:participant_detail", args=[w.ids["participant"]])
    data = w.form(page, url)
    data.update(outcome="flex_job", outcome_date="2019-07-01")
    w.post(url, data)
    assert OnboardingCourse.objects.get(pk=w.ids["course"]).outcome == "flex_job"


def _sheet(company: Company) -> bytes:
    cells = {
        "reference": "RI-0200",
        "birth_year": 1985,
        "gender": "female",
        "municipality_code": "751",
        "company_cvr": company.cvr,
        "start_date": datetime.date(2019, 3, 1),
        "end_date": datetime.date(2019, 6, 28),
        "mentor": "ja",
        "outcome": "flex_job",
        "outcome_date": datetime.date(2019, 7, 1),
    }
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append([cells.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@scenario(
    actor=SECRETARIAT,
    posts=["participants:course_import"],
    writes=["participants.Participant", "participants.OnboardingCourse"],
)
def courses_imported(w: Walk) -> None:
    url = reverse("participants:course_import")
    data = w.form(url)
    sheet = _sheet(Company.objects.get(pk=w.ids["company"]))
    data.update(project=str(w.ids["project"]), file=SimpleUploadedFile("forløb.xlsx", sheet))
    w.post(url, data)
    assert OnboardingCourse.objects.filter(participant__reference="RI-0200").count() == 1


def _participant_to_erase(w: Walk) -> None:
    participant = ParticipantFactory.create(project_id=w.ids["project"], reference="RI-0300")
    assert isinstance(participant, Participant)
    CourseFactory.create(participant=participant, company_id=w.ids["company"])
    w.ids["erased"] = participant.pk


@scenario(
    actor=SECRETARIAT,
    posts=["participants:participant_erase"],
    # The participant's own history is purged with them; their course's history stays.
    writes=["participants.OnboardingCourse"],
    given=_participant_to_erase,
)
def participant_erased(w: Walk) -> None:
    url = reverse("participants:participant_erase", args=[w.ids["erased"]])
    data = w.form(url)
    data["reference"] = "RI-0300"
    w.post(url, data)
    assert not Participant.objects.filter(pk=w.ids["erased"]).exists()


@scenario(actor=SECRETARIAT, posts=["companies:company_create"], writes=["companies.Company"])
def company_created(w: Walk) -> None:
    url = reverse("companies:company_create")
    data = w.form(url)
    data.update(
        name="Smedjen ApS",
        cvr=cvr_number(1, first=7_000_000),
        municipality=str(Municipality.objects.get(code="751").pk),
        projects=[str(w.ids["project"])],
    )
    w.post(url, data)
    company = Company.objects.get(name="Smedjen ApS")
    assert list(company.projects.values_list("pk", flat=True)) == [w.ids["project"]]
    # The company's history holds its projects as they were linked, and who linked them.
    record = company.history.latest("history_id")  # type: ignore[attr-defined]
    assert record.history_user_id == w.actor.pk, "the links were written naming nobody"
    assert [link.project_id for link in record.projects.all()] == [w.ids["project"]]


@scenario(actor=SECRETARIAT, posts=["companies:company_update"], writes=["companies.Company"])
def company_changed(w: Walk) -> None:
    url = reverse("companies:company_update", args=[w.ids["company"]])
    data = w.form(url)
    data["notes"] = "Tager gerne flere i praktik."
    w.post(url, data)
    assert Company.objects.get(pk=w.ids["company"]).notes == "Tager gerne flere i praktik."
