"""Writing the parts of a request: its organisations, effort areas, targets, attachments, and
the applicant's answer to the staff's questions.

As `applications.services.requests`: every write locks the request first (`lock`: only a
draft, or a request returned with questions, can change), validates, names its author in the
audit history, and adds one to the request's version where its content changes.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from applications.models import (
    Request,
    RequestArea,
    RequestAttachment,
    RequestMessage,
    RequestOrganisation,
    RequestTarget,
)
from applications.services.requests import _next_version, lock
from core import audit, uploads
from grants.models import Indicator


def _bump(request: Request, by: AbstractBaseUser) -> None:
    _next_version(request, by)


def _one_applicant(request: Request, role: str, exclude_pk: int | None = None) -> None:
    if role != RequestOrganisation.Role.APPLICANT:
        return
    others = RequestOrganisation.objects.filter(
        request=request, role=RequestOrganisation.Role.APPLICANT
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {"role": _("The request already names its applicant: one applicant at most.")},
            code="two_applicants",
        )


def organisation_add(
    *,
    request: Request,
    name: str,
    cvr: str,
    role: str,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> RequestOrganisation:
    """Name an organisation of the request (the applicant, an operator or a partner)."""
    with transaction.atomic():
        stored = lock(request, expected_version)
        _one_applicant(stored, role)
        order = (stored.organisations.aggregate(last=Max("order"))["last"] or 0) + 1
        organisation = RequestOrganisation(
            request=stored, name=name.strip(), cvr=cvr.strip(), role=role, order=order
        )
        audit.save(organisation, by=by)
        _bump(stored, by)
    return organisation


def organisation_update(
    *,
    organisation: RequestOrganisation,
    name: str,
    cvr: str,
    role: str,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> RequestOrganisation:
    with transaction.atomic():
        stored = lock(organisation.request, expected_version)
        _one_applicant(stored, role, exclude_pk=organisation.pk)
        row = RequestOrganisation.objects.get(pk=organisation.pk, request=stored)
        row.name, row.cvr, row.role = name.strip(), cvr.strip(), role
        audit.save(row, by=by)
        _bump(stored, by)
    return row


def organisation_remove(
    *, organisation: RequestOrganisation, by: AbstractBaseUser, expected_version: int | None = None
) -> None:
    with transaction.atomic():
        stored = lock(organisation.request, expected_version)
        audit.delete(organisation, by=by)
        _bump(stored, by)


def _unique_area_name(request: Request, name: str, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the effort area a name.")}, code="name")
    same = RequestArea.objects.filter(request=request, name=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {"name": _("The request already has an effort area named %(name)s.") % {"name": name}},
            code="duplicate_area",
        )
    return name


def area_add(
    *, request: Request, name: str, by: AbstractBaseUser, expected_version: int | None = None
) -> RequestArea:
    """A new effort area (a new budget row) of the request."""
    with transaction.atomic():
        stored = lock(request, expected_version)
        order = (stored.areas.aggregate(last=Max("order"))["last"] or 0) + 1
        area = RequestArea(request=stored, name=_unique_area_name(stored, name), order=order)
        audit.save(area, by=by)
        _bump(stored, by)
    return area


def area_rename(
    *, area: RequestArea, name: str, by: AbstractBaseUser, expected_version: int | None = None
) -> RequestArea:
    """Rename a new effort area; one of the project's own areas keeps the project's name."""
    with transaction.atomic():
        stored = lock(area.request, expected_version)
        row = RequestArea.objects.get(pk=area.pk, request=stored)
        if row.effort_area_id is not None:
            raise ValidationError(
                _("%(name)s is one of the project's effort areas: its name cannot change here.")
                % {"name": row.name},
                code="project_area",
            )
        row.name = _unique_area_name(stored, name, exclude_pk=row.pk)
        audit.save(row, by=by)
        _bump(stored, by)
    return row


def area_remove(
    *, area: RequestArea, by: AbstractBaseUser, expected_version: int | None = None
) -> None:
    """Remove an effort area and its proposed budget lines."""
    with transaction.atomic():
        stored = lock(area.request, expected_version)
        with audit.authored_by(by):
            for line in area.lines.all():
                line.delete()
        audit.delete(area, by=by)
        _bump(stored, by)


def target_set(
    *,
    request: Request,
    indicator: Indicator,
    value: int | None,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> RequestTarget | None:
    """Set (or with None clear) the target for one of the call's indicators."""
    with transaction.atomic():
        stored = lock(request, expected_version)
        ours = Indicator.objects.filter(calls=stored.call_id, pk=indicator.pk)
        if stored.call_id is None or not ours.exists():
            raise ValidationError(
                _("%(indicator)s is not one of the call's indicators.") % {"indicator": indicator},
                code="not_call_indicator",
            )
        if value is not None and value < 0:
            raise ValidationError(
                {"value": _("A target cannot be negative.")}, code="negative_target"
            )
        target = RequestTarget.objects.filter(request=stored, indicator=indicator).first()
        if value is None:
            if target is None:
                return None
            audit.delete(target, by=by)
            _bump(stored, by)
            return None
        if target is not None and target.value == value:
            return target
        if target is None:
            target = RequestTarget(request=stored, indicator=indicator)
        target.value = value
        audit.save(target, by=by)
        _bump(stored, by)
    return target


def attachment_add(
    *,
    request: Request,
    title: str,
    upload: UploadedFile,
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> RequestAttachment:
    """Attach an uploaded file under a random stored name (checked by `core.uploads`)."""
    file_type = uploads.check_upload(upload)
    with transaction.atomic():
        stored = lock(request, expected_version)
        attachment = RequestAttachment(
            request=stored,
            title=title.strip(),
            token=secrets.token_urlsafe(24),
            filename=uploads.safe_filename(upload.name or "", file_type),
            content_type=file_type.content_type,
            size=upload.size or 0,
            uploaded_by_id=by.pk,
        )
        attachment.full_clean(exclude=["file"])
        attachment.file.save(attachment.token, upload, save=False)
        try:
            audit.save_checked(attachment, by=by)
            _bump(stored, by)
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(
    *, attachment: RequestAttachment, by: AbstractBaseUser, expected_version: int | None = None
) -> None:
    """Delete an attachment and, once that is committed, its stored file."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        stored = lock(attachment.request, expected_version)
        audit.delete(attachment, by=by)
        _bump(stored, by)
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def request_answer(*, request: Request, text: str, by: AbstractBaseUser) -> RequestMessage:
    """The applicant's answer to the staff's questions, while the request is returned to it."""
    with transaction.atomic():
        stored = lock(request)
        if stored.status != Request.Status.MORE_INFO:
            raise ValidationError(
                _("There are no open questions to answer on this request."), code="no_questions"
            )
        if not text.strip():
            raise ValidationError({"text": _("Write the answer.")}, code="empty_answer")
        message = RequestMessage(
            request=stored, kind=RequestMessage.Kind.ANSWER, text=text.strip(), author_id=by.pk
        )
        audit.save(message, by=by)
    return message


def targets_set(
    *,
    request: Request,
    values: list[tuple[Indicator, int | None]],
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> None:
    """Set every target of the targets page at once: all or none."""
    with transaction.atomic():
        lock(request, expected_version)
        for indicator, value in values:
            target_set(request=request, indicator=indicator, value=value, by=by)
