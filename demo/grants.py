"""The seed case: Rummelig imidt, as the case paper and the press release give it."""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import slugify
from django.utils.html import escape

from accounts.roles import ADMINISTRATOR, FORUM_MEMBER, REGIONAL_STAFF, SECRETARIAT
from companies.models import Industry
from grants.models import (
    Case,
    CaseAttachment,
    CaseReference,
    Disbursement,
    EffortArea,
    FinancingTotal,
    FundingSource,
    GrantDecision,
    Organisation,
    Programme,
    Project,
    ProjectLink,
    ProjectMembership,
    ProjectOrganisation,
    Recommendation,
    Target,
    TargetBreakdown,
)
from grants.services import decision_save_lines

MIO = 1_000_000
THOUSAND = 1_000

DEMO_USERS = {
    # username: (password, role, full name); the administrator also keeps the admin site.
    "regional": ("rummelig-regional-demo", REGIONAL_STAFF, "Karen Elsgaard"),
    "secretariat": ("rummelig-sekretariat-demo", SECRETARIAT, "Søren Larsen"),
    "forum": ("rummelig-forum-demo", FORUM_MEMBER, "Lene Holm"),
    "admin": ("rummelig-admin-demo", ADMINISTRATOR, "Anders Mikkelsen"),
}

AREAS = [
    (
        "Flere virksomheder",
        "Flere virksomheder skal arbejde aktivt med inklusion af borgere på kanten af eller "
        "udenfor arbejdsmarkedet.",
    ),
    (
        "Indslusning",
        "Borgere på kanten af eller udenfor arbejdsmarkedet skal i indslusningsforløb tilpasset "
        "den enkelte borger og i tæt samarbejde med virksomheder.",
    ),
    (
        "Socialøkonomiske virksomheder",
        "Bedre vejledningsmuligheder og netværk for socialøkonomiske virksomheder, så deres "
        "overlevelse øges, og der etableres flere socialøkonomiske virksomheder.",
    ),
]

SOURCES = [
    ("EU's Socialfond", FundingSource.Kind.ESF, "EU's socialfondsmidlerne"),
    (
        "Region Midtjylland REM midler",
        FundingSource.Kind.REGIONAL,
        "de regionale erhvervsudviklingsmidler",
    ),
    ("Kommune/Stat", FundingSource.Kind.MUNICIPAL_STATE, "kommunale og statslige midler"),
]

# The case paper's table, in thousand kroner: {decision: {row: {year: amount}}}.
TOP_UP_BUDGET = {
    "Flere virksomheder": {2017: 500, 2018: 500},
    "Indslusning": {2017: 1500, 2018: 1500},
}
TOP_UP_FINANCING = {
    "EU's Socialfond": {2017: 1000, 2018: 1000},
    "Region Midtjylland REM midler": {2017: 500, 2018: 500},
    "Kommune/Stat": {2017: 500, 2018: 500},
}
EXTENSION_BUDGET = {
    "Flere virksomheder": {2019: 4000, 2020: 4000},
    "Indslusning": {2019: 7000, 2020: 7000},
    "Socialøkonomiske virksomheder": {2019: 1000, 2020: 1000},
}
EXTENSION_FINANCING = {
    "EU's Socialfond": {2019: 6000, 2020: 6000},
    "Region Midtjylland REM midler": {2019: 3000, 2020: 3000},
    "Kommune/Stat": {2019: 3000, 2020: 3000},
}

CASE_TITLE = (
    "Bevilling af forlængelse af Rummelig imidt fra 2018 til 2020 samt øget forbrug i "
    "indeværende periode fra 2016 til 2018"
)


def _cells(
    figures: dict[str, dict[int, int]], ids: dict[str, int]
) -> dict[tuple[int, int], int | None]:
    return {
        (ids[name], year): amount * THOUSAND
        for name, years in figures.items()
        for year, amount in years.items()
    }


def _decision(project: Project, title: str, **fields: object) -> GrantDecision:
    decision, _created = GrantDecision.objects.update_or_create(
        project=project, title=title, defaults=fields
    )
    return decision


def _set_lines(
    decision: GrantDecision,
    budget: dict[tuple[int, int], int | None],
    financing: dict[tuple[int, int], int | None],
) -> None:
    # Clear what is not in the seed, so that loading twice gives the same figures.
    for budget_line in decision.budget_lines.all():
        budget.setdefault((budget_line.effort_area_id, budget_line.year), None)
    for financing_line in decision.financing_lines.all():
        financing.setdefault((financing_line.funding_source_id, financing_line.year), None)
    decision_save_lines(decision=decision, budget=budget, financing=financing)


