"""A job from start to download in a real browser: the programme's case PDFs as one ZIP.

The worker (the database backend's own) polls in a thread of this process while the browser
watches the job's page; the progress bar updates by htmx polling, with no inline script, and
the ZIP is downloaded through the checked view.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from grants.cases import bundle
from jobs.models import Job
from jobs.tasks import enqueue
from tests.browser.axe import PASSWORD, check_accessibility, download, login, submit, visit
from tests.factories import CaseFactory, ProgrammeFactory, ProjectFactory
from tests.jobs.helpers import background_worker
from tests.participants.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_start_the_programme_zip_watch_it_finish_and_download_it(
    page: Page, live_server: LiveServer, staff: User, tmp_path: Path
) -> None:
    programme = ProgrammeFactory.create(name="Inklusion Midt")
    for number in range(1, 4):
        project = ProjectFactory.create(programme=programme, name=f"Projekt {number}")
        CaseFactory.create(project=project, title=f"Sag nummer {number}", case_number=f"7-{number}")
    login(page, live_server, staff.username, PASSWORD)

    visit(page, live_server.url + reverse("grants:case_list"))
    submit(page, page.get_by_test_id("programme-zip"))
    page.get_by_label("Program").select_option(str(programme.pk))
    submit(page, page.get_by_role("button", name="Start"))

    # The job page, before any worker has run it: queued, and polling.
    job = Job.objects.get()
    assert page.url.endswith(job.get_absolute_url())
    state = page.get_by_test_id("job-state")
    expect(state).to_have_attribute("data-state", "queued")
    expect(page.get_by_test_id("job-progress")).to_be_visible()

    with background_worker():
        # The same document all along: htmx swaps the status in, up to done.
        expect(state).to_have_attribute("data-state", "done", timeout=120_000)
    check_accessibility(page, "the job page when done")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("value", "100")
    assert page.url.endswith(job.get_absolute_url())

    path = tmp_path / "sager.zip"
    saved = download(page, page.get_by_test_id("job-download"), path)
    assert saved.suggested_filename == "sager-inklusion-midt.zip"
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert archive.namelist() == ["sag-7-1.pdf", "sag-7-2.pdf", "sag-7-3.pdf"]
        assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())

    visit(page, live_server.url + reverse("jobs:list"))
    expect(page.locator(f"a[href='{job.get_absolute_url()}']")).to_have_count(1)


def test_a_failed_job_shows_its_message_and_is_retried_once_it_can_succeed(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    programme = ProgrammeFactory.create(name="Tomt program")
    job = Job.objects.create(
        kind=bundle.CODE, params={"programme": programme.pk}, started_by=staff, language="da"
    )
    login(page, live_server, staff.username, PASSWORD)
    with background_worker():
        enqueue(job)  # queued by hand: start_job refuses a programme without cases
        visit(page, f"{live_server.url}{job.get_absolute_url()}")
        expect(page.get_by_test_id("job-state")).to_have_attribute(
            "data-state", "failed", timeout=60_000
        )
        check_accessibility(page, "the failed job")
        expect(page.get_by_test_id("job-error")).to_contain_text("ingen sager")
        expect(page.get_by_test_id("job-retry")).to_have_count(0)  # nothing to retry on yet

        CaseFactory.create(project=ProjectFactory.create(programme=programme), case_number="9")
        visit(page, f"{live_server.url}{job.get_absolute_url()}")
        submit(page, page.get_by_test_id("job-retry"))
        expect(page.get_by_test_id("job-state")).to_have_attribute(
            "data-state", "done", timeout=120_000
        )
    check_accessibility(page, "the retried job when done")


def test_a_large_course_export_is_prepared_in_the_background_and_downloaded(
    page: Page, live_server: LiveServer, settings: Any, tmp_path: Path
) -> None:
    settings.COURSE_EXPORT_INLINE_ROWS = 0  # every export counts as large here
    world = build_world()
    login(page, live_server, world.secretary.username, PASSWORD)

    visit(page, live_server.url + reverse("participants:course_list"))
    submit(page, page.get_by_test_id("course-export"))
    expect(page.get_by_test_id("course-export-rows")).to_contain_text("1")
    assert not Job.objects.exists()  # the page only offers the job
    submit(page, page.get_by_role("button", name="Lav filen"))

    job = Job.objects.get()
    assert page.url.endswith(job.get_absolute_url())
    state = page.get_by_test_id("job-state")
    with background_worker():
        expect(state).to_have_attribute("data-state", "done", timeout=120_000)
    check_accessibility(page, "the export job's page when done")
    path = tmp_path / "courses.xlsx"
    download(page, page.get_by_test_id("job-download"), path)
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [world.participant.reference]
