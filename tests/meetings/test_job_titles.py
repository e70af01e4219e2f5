"""'My jobs' names each job by what it makes: the document, its variant, the meeting and date."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jobs.services import start_job
from meetings.background import AGENDA_PACK, MINUTES
from meetings.models import Meeting
from tests.factories import StaffFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_my_jobs_tells_the_two_minutes_variants_apart_by_title() -> None:
    staff = StaffFactory.create()
    meeting = MeetingFactory.create(status=Meeting.Status.HELD)
    published = start_job(kind=MINUTES, params={"meeting": meeting.pk, "closed": 0}, by=staff)
    complete = start_job(kind=MINUTES, params={"meeting": meeting.pk, "closed": 1}, by=staff)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("jobs:list")).content.decode()
    titles = {
        published: "Referat som offentliggjort (uden de lukkede punkter), Vækstforum 12.03.2027",
        complete: "Referat med de lukkede punkter, Vækstforum 12.03.2027",
    }
    for job, title in titles.items():
        assert f'<a href="{job.get_absolute_url()}">{title}</a>' in page


def test_an_agenda_pack_job_says_its_variant_too() -> None:
    staff = StaffFactory.create()
    meeting = MeetingFactory.create()
    job = start_job(kind=AGENDA_PACK, params={"meeting": meeting.pk, "closed": 1}, by=staff)
    assert job.description == "Dagsordenspakke med de lukkede punkter, Vækstforum 12.03.2027"
