"""What a tagged PDF/A and PDF/UA file must hold, read back from its bytes.

`structure` walks the structure tree (pypdf) as a screen reader would get it; `conformance`
reads the XMP identification; `failures` asks the `page` validator (PDF/A-1 to -3 and PDF/UA-1,
its rules those of veraPDF, passing the veraPDF and Isartor test corpora) for the rules the file
breaks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import page
from defusedxml import ElementTree as ET  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
PROFILES = ("3a", "ua1")


@dataclass
class Structure:
    tags: list[str] = field(default_factory=list)  # every element's type, in reading order
    alts: dict[str, list[str]] = field(default_factory=dict)  # type -> the /Alt of each
    lang: str = ""
    marked: bool = False
    display_doc_title: bool = False

    @property
    def headings(self) -> list[str]:
        return [tag for tag in self.tags if tag in {"H1", "H2", "H3", "H4", "H5", "H6"}]


def _walk(element: Any, found: Structure) -> None:
    if isinstance(element, list) or type(element).__name__ == "ArrayObject":
        for kid in element:
            _walk(kid, found)
        return
    element = element.get_object() if hasattr(element, "get_object") else element
    if not isinstance(element, DictionaryObject) or "/S" not in element:
        return  # a marked-content id or an object reference
    tag = str(element["/S"])[1:]
    found.tags.append(tag)
    if "/Alt" in element:
        found.alts.setdefault(tag, []).append(str(element["/Alt"]))
    if "/K" in element:
        _walk(element["/K"], found)


def structure(content: bytes) -> Structure:
    root: Any = PdfReader(io.BytesIO(content)).trailer["/Root"]
    found = Structure(
        lang=str(root.get("/Lang", "")),
        marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
        display_doc_title=bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
    )
    if "/StructTreeRoot" in root:
        _walk(root["/StructTreeRoot"].get_object().get("/K", []), found)
    return found


def conformance(content: bytes) -> dict[str, str]:
    """{"pdfa": "3A", "pdfua": "1"}: what the XMP metadata claims."""
    root: Any = PdfReader(io.BytesIO(content)).trailer["/Root"]
    if "/Metadata" not in root:
        return {}
    values: dict[str, str] = {}
    for element in ET.fromstring(root["/Metadata"].get_object().get_data()).iter():
        for name, value in [*element.attrib.items(), (element.tag, element.text or "")]:
            if name == PDFAID + "part":
                values["pdfa"] = value + values.get("pdfa", "")
            elif name == PDFAID + "conformance":
                values["pdfa"] = values.get("pdfa", "") + value
            elif name == PDFUAID + "part":
                values["pdfua"] = value
    return values


def failures(content: bytes) -> dict[str, list[str]]:
    """The rules of PDF/A-3a and PDF/UA-1 that `content` breaks, by profile (empty: none)."""
    found = {}
    for profile in PROFILES:
        report = page.validate_pdf_bytes(content, profile=profile)
        found[profile] = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    return found
