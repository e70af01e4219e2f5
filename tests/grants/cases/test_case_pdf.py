"""The case presentation as PDF: the seed case paper's figures and sections, page numbers, the
draft mark, PDF/A metadata, embedded fonts, and no network access while rendering.

PDFs are read back with poppler-utils (pdftotext, pdftoppm), as a reader's viewer would.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as ET  # type: ignore[import-untyped]
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from pypdf import PdfReader

from core import pdf as case_pdf_module
from core.pdf import NetworkRefused, NoNetworkFetcher, html_to_pdf, page_counter_content
from grants.cases.pdf import case_html, case_pdf
from grants.cases.presentation import AUTHOR, case_presentation
from grants.models import Case, Project
from tests.factories import CaseFactory
from tests.seed import SEED_CASE, seed_table

pytestmark = pytest.mark.django_db

CASE_NUMBER = "1-30-76-45-17"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


# Reading PDFs back -------------------------------------------------------------------------------


def require_tool(name: str) -> str:
    """The path of a poppler-utils program; a missing one fails under CI, else skips."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing: apt-get install poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The text of a PDF as `pdftotext -layout` gives it; pages end with a form feed."""
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace collapsed, and a year range broken after its dash ("2016-\\n2018") joined."""
    return re.sub(r"(\d)- (\d)", r"\1-\2", " ".join(text.split()))


def xmp_values(content: bytes) -> dict[str, str]:
    """The PDF/A identification of the XMP metadata: {"part": "3", "conformance": "A"}."""
    root: Any = PdfReader(io.BytesIO(content)).trailer["/Root"]
    if "/Metadata" not in root:
        return {}
    metadata = root["/Metadata"].get_object().get_data()
    values = {}
    for element in ET.fromstring(metadata).iter():
        for key in ("part", "conformance"):
            if PDFAID + key in element.attrib:
                values[key] = element.attrib[PDFAID + key]
            if element.tag == PDFAID + key and element.text:
                values[key] = element.text
    return values


def unembedded_fonts(content: bytes) -> list[str]:
    missing = []
    for page in PdfReader(io.BytesIO(content)).pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources.get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            for each in [font, *[f.get_object() for f in font.get("/DescendantFonts", [])]]:
                descriptor = each.get("/FontDescriptor")
                if descriptor is None:
                    continue
                if not any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    missing.append(str(each.get("/BaseFont")))
    return missing


# What the seed case must show ---------------------------------------------------------------------


def seed_summary_figures() -> list[str]:
    """Every figure of the seed's summary as printed: "21", "2015", "2016-2018", "4", ..."""
    text = SEED_CASE.read_text(encoding="utf-8")
    summary = text[text.index("Resumé") : text.index("at der af de regionale")]
    return re.findall(r"\d+(?:[.,-]\d+)*", flat(summary))


SEED_SENTENCES = [
    "at der af de regionale erhvervsudviklingsmidler bevilges i alt 1 mio. kr. i perioden "
    "2017 til 2019 til Projektsekretariatet ApS",
    "at der af EU's socialfondsmidlerne bevilges i alt 2 mio. kr. i perioden 2017 til 2019",
    "Bevillingen udmøntes med 1 mio. kr. i 2017, 2 mio. kr. i 2018 og 1 mio. kr. i 2019.",
    "at der af de regionale erhvervsudviklingsmidler bevilges i alt 6 mio. kr. i perioden "
    "2018 til 2020 til Projektsekretariatet ApS",
    "at der af EU's socialfondsmidlerne bevilges i alt 12 mio. kr. i perioden 2018 til 2020",
    "Bevillingen udmøntes med 6 mio. kr. i 2018, 6 mio. kr. i 2019 og 6 mio. kr. i 2020.",
    "Der søges om i alt 4 mio. kr. til gennemførelse af programmet Rummelig imidt i perioden "
    "2016-2018.",
    "Der søges om i alt 24 mio. kr. til gennemførelse af programmet Rummelig imidt i perioden "
    "2019-2020.",
]


