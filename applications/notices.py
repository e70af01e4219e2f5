"""What applications tell: a request submitted, returned with questions, accepted or rejected,
and a grant letter issued.

A submitted request asks regional staff to assess it (its case officer, or all of them while it
has none) and links to the assessment; the answers tell the applicant side (the applicant
organisation's users; for a change request also the project's secretariat) and link to the
request's page; each answer settles the "submitted" notification. An application and a change
request are told as events of their own, so that each reader reads which it is in their own
language. Every notification is told only to who may see its object (its view permission) and
carries the titles and version, never a person.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import guards
from accounts.roles import ADMINISTRATOR, APPLICANT, REGIONAL_STAFF, SECRETARIAT
from applications.models import GrantLetter, Request
from grants.models import ProjectOrganisation
from grants.public import audience
from notifications import events, services
from notifications.models import Channel

SUBMITTED = "submitted"
RETURNED = "returned"
ACCEPTED = "accepted"
REJECTED = "rejected"
LETTER_ISSUED = "applications.letter_issued"

VIEW = "applications.view_request"
STAFF = frozenset({REGIONAL_STAFF, ADMINISTRATOR})
APPLICANT_SIDE = frozenset({APPLICANT, SECRETARIAT})


def code(request: Request | bool, step: str) -> str:
    """The event code of `step` for an application or a change request."""
    is_application = request.is_application if isinstance(request, Request) else request
    family = "application" if is_application else "change_request"
    return f"applications.{family}_{step}"


def _register(
    *,
    application: bool,
    step: str,
    label: Promise,
    title: Promise,
    roles: frozenset[str],
    asks: bool = False,
) -> None:
    events.register(
        events.EventType(
            code=code(application, step),
            group=_("Applications") if application else _("Change requests"),
            label=label,
            title=title,
            # A step that asks something of its recipients reaches them by e-mail at once.
            defaults=dict.fromkeys(roles, Channel.EMAIL) if asks else {},
            asks=asks,
            roles=roles,
        )
    )


def register_events() -> None:
    _register(
        application=True,
        step=SUBMITTED,
        label=_("An application was submitted"),
        title=_("Application “{title}” ({call}) was submitted, version {version}"),
        roles=STAFF,
        asks=True,
    )
    _register(
        application=False,
        step=SUBMITTED,
        label=_("A change request was submitted"),
        title=_("{project}: change request “{title}” was submitted, version {version}"),
        roles=STAFF,
        asks=True,
    )
    _register(
        application=True,
        step=RETURNED,
        label=_("An application was returned for more information"),
        title=_("Application “{title}” ({call}): more information is asked for"),
        roles=APPLICANT_SIDE,
        asks=True,
    )
    _register(
        application=False,
        step=RETURNED,
        label=_("A change request was returned for more information"),
        title=_("{project}: change request “{title}”: more information is asked for"),
        roles=APPLICANT_SIDE,
        asks=True,
    )
    _register(
        application=True,
        step=ACCEPTED,
        label=_("An application was accepted"),
        title=_("Application “{title}” ({call}) was accepted"),
        roles=APPLICANT_SIDE,
    )
    _register(
        application=False,
        step=ACCEPTED,
        label=_("A change request was accepted"),
        title=_("{project}: change request “{title}” was accepted"),
        roles=APPLICANT_SIDE,
    )
    _register(
        application=True,
        step=REJECTED,
        label=_("An application was rejected"),
        title=_("Application “{title}” ({call}) was rejected"),
        roles=APPLICANT_SIDE,
    )
    _register(
        application=False,
        step=REJECTED,
        label=_("A change request was rejected"),
        title=_("{project}: change request “{title}” was rejected"),
        roles=APPLICANT_SIDE,
    )
    events.register(
        events.EventType(
            code=LETTER_ISSUED,
            group=_("Grant letters"),
            label=_("A grant letter was issued"),
            title=_("{project}: version {number} of the grant letter was issued"),
            roles=APPLICANT_SIDE,
        )
    )


def _params(request: Request, **more: object) -> dict[str, object]:
    if request.is_application:
        call = request.call
        return {"title": request.title, "call": call.title if call else "", **more}
    project = request.project
    return {"title": request.title, "project": project.name if project else "", **more}


def _applicants(organisation_ids: Iterable[int | None]) -> Q:
    return Q(applicant_memberships__organisation_id__in=[o for o in organisation_ids if o])


def applicant_side(request: Request) -> list[User]:
    """Who asks in the request's name: the applicant organisation's users, and for a change
    request the project's secretariat (as `Request.objects.visible_to` reads it)."""
    asking = _applicants([request.organisation_id])
    if not request.is_application and request.project_id is not None:
        asking |= Q(project_memberships__project_id=request.project_id)
    return list(User.objects.filter(asking, is_active=True).distinct().order_by("pk"))


def _assessors(request: Request) -> list[User]:
    officer = request.case_officer
    if officer is not None and officer.is_active:
        return [officer]
    return list(audience.regional_staff())


def request_submitted(request: Request, *, version: int, by: AbstractBaseUser) -> None:
    """Ask the staff to assess `request`, submitted as its `version`-th version; the answer
    its applicant was asked for is given."""
    services.settle(request, [code(request, RETURNED)])
    services.notify(
        code(request, SUBMITTED),
        key=f"{request.pk}:{version}",
        recipients=_assessors(request),
        target=request,
        url=reverse("applications:request_assess", args=[request.pk]),
        params=_params(request, version=version),
        permission=VIEW,
        may_see=lambda user: guards.has_perm(user, "applications.assess_request", request),
        exclude=[by],
    )


def _tell_applicant(request: Request, step: str, by: AbstractBaseUser) -> None:
    services.settle(request, [code(request, SUBMITTED), code(request, RETURNED)])
    services.notify(
        code(request, step),
        key=f"{request.pk}:{request.version}",
        recipients=applicant_side(request),
        target=request,
        url=request.get_absolute_url(),
        params=_params(request),
        permission=VIEW,
        exclude=[by],
    )


def request_returned(request: Request, *, by: AbstractBaseUser) -> None:
    """Ask the applicant side to answer the staff's questions."""
    _tell_applicant(request, RETURNED, by)


def request_decided(request: Request, *, by: AbstractBaseUser) -> None:
    """Tell the applicant side that `request` was accepted or rejected."""
    step = ACCEPTED if request.status == Request.Status.ACCEPTED else REJECTED
    _tell_applicant(request, step, by)


def letter_issued(letter: GrantLetter, *, by: AbstractBaseUser) -> None:
    """Tell who reads the decision's letters on the applicant side that one was written."""
    decision = letter.decision
    organisations = set(
        ProjectOrganisation.objects.filter(
            project_id=decision.project_id, role=ProjectOrganisation.Role.APPLICANT
        ).values_list("organisation_id", flat=True)
    )
    organisations |= set(
        Request.objects.filter(decision_id=decision.pk).values_list("organisation_id", flat=True)
    )
    readers = User.objects.filter(
        _applicants(organisations) | Q(project_memberships__project_id=decision.project_id),
        is_active=True,
    )
    services.notify(
        LETTER_ISSUED,
        key=str(letter.pk),
        recipients=readers.distinct().order_by("pk"),
        target=letter,
        url=reverse("applications:letter_list", args=[decision.pk]),
        params={"project": decision.project.name, "number": letter.number},
        permission="applications.view_letters",
        exclude=[by],
    )