def _recommendations(
    decision: GrantDecision, lines: list[tuple[FundingSource, int, int, int, Organisation | None]]
) -> None:
    decision.recommendations.all().delete()
    Recommendation.objects.bulk_create(
        Recommendation(
            decision=decision,
            funding_source=source,
            amount=amount,
            first_year=first,
            last_year=last,
            recipient=recipient,
            order=order,
        )
        for order, (source, amount, first, last, recipient) in enumerate(lines)
    )


def _disbursements(decision: GrantDecision, schedule: dict[int, int]) -> None:
    decision.disbursements.all().delete()
    Disbursement.objects.bulk_create(
        Disbursement(decision=decision, year=year, amount=amount)
        for year, amount in schedule.items()
    )


@transaction.atomic
def load_demo() -> Project:
    """Create or refresh the seed case (idempotent)."""
    programme, _ = Programme.objects.update_or_create(
        name="Inklusionsprogram 2016-2020", defaults={"pool": "INKLUSIONmidt"}
    )
    project, _ = Project.objects.update_or_create(
        name="Rummelig imidt",
        defaults={
            "programme": programme,
            "purpose": (
                "Formålet med Rummelig imidt er at udvide arbejdsstyrken i Region Midtjylland, "
                "ved at få borgere på kanten af eller helt uden for arbejdsstyrken til igen at "
                "blive en aktiv del af arbejdsstyrken."
            ),
            "website": "https://www.rummeligimidt.dk/",
        },
    )
    orgs = {
        name: Organisation.objects.get_or_create(name=name)[0]
        for name in (
            "LO Aarhus",
            "LO Midtjylland",
            "Projektsekretariatet ApS",
            "Code of Care",
            "Huset Venture",
        )
    }
    roles = [
        ("LO Aarhus", ProjectOrganisation.Role.APPLICANT, orgs["LO Midtjylland"]),
        ("Projektsekretariatet ApS", ProjectOrganisation.Role.OPERATOR, None),
        ("Code of Care", ProjectOrganisation.Role.PARTNER, None),
        ("Huset Venture", ProjectOrganisation.Role.PARTNER, None),
    ]
    for name, role, on_behalf_of in roles:
        ProjectOrganisation.objects.update_or_create(
            project=project,
            organisation=orgs[name],
            role=role,
            defaults={"on_behalf_of": on_behalf_of},
        )
    for order, (title, url) in enumerate(
        [
            ("Rummelig imidt", "https://www.rummeligimidt.dk/"),
            ("LinkedIn", "https://www.linkedin.com/groups/13509212"),
            ("Animationsfilm om Rummelig imidt", "https://www.youtube.com/watch?v=h9nrax9a2bE"),
        ]
    ):
        ProjectLink.objects.update_or_create(
            project=project, title=title, defaults={"url": url, "order": order}
        )
    areas = {
        name: EffortArea.objects.update_or_create(
            project=project, name=name, defaults={"description": text, "order": order}
        )[0].pk
        for order, (name, text) in enumerate(AREAS, start=1)
    }
    sources = {
        name: FundingSource.objects.update_or_create(
            name=name, defaults={"kind": kind, "recommendation_phrase": phrase, "order": order}
        )[0]
        for order, (name, kind, phrase) in enumerate(SOURCES, start=1)
    }
    source_ids = {name: source.pk for name, source in sources.items()}
    esf = sources["EU's Socialfond"]
    rem = sources["Region Midtjylland REM midler"]
    operator = orgs["Projektsekretariatet ApS"]

    original = _decision(
        project,
        "Rummelig imidt 2016-2018 (socialfondsansøgning)",
        kind=GrantDecision.Kind.ORIGINAL,
        deciding_body=GrantDecision.Body.VAEKSTFORUM,
        decided_on=date(2015, 10, 21),
        status=GrantDecision.Status.APPROVED,
        first_year=2016,
        last_year=2018,
        split_by_year=False,
    )
    for source, amount in ((rem, 10 * MIO), (esf, 19_500_000)):
        FinancingTotal.objects.update_or_create(
            decision=original, funding_source=source, defaults={"amount": amount}
        )

    top_up = _decision(
        project,
        "Øget forbrug i indeværende periode 2016-2018",
        kind=GrantDecision.Kind.TOP_UP,
        deciding_body=GrantDecision.Body.VAEKSTFORUM,
        decided_on=None,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=2017,
        last_year=2018,
        split_by_year=True,
    )
    _set_lines(top_up, _cells(TOP_UP_BUDGET, areas), _cells(TOP_UP_FINANCING, source_ids))
    _recommendations(
        top_up, [(rem, 1 * MIO, 2017, 2019, operator), (esf, 2 * MIO, 2017, 2019, None)]
    )
    _disbursements(top_up, {2017: 1 * MIO, 2018: 2 * MIO, 2019: 1 * MIO})

    extension = _decision(
        project,
        "Forlængelse af Rummelig imidt 2018-2020",
        kind=GrantDecision.Kind.EXTENSION,
        deciding_body=GrantDecision.Body.VAEKSTFORUM,
        decided_on=None,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=2019,
        last_year=2020,
        split_by_year=True,
    )
    _set_lines(extension, _cells(EXTENSION_BUDGET, areas), _cells(EXTENSION_FINANCING, source_ids))
    _recommendations(
        extension, [(rem, 6 * MIO, 2018, 2020, operator), (esf, 12 * MIO, 2018, 2020, None)]
    )
    _disbursements(extension, {2018: 6 * MIO, 2019: 6 * MIO, 2020: 6 * MIO})

    case, _ = Case.objects.update_or_create(
        project=project,
        title=CASE_TITLE,
        defaults={"summary": CASE_SUMMARY, "text": CASE_TEXT, "economy_text": CASE_ECONOMY},
    )
    case.decisions.set([top_up, extension])
    _case_references(case)
    _case_attachments(case)

    _targets(original, {"citizens_in_courses": 600, "ordinary_jobs": 40, "flex_jobs": 120})
    extension_targets = _targets(
        extension,
        {
            "citizens_in_courses": 400,
            "ordinary_jobs": 40,
            "flex_jobs": 60,
            "companies_inclusion": 90,
        },
    )
    companies = extension_targets["companies_inclusion"]
    for industry in Industry.objects.filter(name__in=EXTENSION_INDUSTRIES):
        TargetBreakdown.objects.update_or_create(
            target=companies, industry=industry, defaults={"value": 30}
        )
    return project


