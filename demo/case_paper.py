"""The seed case's case paper: its title, texts, references and attachments."""

from __future__ import annotations

import functools
import secrets
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from core.filenames import name_part
from core.pdf import html_to_pdf
from grants.models import Case, CaseAttachment, CaseReference

CASE_TITLE = (
    "Bevilling af forlængelse af Rummelig imidt fra 2018 til 2020 samt øget forbrug i "
    "indeværende periode fra 2016 til 2018"
)


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


# Rendered once per process: a test run loads the demo afresh into many empty databases.
@functools.cache
def stand_in_pdf(title: str, dated: date | None) -> bytes:
    """A one-page PDF that stands in for an attachment whose file the demo does not have."""
    with translation.override("da"):
        when = f"<p>Dateret {date_format(dated)}</p>" if dated else ""
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
        # The name it is downloaded by, with its Danish letters (also for a demo loaded before).
        attachment.filename = f"{name_part(title, limit=80)}.pdf"
        if not attachment.file or not default_storage.exists(attachment.file.name):
            content = stand_in_pdf(title, dated)
            attachment.content_type = "application/pdf"
            attachment.size = len(content)
            attachment.file.save(attachment.filename, ContentFile(content), save=False)
        attachment.save()


def load_case_paper(case: Case) -> None:
    """The case paper's references and attachments on `case` (idempotent)."""
    _case_references(case)
    _case_attachments(case)
