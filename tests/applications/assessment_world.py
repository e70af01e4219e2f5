"""Submitted requests ready to assess, made through the core services as an applicant would."""

from __future__ import annotations

from django.contrib.auth.models import User

from applications.models import (
    ChecklistTemplate,
    Request,
    RequestArea,
    RequestOrganisation,
    RequestTarget,
)
from applications.services.requests import (
    application_create,
    change_request_create,
    request_save_grid,
    request_submit,
    request_update,
)
from grants.models import FundingSource, Organisation, Project
from tests.applications.factories import (
    ApplicantMembershipFactory,
    CallFactory,
    ChecklistQuestionFactory,
    ChecklistTemplateFactory,
)
from tests.factories import (
    ApplicantFactory,
    FundingSourceFactory,
    IndicatorFactory,
    OrganisationFactory,
)


def applicant_of(organisation: Organisation) -> User:
    user = ApplicantFactory.create()
    ApplicantMembershipFactory.create(user=user, organisation=organisation)
    assert isinstance(user, User)
    return user


def sources() -> tuple[FundingSource, FundingSource]:
    """The region's funds and a municipal co-financing."""
    regional = FundingSourceFactory.create(kind=FundingSource.Kind.REGIONAL)
    municipal = FundingSourceFactory.create(kind=FundingSource.Kind.MUNICIPAL_STATE)
    return regional, municipal


def submitted_application(
    *, title: str = "Job i Midt", checklist: ChecklistTemplate | None = None
) -> Request:
    """A submitted application for 2027–2028: two areas, regional funds and co-financing,
    an applicant with a CVR number and a partner."""
    organisation = OrganisationFactory.create(name=f"Ansøger {title}")
    user = applicant_of(organisation)
    indicator = IndicatorFactory.create()
    call = CallFactory.create(checklist=checklist)
    call.indicators.add(indicator)
    request = application_create(call=call, organisation=organisation, title=title, by=user)
    request = request_update(
        request=request,
        fields={"description": "Forløb i virksomheder.", "first_year": 2027, "last_year": 2028},
        by=user,
    )
    RequestOrganisation.objects.create(
        request=request, name=organisation.name, cvr="29189846", role="applicant", order=1
    )
    RequestOrganisation.objects.create(
        request=request, name="Partner A/S", cvr="10150817", role="partner", order=2
    )
    RequestTarget.objects.create(request=request, indicator=indicator, value=40)
    first = RequestArea.objects.create(request=request, name="Indslusning", order=1)
    second = RequestArea.objects.create(request=request, name="Virksomheder", order=2)
    regional, municipal = sources()
    request = request_save_grid(
        request=request,
        budget={
            (first.pk, 2027): 600_000,
            (second.pk, 2027): 400_000,
            (first.pk, 2028): 1_500_000,
        },
        financing={
            (regional.pk, 2027): 500_000,
            (municipal.pk, 2027): 500_000,
            (regional.pk, 2028): 1_000_000,
            (municipal.pk, 2028): 500_000,
        },
        by=user,
    )
    return request_submit(request=request, by=user)


def submitted_change(
    project: Project,
    *,
    kind: str = Request.Kind.TOP_UP,
    first_year: int = 2027,
    last_year: int = 2028,
    amount: int = 1_000_000,
) -> Request:
    """A submitted change request of `project` by its applicant: `amount` a year in its first
    effort area, financed by regional funds (kinds without figures: no grid)."""
    user = applicant_of(OrganisationFactory.create())
    request = change_request_create(
        project=project,
        kind=kind,
        title=f"{kind} {project.name}",
        first_year=first_year,
        last_year=last_year,
        by=user,
    )
    request = request_update(request=request, fields={"description": "Behov."}, by=user)
    if kind in ("application", "top_up", "extension", "revision"):
        area = request.areas.order_by("order", "pk").first()
        if area is None:
            area = RequestArea.objects.create(request=request, name="Nyt område")
        source = FundingSourceFactory.create(kind=FundingSource.Kind.REGIONAL)
        years = range(first_year, last_year + 1)
        request = request_save_grid(
            request=request,
            budget={(area.pk, year): amount for year in years},
            financing={(source.pk, year): amount for year in years},
            by=user,
        )
    return request_submit(request=request, by=user)


def checklist_with_questions(count: int = 2, **fields: object) -> ChecklistTemplate:
    checklist = ChecklistTemplateFactory.create(**fields)
    for _number in range(count):
        ChecklistQuestionFactory.create(template=checklist)
    assert isinstance(checklist, ChecklistTemplate)
    return checklist