def section_headings() -> list[str]:
    """The section headings in the case paper's order, in the active language."""
    return [
        pgettext("case paper section", "Summary"),
        gettext("Recommendation"),
        gettext("Case details"),
        gettext("Economy"),
        gettext("Budget and financing"),
        gettext("Targets"),
        gettext("Attachments"),
        gettext("References"),
    ]


@pytest.fixture
def no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("grants.cases.presentation.open_findings", lambda case: [])


def _seed_case(**fields: Any) -> Case:
    case = Case.objects.select_related("project").get()
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    return case


# The seed case paper -----------------------------------------------------------------------------


def test_the_seed_case_pdf_shows_every_figure_and_section_in_the_case_papers_order(
    seed: Project, no_findings: None, tmp_path: Path
) -> None:
    case = _seed_case(case_number=CASE_NUMBER, meeting_date=date(2017, 10, 5))
    with translation.override("da"):
        content = case_pdf(case_presentation(case))
        headings = section_headings()
        financing_total = gettext("Financing total")
        footer = gettext("Page %(page)s of %(pages)s")
    text = pdf_text(content, tmp_path)
    pages = [page for page in text.split("\f") if page.strip()]
    joined = flat(text)

    for figure in seed_summary_figures():
        assert figure in joined, figure
    for sentence in SEED_SENTENCES:
        assert sentence in joined, sentence
    _, rows = seed_table()
    for label, values in rows:
        cells = [f"{v:,}".replace(",", ".") for v in values if v is not None]
        pattern = r"^\s*" + re.escape(label or financing_total) + r"\s+" + r"\s+".join(cells)
        assert re.search(pattern + r"\s*$", text, re.MULTILINE), (label, cells)

    lines = [line.strip() for line in text.splitlines()]
    position = -1
    for heading in headings:
        assert heading in lines[position + 1 :], f"{heading!r} missing or out of order"
        position = lines.index(heading, position + 1)

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert footer % {"page": number, "pages": len(pages)} in page
        assert "Region Midtjylland · Regional Udvikling" in page
        assert CASE_NUMBER in page
        assert "5. oktober 2017" in page

    path = tmp_path / "seed.pdf"
    path.write_bytes(content)
    subprocess.run(
        [require_tool("pdftoppm"), "-png", "-r", "50", str(path), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(pages)
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


def test_the_download_is_pdfa_and_has_title_author_language_and_embedded_fonts(
    staff_client: Client, seed: Project, no_findings: None, tmp_path: Path
) -> None:
    case = _seed_case(case_number=CASE_NUMBER)
    url = reverse("grants:case_pdf", args=[case.pk])
    response = staff_client.get(url)
    # The archive variant's old links still answer, with the same (PDF/A) file.
    assert (
        staff_client.get(url + "?variant=pdfa")["Content-Disposition"]
        == (response["Content-Disposition"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert f"{CASE_NUMBER}.pdf" in response["Content-Disposition"]
    content = response.content
    assert xmp_values(content) == {"part": "3", "conformance": "A"}
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == case.title
    assert reader.metadata.author == AUTHOR
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/OutputIntents" in root
    assert unembedded_fonts(content) == []
    assert case.title.split()[0] in pdf_text(content, tmp_path)


def test_a_case_with_open_findings_prints_as_a_draft_on_every_page(
    seed: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        "grants.cases.presentation.open_findings", lambda case: [object(), object()]
    )
    with translation.override("da"):
        content = case_pdf(case_presentation(_seed_case()))
        draft = gettext("Draft")
        why = ngettext(
            "The case has an open consistency finding. The presentation is a draft until the "
            "finding is resolved or acknowledged.",
            "The case has %(counter)s open consistency findings. The presentation is a draft "
            "until every finding is resolved or acknowledged.",
            2,
        ) % {"counter": 2}
    text = pdf_text(content, tmp_path)
    pages = [page for page in text.split("\f") if page.strip()]

    assert all(draft.upper() in page for page in pages)
    # Page 1 also says why, in the banner above the title.
    assert pages[0].count(draft.upper()) == 2
    assert why in flat(pages[0])
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert (reader.metadata.title or "").startswith(draft)


def test_the_page_header_names_the_region_the_case_number_and_the_meeting_date(
    seed: Project, no_findings: None
) -> None:
    case = _seed_case(case_number="17/12345 <b>", meeting_date=date(2017, 10, 5))
    with translation.override("da"):
        html = case_html(case_presentation(case))
    header = html[html.index('data-testid="page-header"') :].split("</div>")[0]
    assert "Region Midtjylland · Regional Udvikling" in header
    assert "17/12345 &lt;b&gt;" in header
    assert "5. oktober 2017" in header
    assert '<html lang="da">' in html
    assert f'<meta name="author" content="{AUTHOR}">' in html


def test_a_style_or_script_in_the_texts_prints_as_text_and_the_text_after_it_is_in_the_pdf(
    no_findings: None, tmp_path: Path
) -> None:
    case = CaseFactory.create(
        summary="Resumé før.\n\n<style>\n\nAfsnittet efter style-mærket.",
        text="<script>alert(1)</script>\n\nSagsfremstillingen efter scriptet.",
        economy_text="<div>\n\nØkonomien efter div med **fed**.",
    )
    doc = case_presentation(case)
    with translation.override("da"):
        content = case_pdf(doc)
        html = case_html(doc)
    text = flat(pdf_text(content, tmp_path))

    assert "Resumé før." in text
    assert "Afsnittet efter style-mærket." in text
    assert "<style>" in text
    assert "<script>alert(1)</script>" in text
    assert "Sagsfremstillingen efter scriptet." in text
    assert "Økonomien efter div med fed." in text
    assert "<strong>fed</strong>" in html
    assert "<script>alert" not in html


# No network -------------------------------------------------------------------------------------


def test_the_url_fetcher_refuses_every_address_and_the_pdf_still_renders() -> None:
    fetcher = NoNetworkFetcher()
    html = (
        '<html><head><link rel="stylesheet" href="https://example.invalid/a.css"></head>'
        '<body><p>Tekst</p><img src="http://example.invalid/x.png" alt="x">'
        '<img src="file:///etc/hostname" alt="y"></body></html>'
    )
    content = html_to_pdf(html, fetcher=fetcher)

    assert content.startswith(b"%PDF-")
    assert {
        "https://example.invalid/a.css",
        "http://example.invalid/x.png",
        "file:///etc/hostname",
    } <= set(fetcher.refused)
    with pytest.raises(NetworkRefused):
        fetcher.fetch("https://example.invalid/")


def test_a_case_text_with_an_image_and_a_link_causes_no_fetch(
    monkeypatch: pytest.MonkeyPatch, no_findings: None
) -> None:
    case = CaseFactory.create(
        text='<img src="http://example.invalid/logo.png"> [Se mere](http://example.invalid/side)',
        summary="![billede](https://example.invalid/billede.png)",
    )
    doc = case_presentation(case)
    used: list[NoNetworkFetcher] = []

    class Spy(NoNetworkFetcher):
        def __init__(self) -> None:
            super().__init__()
            used.append(self)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(case_pdf_module, "NoNetworkFetcher", Spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)

    content = case_pdf(doc)

    assert content.startswith(b"%PDF-")
    assert len(used) == 1
    # The sanitiser drops images, so nothing is even asked for; a link is only an annotation.
    assert used[0].refused == []
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(content)).pages
        for annotation in page.get("/Annots", [])
    ]
    assert "http://example.invalid/side" in links


def test_the_page_counter_is_a_css_string_that_cannot_break_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        case_pdf_module, "_", lambda text: 'Side "%(page)s" \\ </style> af %(pages)s'
    )
    css = page_counter_content()
    assert css == r'"Side \"" counter(page) "\" \\ \3c /style\3e  af " counter(pages)'
    assert "</style>" not in css
