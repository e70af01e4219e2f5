"""One term for each thing (docs/glossary.md), held in the Danish catalogue and the documents.

A grant decision is a "bevilling", never an "afgørelse" or a "beslutning"; what a meeting decides
on an item is a "beslutning", never a "bevilling"; a payment is "anvist", never "godkendt".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/da/LC_MESSAGES/django.po"
GLOSSARY = ROOT / "docs/glossary.md"
# English wording that is about the meeting's decision on an item, not a grant decision.
# Where the English alone is ambiguous ("Record the decision"), the string has the context
# "meeting" (`{% translate "…" context "meeting" %}`).
MEETING = re.compile(r"\bitems?\b|meeting|decision text|for decision|\bE\.g\. the decision", re.I)


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    msgstr: str


def _field(block: str, name: str) -> str:
    match = re.search(rf"^{name} ((?:\".*\"\n?)+)", block + "\n", re.M)
    return "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""


def catalogue() -> list[Entry]:
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~") or "msgid" not in block:
            continue
        text = " ".join(
            filter(
                None,
                [
                    _field(block, "msgstr"),
                    _field(block, r"msgstr\[0\]"),
                    _field(block, r"msgstr\[1\]"),
                ],
            )
        )
        entries.append(Entry(_field(block, "msgctxt"), _field(block, "msgid"), text))
    return entries


ENTRIES = catalogue()


def test_the_catalogue_is_read() -> None:
    assert len(ENTRIES) > 1000
    assert Entry("meeting", "Decision", "Beslutning") in ENTRIES


def test_no_danish_text_says_afgoerelse() -> None:
    wrong = [e.msgid for e in ENTRIES if re.search(r"afgør", e.msgstr, re.I)]
    assert wrong == []


def test_a_grant_decision_is_a_bevilling_never_a_beslutning() -> None:
    wrong = [
        f"{e.msgid} => {e.msgstr}"
        for e in ENTRIES
        if re.search(r"\bdecisions?\b", e.msgid, re.I)
        and not e.context
        and not MEETING.search(e.msgid)
        and e.msgid != "Decisions awaiting a decision"
        and re.search(r"beslutning", e.msgstr, re.I)
    ]
    assert wrong == []


def test_a_meetings_decision_is_a_beslutning_never_a_bevilling() -> None:
    about_items = [
        e
        for e in ENTRIES
        if e.context == "meeting"
        or (
            re.search(r"\bdecisions?\b", e.msgid, re.I)
            and re.search(r"\bitems?\b", e.msgid)
            and "grant" not in e.msgid  # a sentence on a grant may name both
        )
    ]
    assert len(about_items) >= 8
    wrong = [
        f"{e.msgid} => {e.msgstr}" for e in about_items if re.search("bevilling", e.msgstr, re.I)
    ]
    assert wrong == []
    assert all(re.search("beslutning", e.msgstr, re.I) for e in about_items)


def test_a_payment_is_authorised_as_anvist_never_godkendt() -> None:
    # (A report is approved, "godkendt": a sentence on payments may say so of the report.)
    about_authorising = [
        e for e in ENTRIES if re.search(r"authoris", e.msgid, re.I) and "report" not in e.msgid
    ]
    assert len(about_authorising) >= 10
    wrong = [f"{e.msgid} => {e.msgstr}" for e in about_authorising if "godkend" in e.msgstr]
    assert wrong == []
    assert all(re.search("anvis", e.msgstr, re.I) for e in about_authorising)


@pytest.mark.parametrize("template", ["meetings/minutes_pdf.html", "meetings/meeting_detail.html"])
def test_the_meeting_documents_name_the_decision_in_the_meetings_sense(template: str) -> None:
    source = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert '{% translate "Decision" context "meeting" %}' in source
    assert '{% translate "Decision" %}' not in source  # that one is the grant decision


def test_no_template_or_danish_wording_module_says_afgoerelse() -> None:
    files = [
        *(ROOT / "templates").rglob("*.html"),
        *ROOT.glob("*/wording.py"),
        *ROOT.glob("*/*/wording.py"),
    ]
    assert len(files) > 50
    wrong = [
        str(f.relative_to(ROOT))
        for f in files
        if re.search("afgør", f.read_text(encoding="utf-8"), re.I)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "term", ["bevilling", "beslutning", "anvise", "godkende", "indstilling", "referat"]
)
def test_the_glossary_names_the_term(term: str) -> None:
    rows = [
        line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")
    ]
    assert any(row.split("|")[1].strip().startswith(term) for row in rows), term
