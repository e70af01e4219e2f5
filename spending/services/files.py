"""Uploaded files of spending: the auditor's statement and a line's attachment.

The size and type are checked by content (`core.uploads`, the same rules as a case's
attachments); the file is stored under a random name, and the uploader's file name is kept,
made safe, only as the name to offer on download.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from core import uploads


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    token: str
    filename: str
    content_type: str


def check(upload: UploadedFile) -> CheckedFile:
    """The upload with a random stored name, or ValidationError for a wrong type or size."""
    file_type = uploads.check_upload(upload)
    return CheckedFile(
        upload=upload,
        token=secrets.token_urlsafe(24),
        filename=uploads.safe_filename(upload.name or "", file_type),
        content_type=file_type.content_type,
    )


@contextmanager
def stored(field: FieldFile, checked: CheckedFile) -> Iterator[None]:
    """Write the file under its token for the block; deleted again if the block fails."""
    field.save(checked.token, checked.upload, save=False)
    try:
        yield
    except BaseException:
        field.delete(save=False)
        raise


def remove_later(name: str, field: FieldFile) -> None:
    """Delete the stored file `name` once the current transaction is committed."""
    storage = field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
