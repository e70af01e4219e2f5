"""File names of everything Rummelig sends or writes: downloads, exports, PDFs, ZIPs, job results.

One name per file, in the user's language and with its real letters ("dagsorden-vækstforum-
2027-03-03.pdf"), made by `download_name`. On the wire (`content_disposition`) it travels twice,
as RFC 6266 asks: the real name in `filename*=utf-8''…`, which every current browser uses, and
an ASCII name in `filename=`, transliterated the Danish way (æ→ae, ø→oe, å→aa), for older
clients and for archives that only take ASCII. Nothing is dropped silently: "Grøn vækst" becomes
"groen-vaekst", never "grn-vkst".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TypeVar
from urllib.parse import quote

from django.http import HttpResponseBase

R = TypeVar("R", bound=HttpResponseBase)

# The Danish (and Nordic/German) letters that have a customary ASCII spelling; other accented
# letters lose their accent (é→e), and what is left that is not ASCII is dropped.
TRANSLITERATION = {
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "Ae",
    "Ø": "Oe",
    "Å": "Aa",
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "Ä": "Ae",
    "Ö": "Oe",
    "Ü": "Ue",
    "ß": "ss",
    "–": "-",
    "—": "-",
}
_TRANSLATE = str.maketrans(TRANSLITERATION)
# Characters no file system or header should see in a name: path separators, quotes, controls.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;%]')
_TRANSLATE_DASHES = str.maketrans({"–": "-", "—": "-", "/": "-"})
MAX_PART = 60


def transliterate(text: str) -> str:
    """`text` in ASCII, the Danish way: "Grøn vækst på Ærø" → "Groen vaekst paa Aeroe"."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def name_part(text: object, *, limit: int = MAX_PART) -> str:
    """One part of a file name: lower case, words joined by hyphens, letters kept as they are.

    "Forlængelse 2019–2020" → "forlængelse-2019-2020".
    """
    value = unicodedata.normalize("NFC", str(text)).translate(_TRANSLATE_DASHES).lower()
    value = re.sub(r"[^\w\s.-]", "", value)
    value = re.sub(r"[-\s]+", "-", value).strip("-._")
    return value[:limit].strip("-._")


def download_name(*parts: object, day: date | None = None, ext: str) -> str:
    """A file's real name from its parts: `download_name("Dagsorden", "Vækstforum",
    day=date(2027, 3, 3), ext="pdf")` → "dagsorden-vækstforum-2027-03-03.pdf".

    Empty parts are left out; the date is ISO, so that names sort by date.
    """
    words = [part for part in (name_part(part) for part in parts) if part]
    if day is not None:
        words.append(day.isoformat())
    stem = "-".join(words) or "rummelig"
    return f"{stem}.{ext.lstrip('.')}"


def ascii_filename(name: str) -> str:
    """The ASCII fallback of a file name, for `filename=`."""
    value = _UNSAFE.sub("_", transliterate(name))
    value = re.sub(r"\s+", " ", value).strip(" .")
    return value or "download"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """The Content-Disposition header for a file named `name` (RFC 6266 and RFC 8187): its
    ASCII name in `filename=`, and its real name in `filename*=` when that is not ASCII."""
    disposition = "inline" if inline else "attachment"
    real = unicodedata.normalize("NFC", _UNSAFE.sub("_", name))
    fallback = ascii_filename(real)
    if fallback == real:  # nothing to carry twice
        return f'{disposition}; filename="{fallback}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=utf-8''{quote(real, safe='')}"


def attach(response: R, name: str) -> R:
    """`response` sent as a download named `name`."""
    response["Content-Disposition"] = content_disposition(name)
    return response
