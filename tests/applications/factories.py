"""Factories of the applications room: calls, checklists, requests and their parts."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from applications.models import (
    ApplicantMembership,
    Call,
    ChecklistQuestion,
    ChecklistTemplate,
    Request,
    RequestArea,
    RequestOrganisation,
)
from tests.factories import ApplicantFactory, OrganisationFactory, ProgrammeFactory, ProjectFactory


class ApplicantMembershipFactory(factory.django.DjangoModelFactory[ApplicantMembership]):
    class Meta:
        model = ApplicantMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(ApplicantFactory)


class ChecklistTemplateFactory(factory.django.DjangoModelFactory[ChecklistTemplate]):
    class Meta:
        model = ChecklistTemplate

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Checklist {n}")


class ChecklistQuestionFactory(factory.django.DjangoModelFactory[ChecklistQuestion]):
    class Meta:
        model = ChecklistQuestion

    template = factory.SubFactory(ChecklistTemplateFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    order = factory.Sequence(lambda n: n)


class CallFactory(factory.django.DjangoModelFactory[Call]):
    """A published call, open from a week ago for another four weeks."""

    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    text = "Ansøg om midler."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=28))
    published = True


class ApplicationFactory(factory.django.DjangoModelFactory[Request]):
    """A draft application in an open call, by an applicant organisation."""

    class Meta:
        model = Request

    kind = Request.Kind.APPLICATION
    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    description = "Et projekt om job."
    first_year = 2027
    last_year = 2028


class ChangeRequestFactory(factory.django.DjangoModelFactory[Request]):
    """A draft change request (a top-up) of a project."""

    class Meta:
        model = Request

    kind = Request.Kind.TOP_UP
    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Change request {n}")
    description = "Behov for flere midler."
    first_year = 2027
    last_year = 2028


class RequestOrganisationFactory(factory.django.DjangoModelFactory[RequestOrganisation]):
    class Meta:
        model = RequestOrganisation

    request = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Applicant organisation {n}")
    role = RequestOrganisation.Role.APPLICANT


class RequestAreaFactory(factory.django.DjangoModelFactory[RequestArea]):
    class Meta:
        model = RequestArea

    request = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    order = factory.Sequence(lambda n: n)