# The case paper's texts as Markdown: line breaks of the printed page joined, paragraphs and
# bullet lists kept, the words as written.
CASE_SUMMARY = """\
Vækstforum godkendte socialfondsansøgningen Rummelig imidt, med LO Aarhus som ansøger på vegne \
af LO Midtjylland (Projektsekretariatet ApS) den 21. oktober 2015 under INKLUSIONmidt for \
perioden 2016-2018 under Inklusionsprogram 2016-2020

Rummelig imidt har tre indsatsfelter: Flere virksomheder skal arbejde aktivt med inklusion af \
borgere på kanten af eller udenfor arbejdsmarkedet; Borgere på kanten af eller udenfor \
arbejdsmarkedet skal i indslusningsforløb tilpasset den enkelte borger og i tæt samarbejde med \
virksomheder; Der skal skabes bedre vejledningsmuligheder og netværk for socialøkonomiske \
virksomheder, så deres overlevelse øges, og der etableres flere socialøkonomiske virksomheder.

Rummelig imidt er på alle tre indsatsfelter i fuld gang, og har her i 2017 brugt budgettet. Da \
der stadig er kommuner/aktører der ønsker at etablere projekter med indslusningsforløb ønskes \
der en merbevilling på ca. 4 mil. kr. for at tilgodese efterspørgslen til perioden 2016-2018.

Rummelig imidt ønsker samtidig at fortsætte i perioden 2018-2020 med samme indsats dog ønsker \
Rummelig imidt at afprøve virksomhedssporet mod tre specifikke brancheområder og har foreløbig \
følgende fire i overvejelse:

- Landbrug
- Turisme
- Små håndværkervirksomheder
- Tekstil og modebranchen

Rummelig imidt ønsker Regional Udviklings indstilling til følgende forbrug
"""

