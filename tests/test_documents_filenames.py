"""Every download has a Danish name: the real one (æ, ø, å) in RFC 6266's `filename*`, and the
same transliterated (æ→ae, ø→oe, å→aa) in `filename=`, made by one helper, `core.filenames`."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import reverse

from core.filenames import ascii_filename, attach, content_disposition, download_name, transliterate
from grants.cases import bundle
from grants.cases.services import attachment_add
from grants.models import Case, Project
from jobs.registry import JobContext
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    ProgrammeFactory,
    ProjectFactory,
    StaffFactory,
)
from tests.grants.cases.test_attachments import PDF
from tests.participants.world import build_world, client_for, grant
from tests.spending.world import build_world as spending_world

NAME = "Grøn vækst på Ærø"
SLUG = "grøn-vækst-på-ærø"
ASCII_SLUG = "groen-vaekst-paa-aeroe"


def names(response: HttpResponseBase) -> tuple[str, str]:
    """(ASCII name, real name) of a download; the real name is the ASCII one when it is ASCII."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    fallback = re.search(r'filename="([^"]*)"', disposition)
    assert fallback, disposition
    assert fallback.group(1).isascii()
    real = re.search(r"filename\*=utf-8''(\S+)", disposition)
    return fallback.group(1), unquote(real.group(1)) if real else fallback.group(1)


# The helper ---------------------------------------------------------------------------------


def test_danish_letters_are_transliterated_the_danish_way() -> None:
    assert transliterate("Grøn vækst på Ærø; Åby Øster") == "Groen vaekst paa Aeroe; Aaby Oester"
    assert transliterate("Café Müller") == "Cafe Mueller"
    assert ascii_filename("socialfondsansøgning.pdf") == "socialfondsansoegning.pdf"


def test_a_name_keeps_its_letters_and_puts_the_date_last_in_iso() -> None:
    assert download_name("Forlængelse", "2019–2020", ext="pdf") == "forlængelse-2019-2020.pdf"
    assert (
        download_name("Dagsorden", "Vækstforum", "", day=datetime.date(2027, 3, 3), ext="pdf")
        == "dagsorden-vækstforum-2027-03-03.pdf"
    )
    assert download_name("", ext="zip") == "rummelig.zip"
    assert download_name('a/b "c";', ext="csv") == "a-b-c.csv"


def test_the_header_carries_both_names_and_nothing_that_breaks_it() -> None:
    assert content_disposition("grøn vækst.pdf") == (
        "attachment; filename=\"groen vaekst.pdf\"; filename*=utf-8''gr%C3%B8n%20v%C3%A6kst.pdf"
    )
    assert content_disposition("plain.pdf") == 'attachment; filename="plain.pdf"'
    header = content_disposition('x";\r\nSet-Cookie: a=b.pdf')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
    assert names(attach(HttpResponse(), "forlængelse.pdf")) == (
        "forlaengelse.pdf",
        "forlængelse.pdf",
    )


# Each download ------------------------------------------------------------------------------


@pytest.fixture
def project(db: None) -> Project:
    return ProjectFactory.create(
        name=NAME, programme=ProgrammeFactory.create(name="Inklusion på Ærø")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_a_budget_table_is_named_budget_og_finansiering(
    staff_client: Client, project: Project, fmt: str
) -> None:
    url = reverse("grants:budget_table_export", args=["project", project.pk, fmt])
    assert names(staff_client.get(url)) == (
        f"budget-og-finansiering-{ASCII_SLUG}.{fmt}",
        f"budget-og-finansiering-{SLUG}.{fmt}",
    )


@pytest.mark.django_db
def test_a_decisions_budget_table_names_the_decision_and_its_project(
    staff_client: Client, project: Project
) -> None:
    decision = DecisionFactory.create(project=project, title="Forlængelse")
    url = reverse("grants:budget_table_export", args=["decision", decision.pk, "csv"])
    assert names(staff_client.get(url))[1] == f"budget-og-finansiering-forlængelse-{SLUG}.csv"


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["pdf", "pdfa"])  # one tagged PDF/A file: one name
def test_a_case_pdf_is_named_by_its_case_number(
    staff_client: Client, project: Project, variant: str
) -> None:
    case = CaseFactory.create(project=project, case_number="1-30-76-45-17")
    response = staff_client.get(reverse("grants:case_pdf", args=[case.pk]) + f"?variant={variant}")
    assert names(response) == ("sag-1-30-76-45-17.pdf",) * 2


@pytest.mark.django_db
def test_the_programmes_case_zip_and_its_files_have_danish_names(project: Project) -> None:
    CaseFactory.create(project=project, case_number="1-30-76-45-17")
    CaseFactory.create(project=project, case_number="")
    staff = StaffFactory.create()
    result = bundle.run(JobContext({"programme": project.programme_id}, staff, lambda *_: None))
    assert result.filename == "sager-inklusion-på-ærø.zip"
    with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
        listed = sorted(archive.namelist())
    bare = Case.objects.get(case_number="").pk
    assert listed == sorted(["sag-1-30-76-45-17.pdf", f"sag-{bare}.pdf"])


@pytest.mark.django_db
def test_an_attachment_keeps_its_uploaded_danish_name(
    staff_client: Client, project: Project
) -> None:
    attachment = attachment_add(
        case=CaseFactory.create(project=project),
        title="Ansøgning",
        dated=None,
        upload=SimpleUploadedFile("Socialfondsansøgning forlængelse.pdf", PDF),
        by=StaffFactory.create(),
    )
    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert names(response) == (
        "Socialfondsansoegning forlaengelse.pdf",
        "Socialfondsansøgning forlængelse.pdf",
    )


@pytest.mark.django_db
def test_progress_workbooks_are_named_fremdrift(staff_client: Client, project: Project) -> None:
    url = reverse("progress:project_progress_xlsx", args=[project.pk])
    assert names(staff_client.get(url)) == (
        f"fremdrift-{ASCII_SLUG}.xlsx",
        f"fremdrift-{SLUG}.xlsx",
    )
    url = reverse("progress:programme_progress_xlsx", args=[project.programme_id])
    assert names(staff_client.get(url))[1] == "fremdrift-inklusion-på-ærø.xlsx"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_money_overview_is_named_oekonomi(
    staff_client: Client, project: Project, fmt: str
) -> None:
    url = reverse("spending:project_money_export", args=[project.pk, fmt])
    assert names(staff_client.get(url)) == (f"oekonomi-{ASCII_SLUG}.{fmt}", f"økonomi-{SLUG}.{fmt}")


@pytest.mark.django_db
def test_the_course_export_and_import_template_have_danish_names() -> None:
    world = build_world()
    client = client_for(world.secretary)
    day = datetime.date.today().isoformat()
    exported = client.get(reverse("participants:course_export"))
    assert names(exported) == (f"indslusningsforloeb-{day}.xlsx", f"indslusningsforløb-{day}.xlsx")
    template = client.get(reverse("participants:course_import_template"))
    assert names(template) == (
        "skabelon-til-forloebsimport.xlsx",
        "skabelon-til-forløbsimport.xlsx",
    )


@pytest.mark.django_db
def test_the_data_subject_export_is_named_personoplysninger() -> None:
    world = build_world()
    secretary = grant(world.secretary, "view_special_categories")
    url = reverse("participants:participant_export_personal_data", args=[world.participant.pk])
    fallback, real = names(client_for(secretary).get(url))
    assert fallback == real
    assert re.fullmatch(r"personoplysninger-ri-0001-\d{4}-\d{2}-\d{2}\.json", real)


@pytest.mark.django_db
def test_the_expenditure_import_template_is_named_for_its_project() -> None:
    world = spending_world()
    world.project.name = NAME
    world.project.save()
    report = world.report()
    response = client_for(world.secretariat).get(
        reverse("spending:line_import_template", args=[report.pk])
    )
    assert names(response) == (
        f"skabelon-til-udgiftsimport-{ASCII_SLUG}.xlsx",
        f"skabelon-til-udgiftsimport-{SLUG}.xlsx",
    )
