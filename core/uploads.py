"""Uploaded attachments: what a file is, decided by its bytes, and how large it may be.

The file's name and the browser's content type are never trusted: a PDF is a file that starts
like a PDF. Only types a case paper needs are accepted, and none a browser would run (HTML, SVG,
scripts, programs).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 10 * 1024 * 1024
MAX_SIZE_LABEL = "10 MB"
# How much of a multipart request may be other than the file: title, date, token, boundaries.
REQUEST_OVERHEAD = 64 * 1024

# Bytes read to recognise markup in a text file (browsers sniff HTML in the first 512).
_TEXT_HEAD = 4096
_CHUNK = 64 * 1024
# An office file's [Content_Types].xml is a few kilobytes; read no more than this of it.
_CONTENT_TYPES_LIMIT = 512 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", (".pdf",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)
)
ODT = FileType("application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", (".ods",))
PNG = FileType("image/png", (".png",))
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"))
TEXT = FileType("text/plain; charset=utf-8", (".txt", ".csv", ".md"))

ALLOWED_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG, TEXT)
ALLOWED_LABEL = _(
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument text or spreadsheet "
    "(.odt, .ods), PNG, JPEG or plain text"
)
# A hint for the browser's file picker only; the bytes decide.
ACCEPT = ",".join(ext for file_type in ALLOWED_TYPES for ext in file_type.extensions)

# Office Open XML: the main part that must exist and its content type, which excludes the
# macro-enabled variants (.docm, .xlsm, .pptm), whose main parts have other types.
_OOXML = (
    (
        DOCX,
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    (
        XLSX,
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    (
        PPTX,
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
)
_ODF = {ODT.content_type.encode(): ODT, ODS.content_type.encode(): ODS}

_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|style|\?xml)",
    re.IGNORECASE,
)


def sniff(file: IO[bytes]) -> FileType | None:
    """The allowed type the file's bytes show, or None when they show none of them.

    Reads from the start and leaves the file at its start.
    """
    file.seek(0)
    head = file.read(_TEXT_HEAD)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
        if head and _is_plain_text(head, file):
            return TEXT
        return None
    finally:
        file.seek(0)


def too_large_message() -> str:
    return str(
        _("The file is too large: an attachment may be at most %(max)s.") % {"max": MAX_SIZE_LABEL}
    )


def check_upload(file: File[bytes]) -> FileType:
    """The file's type, or `ValidationError` (on "file") when it is empty, too large or of a
    type that is not allowed."""
    size = file.size or 0
    if size > MAX_SIZE:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s): an attachment may be at most %(max)s.")
                % {"size": filesizeformat(size), "max": MAX_SIZE_LABEL}
            },
            code="too_large",
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    file_type = sniff(file)
    if file_type is None:
        raise ValidationError(
            {
                "file": _(
                    "This kind of file cannot be attached. Allowed are %(types)s; the type is "
                    "read from the file's content, not from its name."
                )
                % {"types": ALLOWED_LABEL}
            },
            code="type_not_allowed",
        )
    return file_type


def _sniff_zip(file: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(_CONTENT_TYPES_LIMIT)
                for file_type, main_part, main_type in _OOXML:
                    if main_part in names and main_type in content_types:
                        return file_type
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    return _ODF.get(part.read(100).strip())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError):
        # Corrupt, encrypted or with an unknown compression: not a file we accept.
        return None
    return None


def _is_plain_text(head: bytes, file: IO[bytes]) -> bool:
    """UTF-8 without NUL bytes, and not markup a browser would render."""
    if _MARKUP.search(head) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    file.seek(0)
    while chunk := file.read(_CHUNK):
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*;]')
MAX_FILENAME = 200


def safe_filename(name: str, file_type: FileType) -> str:
    """The uploader's file name, fit to show and to offer on download.

    Only the last path component is kept, without control or path characters; the extension
    is made to agree with the type the bytes showed (``report.html`` holding plain text
    becomes ``report.html.txt``), so that the downloaded file opens as what it is.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE_IN_NAME.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        name = "attachment"
    if not name.lower().endswith(file_type.extensions):
        name = f"{name}{file_type.extensions[0]}"
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: MAX_FILENAME - len(ext) - 1]}{dot}{ext}"
    return name


class SizeLimitHandler(FileUploadHandler):
    """Stops keeping an uploaded file once it passes `limit` bytes.

    Placed first among a request's upload handlers, it lets no later handler buffer more than
    the limit in memory or on disk; the file is dropped and `exceeded` tells the view why.
    """

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_SIZE) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.content_length is not None and self.content_length > self.limit:
            self.exceeded = True
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def request_too_large(request: HttpRequest, limit: int = MAX_SIZE) -> bool:
    """Whether the request announces a body too large for any acceptable upload."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + REQUEST_OVERHEAD
