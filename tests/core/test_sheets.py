"""The shared sheet reader refuses any file it cannot read with a message, never a crash."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.sheets import fingerprint, read_sheet


def _zip_needing_version(version: int) -> bytes:
    """A zip whose one entry claims to need a newer zip version than Python reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    content = bytearray(buffer.getvalue())
    central = content.index(b"PK\x01\x02")
    # Central directory header: signature (4), version made by (2), version needed (2).
    struct.pack_into("<H", content, central + 6, version)
    return bytes(content)


def test_a_zip_of_a_version_python_cannot_read_is_refused_as_no_excel_file() -> None:
    with pytest.raises(ValidationError) as caught:
        read_sheet(io.BytesIO(_zip_needing_version(235)), columns=("amount",))
    assert caught.value.code == "not_excel"


def test_a_files_fingerprint_is_the_sha256_of_all_its_bytes_read_from_its_start() -> None:
    content = b"PK\x03\x04" + bytes(range(256)) * 1_000  # longer than one chunk read
    upload = io.BytesIO(content)
    upload.seek(100)
    assert fingerprint(upload) == hashlib.sha256(content).hexdigest()
    # Left at its start, for the reader that comes next.
    assert upload.tell() == 0
    assert fingerprint(io.BytesIO(content + b"\x00")) != fingerprint(upload)