CASE_TEXT = """\
Formålet med Rummelig imidt er at udvide arbejdsstyrken i Region Midtjylland, ved at få borgere \
på kanten af eller helt uden for arbejdsstyrken til igen at blive en aktiv del af arbejdsstyrken.

I perioden 2017-2019 ønsker projekter at tilgodese projekter der har tilkendegivet at de ønsker \
at ansøge om midler. Rummelig imidt er ikke indgået i et tættere samarbejde med disse ansøgere, \
da der ikke har været plads inden for rammerne af det nuværende budget. Disse projekter ligger \
inden for den nuværende ramme og målsætning for Rummelig imidt.

Det forventes at denne budgetøgning af projektet vil øge antallet af borgere på \
indslusningsforløb samt antallet af virksomheder der tager et socialt ansvar.

I perioden 2019 - 2020 vil projektmålet være at sikre 400 borgere i indslusningsforløb i tæt \
samarbejde med virksomheder i de valgte brancher. Mindst 40 borgere skal ansættes i ordinære \
jobs, og 60 borgere ansættes i fleksjob. Derudover skal 90 virksomheder (30 i hver branche) \
begynde at arbejde aktivt med inklusion af borgere på kanten af eller uden for arbejdsmarkedet.

De borgere, som projektet vil bringe tættere på arbejdsmarkedet, er borgere på kanten af eller \
helt udenfor arbejdsmarkedet. Målgruppen er ikke ændret i forhold til den første periode.

Det kan være unge (f.eks. med psykiske udfordringer eller opvokset i parallelsamfund, med ringe \
arbejdsmarkedstilknytning), flygtninge og indvandrere, borgere som har mistet retten til \
dagpenge eller borgere, som kommunen gennem længere tid har forsøgt at få i job uden held, og \
hvor kommunen vurderer, at deres ordinære indsats ikke er tilstrækkelig til at få borgerne i \
beskæftigelse.

Rummelig imidt bygger på virksomhedernes præmisser og deres behov for arbejdskraft. Derfor vil \
projektet i tæt samarbejde med brancheorganisationerne finde foregangsvirksomheder, der skal \
vise andre virksomheder, at det at ansætte borgere på kanten af eller uden for arbejdsmarkedet \
skaber værdi og kan bidrage til, at det bliver lettere for virksomhederne at rekruttere alle \
typer af medarbejdere. Erfaringerne fra perioden 2016-2018 vil blive inddraget i dette arbejde.

De borgere, der ikke kan få et arbejdsliv på en traditionel virksomhed til at fungere, skal \
kunne tilbydes indslusning i en socialøkonomisk virksomhed derfor ønsker Rummelig imidt at \
fortsætte arbejdet med den socialøkonomiske del i hele periode frem til 2020.

Projektet har tre indsatsområder, der skal sikre, at projektet når sine mål:

- aktiviteter der skal sikre, at flere virksomheder bidrager aktivt til at inkludere borgere på \
kanten af eller uden for arbejdsstyrken
- aktiviteter for borgere på kanten af eller uden for arbejdsstyrken, som skal facilitere deres \
vej ind på eller tilbage på arbejdsmarkedet
- aktiviteter der skal understøtte etableringen og overlevelsen for socialøkonomiske virksomheder

Hovedaktiviteter målrettet virksomheder: Etablering af et tæt samarbejde med en \
brancheorganisation hvor følgende er kontaktet og positive:

- Aarhus håndværkerforening, Aarhus
- LD Cluster, Herning
- Ringkøbing Fjord Turisme (mangler)
- Vestjysk Landboforening, Ringkøbing (mangler)

Der vil i et tæt samarbejde med de valgte brancheorganisationer blive udvalgt nogle \
foregangsvirksomheder i lokalområdet, som allerede arbejder aktivt med inklusion af borgere på \
kanten af arbejdsmarkedet, og som kan se, at dette arbejde tilfører virksomheden værdi.

Netværkene skal inspirere, lære og motivere nye virksomheder til at arbejde aktivt med \
ansættelse af målgruppen.

Hovedaktivitet for borgerne er indslusningsforløb, som adskiller sig fra den ordinære indsats, \
ved både at tage hånd om borgerens forskelligartede problemstillinger, ved at være tæt knyttet \
til virksomheder og ved ikke at være underlagt en kommunal økonomisk ramme. Desuden er der \
mulighed for at inddrage borgere, som kommunerne ikke giver beskæftigelsesrettede tilbud. Det \
kan f.eks. være de borgere, som ingen offentlig ydelse modtager; dem som har mistet retten til \
dagpenge, ægtefælleforsørgede, dem som ernærer sig på anden vis eller førtidspensionister.

Hovedaktiviteter målrettet socialøkonomiske virksomheder er at fastholde og videreføre det \
netværk der er etableret i region Midtjylland samt forsætte den kompetenceudviklingsmodel der er \
skabt for konsulenter i hele regionen.

Rummelig imidt har i dag oparbejdet et stort netværk, som vil blive anvendt i et samarbejde for \
at skabe flest jobåbninger, få flest borgere i job og for at få etableret flest sunde \
socialøkonomiske virksomheder.

Indsatsen organiseres fortsat med det eksisterende Advisory Board, en projektgruppe og et \
projektsekretariat som sammen med lokale aktører, kommuner og netværk af virksomheder der \
sikrer flere jobåbninger for de rigtige borgere, som deltager i indslusningsforløb.
"""

