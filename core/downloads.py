"""A stored file sent as a download that no browser runs: attachments, evidence, job results."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from core.filenames import attach

logger = logging.getLogger(__name__)


def stored_file(field: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """`field`'s file as an attachment named `filename`; 404 when there is none stored.

    The name and type are the ones recorded when the file was checked on upload (or written by
    Rummelig), never the stored name. Should a browser show it anyway, it runs nothing and
    loads nothing (`sandbox`), and it is not kept in a shared cache.
    """
    if not field:
        raise Http404
    try:
        stored = field.open("rb")
    except FileNotFoundError:
        logger.error("No stored file %s", field.name)
        raise Http404 from None
    response = attach(
        FileResponse(stored, as_attachment=True, filename=filename, content_type=content_type),
        filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
