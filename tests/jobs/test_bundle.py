"""The first real kind: all case PDFs of a programme as one ZIP, from the existing case PDF."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from grants.cases import bundle
from jobs import runner
from jobs.models import Job
from jobs.services import is_outdated, start_job
from tests.factories import (
    BudgetLineFactory,
    CaseFactory,
    DecisionFactory,
    ForumMemberFactory,
    ProgrammeFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory.create(name="Inklusion Midt")
    first = ProjectFactory.create(programme=programme, name="A-projekt")
    second = ProjectFactory.create(programme=programme, name="B-projekt")
    CaseFactory.create(project=first, title="Første sag", case_number="1-30-1")
    CaseFactory.create(project=second, title="Anden sag", case_number="1-30-2")
    CaseFactory.create(title="Sag i et andet program")
    return programme


def _run(programme, user) -> Job:
    job = start_job(kind=bundle.CODE, params={"programme": programme.pk}, by=user)
    runner.run(job.pk)
    job.refresh_from_db()
    return job


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_zip_holds_one_case_pdf_per_case_of_the_programme(programme):
    job = _run(programme, StaffFactory.create())
    assert job.state == Job.State.DONE, job.error
    assert job.result_name == "sager-inklusion-midt.zip"
    assert job.result_content_type == "application/zip"
    with zipfile.ZipFile(job.result.open("rb")) as archive:
        names = archive.namelist()
        assert names == ["sag-1-30-1.pdf", "sag-1-30-2.pdf"]
        texts = [_pdf_text(archive.read(name)) for name in names]
    assert "Første sag" in texts[0]
    assert "Anden sag" in texts[1]
    assert all("andet program" not in text for text in texts)
    assert (job.progress_done, job.progress_total) == (2, 2)


def test_cases_with_the_same_number_keep_a_file_each(programme):
    project = programme.projects.first()
    CaseFactory.create(project=project, title="Tredje sag", case_number="1-30-1")
    job = _run(programme, StaffFactory.create())
    with zipfile.ZipFile(job.result.open("rb")) as archive:
        names = archive.namelist()
    assert len(names) == len(set(names)) == 3


def test_the_zip_is_outdated_when_a_case_or_its_budget_changes(programme):
    job = _run(programme, StaffFactory.create())
    assert not is_outdated(job)
    case = programme.projects.first().cases.first()
    case.title = "Første sag, rettet"
    case.save()
    assert is_outdated(job)

    job = _run(programme, StaffFactory.create())
    assert not is_outdated(job)
    BudgetLineFactory.create(decision=DecisionFactory.create(project=case.project))
    assert is_outdated(job)


def test_who_may_start_it():
    programme = ProgrammeFactory.create()
    empty = ProgrammeFactory.create()
    CaseFactory.create(project=ProjectFactory.create(programme=programme))
    params = {"programme": programme.pk}
    assert bundle.may_start(StaffFactory.create(), params)
    assert bundle.may_start(ForumMemberFactory.create(), params)
    assert not bundle.may_start(SecretariatFactory.create(), params)
    assert not bundle.may_start(StaffFactory.create(), {"programme": empty.pk})
    assert not bundle.may_start(StaffFactory.create(), {"programme": 999_999})
    assert not bundle.may_start(StaffFactory.create(), {"programme": "x"})


def test_the_start_form_offers_the_programmes_with_cases(programme):
    ProgrammeFactory.create(name="Tomt program")
    client = Client()
    client.force_login(StaffFactory.create())
    response = client.get(reverse("jobs:start", args=[bundle.CODE]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{programme.pk}">Inklusion Midt</option>' in body
    assert "Tomt program" not in body
    response = client.post(reverse("jobs:start", args=[bundle.CODE]), {"programme": programme.pk})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.description == "Inklusion Midt"


def test_a_vanished_programme_fails_the_job_with_a_message():
    staff = StaffFactory.create()
    job = Job.objects.create(kind=bundle.CODE, params={"programme": 999_999}, started_by=staff)
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error and "Traceback" not in job.error


def test_the_case_list_links_to_the_programme_zip(programme):
    client = Client()
    client.force_login(StaffFactory.create())
    body = client.get(reverse("grants:case_list")).content.decode()
    assert reverse("jobs:start", args=[bundle.CODE]) in body


def test_the_zip_records_its_cases_and_projects_and_closes_with_the_right_to_read_them(programme):
    forum = ForumMemberFactory.create()
    job = _run(programme, forum)
    projects = sorted(programme.projects.values_list("pk", flat=True))
    assert job.manifest["projects"] == projects
    assert len(job.manifest["cases"]) == 2
    assert bundle.may_see_result(forum, job.params, job.manifest)
    # Whoever reads every project's cases may read a ZIP that does not say what it holds;
    # no one else may.
    assert bundle.may_see_result(StaffFactory.create(), job.params, {})
    assert not bundle.may_see_result(SecretariatFactory.create(), job.params, job.manifest)
    client = Client()
    client.force_login(forum)
    download = reverse("jobs:download", args=[job.pk])
    assert client.get(download).status_code == 200
    forum.groups.set(SecretariatFactory.create().groups.all())
    response = client.get(download)
    assert response.status_code == 403
    assert not response.content.startswith(b"PK")
