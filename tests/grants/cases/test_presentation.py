"""The case presentation as data and as the preview page: what it says, who may see it, queries."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.roles import FORUM_MEMBER
from demo.case_paper import CASE_ATTACHMENTS
from demo.grants import load_demo
from grants.cases.presentation import ReferenceItem, case_presentation, demote_headings
from grants.models import (
    Case,
    CaseAttachment,
    CaseReference,
    Disbursement,
    Project,
    Recommendation,
    TargetBreakdown,
)
from grants.services import decision_save_lines
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    IndustryFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEED_RECOMMENDATIONS = [
    (
        "at der af de regionale erhvervsudviklingsmidler bevilges i alt 1 mio. kr. i perioden "
        "2017 til 2019 til Projektsekretariatet ApS",
        "at der af EU's socialfondsmidlerne bevilges i alt 2 mio. kr. i perioden 2017 til 2019",
    ),
    (
        "at der af de regionale erhvervsudviklingsmidler bevilges i alt 6 mio. kr. i perioden "
        "2018 til 2020 til Projektsekretariatet ApS",
        "at der af EU's socialfondsmidlerne bevilges i alt 12 mio. kr. i perioden 2018 til 2020",
    ),
]
SEED_DISBURSEMENTS = [
    "Bevillingen udmøntes med 1 mio. kr. i 2017, 2 mio. kr. i 2018 og 1 mio. kr. i 2019",
    "Bevillingen udmøntes med 6 mio. kr. i 2018, 6 mio. kr. i 2019 og 6 mio. kr. i 2020",
]


@pytest.fixture
def no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("grants.cases.presentation.open_findings", lambda case: [])


@pytest.fixture
def two_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "grants.cases.presentation.open_findings", lambda case: [object(), object()]
    )


def _seed_case() -> Case:
    return Case.objects.select_related("project").get()


# The data ---------------------------------------------------------------------------------------


def test_the_seed_case_recommends_in_the_case_papers_words(
    seed: Project, no_findings: None
) -> None:
    doc = case_presentation(_seed_case())

    assert [r.sentences for r in doc.recommendations] == SEED_RECOMMENDATIONS
    assert [r.disbursement for r in doc.recommendations] == SEED_DISBURSEMENTS
    assert [r.title for r in doc.recommendations] == [
        "Øget forbrug i indeværende periode 2016-2018",
        "Forlængelse af Rummelig imidt 2018-2020",
    ]


def test_the_seed_case_carries_its_texts_activities_targets_attachments_and_references(
    seed: Project, no_findings: None
) -> None:
    doc = case_presentation(_seed_case())

    assert "21. oktober 2015" in doc.summary_html
    assert "<li>Landbrug</li>" in doc.summary_html
    assert "<li>LD Cluster, Herning</li>" in doc.text_html
    assert "400 borgere" in doc.text_html
    assert "Der søges om i alt 4 mio. kr." in doc.economy_html
    assert "Der søges om i alt 24 mio. kr." in doc.economy_html
    assert [a.name for a in doc.activities] == [
        "Flere virksomheder",
        "Indslusning",
        "Socialøkonomiske virksomheder",
    ]
    assert all(a.description for a in doc.activities)
    # Only the case's decisions set targets here: the extension's, not the original grant's.
    assert [(t.decision_title, t.value) for t in doc.targets] == [
        ("Forlængelse af Rummelig imidt 2018-2020", 400),
        ("Forlængelse af Rummelig imidt 2018-2020", 40),
        ("Forlængelse af Rummelig imidt 2018-2020", 60),
        ("Forlængelse af Rummelig imidt 2018-2020", 90),
    ]
    assert [(p.label, p.value) for p in doc.targets[-1].breakdown] == [
        ("Landbrug", 30),
        ("Små håndværkervirksomheder", 30),
        ("Turisme", 30),
    ]
    assert [(a.title, a.dated) for a in doc.attachments] == CASE_ATTACHMENTS
    assert [(r.title, r.url) for r in doc.references] == [
        ("www.rummeligimidt.dk", "https://www.rummeligimidt.dk/"),
        ("LinkedIn", "https://www.linkedin.com/groups/13509212"),
        ("Animationsfilm om Rummelig imidt", "https://www.youtube.com/watch?v=h9nrax9a2bE"),
    ]
    assert doc.report.table.budget_total == (2_000_000, 2_000_000, 12_000_000, 12_000_000)
    assert not doc.is_draft


def test_a_case_with_open_findings_is_a_draft(seed: Project, two_findings: None) -> None:
    doc = case_presentation(_seed_case())
    assert doc.is_draft
    assert doc.open_findings == 2


def test_the_demo_stores_a_stand_in_pdf_for_each_attachment_and_loads_twice_alike(
    seed: Project,
) -> None:
    before = list(CaseAttachment.objects.values_list("title", "token", "file", "size"))
    load_demo()
    after = list(CaseAttachment.objects.values_list("title", "token", "file", "size"))

    assert before == after
    assert [title for title, *_ in after] == [title for title, _ in CASE_ATTACHMENTS]
    assert CaseReference.objects.count() == 3
    for attachment in CaseAttachment.objects.all():
        assert attachment.content_type == "application/pdf"
        assert attachment.file.name == f"cases/{attachment.case_id}/{attachment.token}"
        with default_storage.open(attachment.file.name) as stored:
            content = stored.read()
        assert content.startswith(b"%PDF-")
        assert len(content) == attachment.size


def test_the_case_texts_headings_sit_below_the_documents_sections() -> None:
    html = mark_safe("<h2>A</h2><h3>B</h3><p>h2</p>")
    assert demote_headings(html) == "<h3>A</h3><h4>B</h4><p>h2</p>"


def test_text_cannot_bring_images_or_scripts_into_the_document(no_findings: None) -> None:
    case = CaseFactory.create(
        text='## Om\n\n<img src="http://example.invalid/x.png"><script>alert(1)</script> '
        "[Hjemmeside](https://example.org/)"
    )
    doc = case_presentation(case)
    assert "<img" not in doc.text_html
    assert "<script" not in doc.text_html
    assert "<h3>Om</h3>" in doc.text_html
    assert 'href="https://example.org/"' in doc.text_html


@pytest.mark.parametrize(
    ("title", "url", "shows_url"),
    [
        ("www.rummeligimidt.dk", "https://www.rummeligimidt.dk/", False),
        ("LinkedIn", "https://www.linkedin.com/groups/13509212", True),
        ("Gå til større billede af produktion", "", False),
    ],
)
def test_a_reference_prints_its_address_only_when_the_title_does_not_say_it(
    title: str, url: str, shows_url: bool
) -> None:
    assert ReferenceItem(title, url).shows_url is shows_url


# The preview page -------------------------------------------------------------------------------


def _urls(case: Case) -> list[str]:
    return [
        reverse("grants:case_preview", args=[case.pk]),
        reverse("grants:case_pdf", args=[case.pk]),
        reverse("grants:case_pdf", args=[case.pk]) + "?variant=pdfa",
    ]


def test_anonymous_visitor_is_sent_to_login(client: Client, seed: Project) -> None:
    for url in _urls(_seed_case()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_user_without_a_role_gets_403(client: Client, seed: Project) -> None:
    client.force_login(UserFactory.create())
    for url in _urls(_seed_case()):
        assert client.get(url).status_code == 403, url


def test_the_secretariat_gets_no_case_papers_not_even_of_their_project(seed: Project) -> None:
    for project in (seed, ProjectFactory.create()):
        member = SecretariatFactory.create()
        MembershipFactory.create(user=member, project=project)
        client = Client()
        client.force_login(member)
        for url in _urls(_seed_case()):
            assert client.get(url).status_code == 403, url


def test_unknown_case_is_404(staff_client: Client) -> None:
    assert staff_client.get(reverse("grants:case_preview", args=[999])).status_code == 404
    assert staff_client.get(reverse("grants:case_pdf", args=[999])).status_code == 404


def test_forum_members_and_regional_staff_see_the_preview(seed: Project, no_findings: None) -> None:
    for user in (UserFactory.create(role=FORUM_MEMBER), StaffFactory.create()):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("grants:case_preview", args=[_seed_case().pk]))
        assert response.status_code == 200


def test_an_unknown_pdf_variant_is_a_clear_400(staff_client: Client, seed: Project) -> None:
    url = reverse("grants:case_pdf", args=[_seed_case().pk]) + "?variant=pdf/x-4"
    response = staff_client.get(url)
    assert response.status_code == 400
    assert "pdfa" in response.content.decode()


def test_the_preview_shows_the_document_and_offers_both_downloads(
    staff_client: Client, seed: Project, no_findings: None
) -> None:
    case = _seed_case()
    response = staff_client.get(reverse("grants:case_preview", args=[case.pk]))
    html = response.content.decode()

    for sentence in [*SEED_RECOMMENDATIONS[0], *SEED_RECOMMENDATIONS[1]]:
        assert sentence.replace("'", "&#x27;") in html
    for sentence in SEED_DISBURSEMENTS:
        assert sentence + "." in html
    assert '<td class="amount">-12.000</td>' in html
    assert 'data-testid="draft-banner"' not in html
    pdf_url = reverse("grants:case_pdf", args=[case.pk])
    assert f'href="{pdf_url}" download' in html
    # One download: every PDF is PDF/A-3a and PDF/UA-1, so there is no archive variant.
    assert html.count(f'href="{pdf_url}') == 1
    first = CaseAttachment.objects.filter(case=case).order_by("order").first()
    assert first is not None
    assert reverse("grants:attachment_download", args=[first.pk]) in html
    assert html.count("<h1") == 1


def test_the_preview_of_a_case_with_open_findings_is_marked_draft(
    staff_client: Client, seed: Project, two_findings: None
) -> None:
    html = staff_client.get(reverse("grants:case_preview", args=[_seed_case().pk])).content
    assert b'data-testid="draft-banner"' in html
    assert b'role="note"' in html


def _case_with(n: int) -> Case:
    """A case with `n` decisions, each with lines, recommendations, a schedule and targets, and
    `n` attachments and references."""
    project = ProjectFactory.create()
    case = CaseFactory.create(project=project, summary="Resumé", text="Tekst", economy_text="Kr.")
    areas = [EffortAreaFactory.create(project=project, description="Aktivitet") for _ in range(3)]
    source = FundingSourceFactory.create(recommendation_phrase="de regionale midler")
    recipient = OrganisationFactory.create()
    industry = IndustryFactory.create()
    for index in range(n):
        decision = DecisionFactory.create(
            project=project, first_year=2019, last_year=2020, status="recommended"
        )
        decision_save_lines(
            decision=decision,
            budget={(a.pk, y): 100_000 for a in areas for y in (2019, 2020)},
            financing={(source.pk, y): 300_000 for y in (2019, 2020)},
            by=StaffFactory.create(),
        )
        Recommendation.objects.create(
            decision=decision,
            funding_source=source,
            amount=600_000,
            first_year=2019,
            last_year=2020,
            recipient=recipient,
        )
        for year in (2019, 2020):
            Disbursement.objects.create(decision=decision, year=year, amount=300_000)
        target = TargetFactory.create(decision=decision, indicator="companies_inclusion")
        TargetBreakdown.objects.create(target=target, industry=industry, value=5)
        case.decisions.add(decision)
        CaseAttachment.objects.create(
            case=case,
            title=f"Bilag {index}",
            file=f"cases/{case.pk}/token-{case.pk}-{index}",
            token=f"token-{case.pk}-{index}",
            filename="bilag.pdf",
            content_type="application/pdf",
            size=10,
        )
        CaseReference.objects.create(case=case, title=f"Henvisning {index}", url="https://x.dk/")
    return case


def test_the_preview_runs_the_same_few_queries_however_large_the_case(
    staff_client: Client,
) -> None:
    counts = []
    for size in (1, 4):
        url = reverse("grants:case_preview", args=[_case_with(size).pk])
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Bilag ") == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30, counts
