"""Writes to a case and what belongs to it: each is atomic and validates first."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from grants.cases import uploads
from grants.models import Case, CaseAttachment, CaseReference


def case_save(
    *, case: Case, references: Iterable[CaseReference], removed: Iterable[CaseReference]
) -> Case:
    """Save a case's texts together with its references (new, changed and removed): all or none."""
    with transaction.atomic():
        case.full_clean()
        case.save()
        CaseReference.objects.filter(
            case=case, pk__in=[reference.pk for reference in removed if reference.pk]
        ).delete()
        for reference in references:
            reference.case = case
            reference.full_clean()
            reference.save()
    return case


def attachment_add(
    *,
    case: Case,
    title: str,
    dated: date | None,
    upload: UploadedFile,
    by: AbstractBaseUser,
) -> CaseAttachment:
    """Attach an uploaded file to `case` under a random stored name.

    The size and the type are checked here, by the file's content (`grants.cases.uploads`); the
    uploader's file name is kept, made safe, only as the name to show and offer on download.
    Nothing is kept when anything fails.
    """
    file_type = uploads.check_upload(upload)
    next_order = (case.attachments.aggregate(last=Max("order"))["last"] or 0) + 1
    attachment = CaseAttachment(
        case=case,
        title=title.strip(),
        dated=dated,
        token=secrets.token_urlsafe(24),
        filename=uploads.safe_filename(upload.name or "", file_type),
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by_id=by.pk,
        order=next_order,
    )
    attachment.full_clean(exclude=["file"])
    with transaction.atomic():
        attachment.file.save(attachment.token, upload, save=False)
        try:
            attachment.save()
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, attachment: CaseAttachment) -> None:
    """Delete an attachment and, once that is committed, its stored file."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