CASE_ECONOMY = """\
Der søges om i alt 4 mio. kr. til gennemførelse af programmet Rummelig imidt i perioden \
2016-2018.

Der søges om i alt 24 mio. kr. til gennemførelse af programmet Rummelig imidt i perioden \
2019-2020.

Budget og finansiering fremgår af nedenstående tabel.
"""

# Henvisninger: (title, address); the case paper prints the LinkedIn address run together with
# the next word ("13509212aktaark"), the group's address is the project's own link.
CASE_REFERENCES = [
    ("www.rummeligimidt.dk", "https://www.rummeligimidt.dk/"),
    ("LinkedIn", "https://www.linkedin.com/groups/13509212"),
    ("Animationsfilm om Rummelig imidt", "https://www.youtube.com/watch?v=h9nrax9a2bE"),
]

# Bilag: (title, date). Their files are not available; the demo stores a stand-in PDF for each.
CASE_ATTACHMENTS = [
    ("Socialfondsansøgning fra Projektsekretariatet ApS", date(2016, 2, 8)),
    ("Statusredegørelse Rummelig imidt", date(2017, 9, 1)),
    ("Oplæg om status i Rummelig imidt til direktionen i Regional Udvikling", date(2017, 8, 11)),
    ("Notat om Rummelig imidt ved Pluss Leadership (Følgeforskning af Rummelig Imidt)", None),
]


def _case_references(case: Case) -> None:
    for order, (title, url) in enumerate(CASE_REFERENCES):
        CaseReference.objects.update_or_create(
            case=case, title=title, defaults={"url": url, "order": order}
        )


def stand_in_pdf(title: str, dated: date | None) -> bytes:
    """A one-page PDF that stands in for an attachment whose file the demo does not have."""
    from core.pdf import html_to_pdf

    when = f"<p>Dateret {dated.isoformat()}</p>" if dated else ""
    html = (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{escape(title)}'
        "</title><style>body { font-family: 'DejaVu Sans', sans-serif; }</style></head><body>"
        f"<h1>{escape(title)}</h1>{when}"
        "<p>Demo: det oprindelige bilag findes ikke i demodata; denne side står i stedet for "
        "det.</p><p lang='en'>Demo stand-in: the original attachment is not available.</p>"
        "</body></html>"
    )
    return html_to_pdf(html)


def _case_attachments(case: Case) -> None:
    """The case paper's four attachments, each with a stand-in file (kept when already stored)."""
    for order, (title, dated) in enumerate(CASE_ATTACHMENTS):
        attachment = CaseAttachment.objects.filter(case=case, title=title).first()
        if attachment is None:
            attachment = CaseAttachment(case=case, title=title, token=secrets.token_urlsafe(24))
        attachment.dated = dated
        attachment.order = order
        if not attachment.file or not default_storage.exists(attachment.file.name):
            content = stand_in_pdf(title, dated)
            attachment.filename = f"{slugify(title)[:80]}.pdf"
            attachment.content_type = "application/pdf"
            attachment.size = len(content)
            attachment.file.save(attachment.filename, ContentFile(content), save=False)
        attachment.save()


# The case paper: 30 companies in each of three industries chosen from four.
EXTENSION_INDUSTRIES = ["Landbrug", "Turisme", "Små håndværkervirksomheder"]


def _targets(decision: GrantDecision, values: dict[str, int]) -> dict[str, Target]:
    return {
        indicator: Target.objects.update_or_create(
            decision=decision, indicator=indicator, defaults={"value": value}
        )[0]
        for indicator, value in values.items()
    }


def ensure_demo_users(project: Project) -> dict[str, str]:
    """Create the demo users (idempotent); returns username -> password.

    The secretariat user works in `project` and may see special-category data, which no role
    grants by itself.
    """
    for username, (password, role, full_name) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.is_staff = role == ADMINISTRATOR
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        if role == SECRETARIAT:
            ProjectMembership.objects.get_or_create(project=project, user=user)
            user.user_permissions.set(
                Permission.objects.filter(
                    content_type__app_label="participants",
                    codename__in=["view_special_categories", "change_special_categories"],
                )
            )
    return {username: password for username, (password, _r, _n) in DEMO_USERS.items()}
