"""factory_boy factories for the test suite."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group, User

from accounts.roles import ADMINISTRATOR, APPLICANT, FORUM_MEMBER, REGIONAL_STAFF, SECRETARIAT
from companies.models import (
    Company,
    Industry,
    IndustryAssociation,
    LabourMarketArea,
    Municipality,
    Network,
)
from demo.grants import inclusion_indicator, vaekstforum
from demo.participants import cvr_number
from grants import approved
from grants.models import (
    BudgetLine,
    Case,
    DecisionBody,
    EffortArea,
    FinancingLine,
    FundingSource,
    GrantDecision,
    Indicator,
    Organisation,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectFundingSource,
    ProjectMembership,
    Target,
)
from participants.models import OnboardingCourse, Participant


def _add_role(user: User, create: bool, role: str | None) -> None:
    if create and role:
        user.groups.add(Group.objects.get(name=role))


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user without a role; pass `role="..."` to give one."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.dk")
    password = factory.django.Password("correct-horse-battery")
    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted)
    )


class StaffFactory(UserFactory):
    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted or REGIONAL_STAFF)
    )


class AdministratorFactory(UserFactory):
    """An administrator: every page, the admin site included (a staff account)."""

    is_staff = True
    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted or ADMINISTRATOR)
    )


class ForumMemberFactory(UserFactory):
    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted or FORUM_MEMBER)
    )


class SecretariatFactory(UserFactory):
    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted or SECRETARIAT)
    )


class ApplicantFactory(UserFactory):
    """A user of an applicant organisation (give it one with `ApplicantMembershipFactory`)."""

    role = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_role(user, create, extracted or APPLICANT)
    )


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    pool = "INKLUSIONmidt"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    programme = factory.SubFactory(ProgrammeFactory)


class EffortAreaFactory(factory.django.DjangoModelFactory[EffortArea]):
    class Meta:
        model = EffortArea

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Effort area {n}")
    order = factory.Sequence(lambda n: n)


class FundingSourceFactory(factory.django.DjangoModelFactory[FundingSource]):
    class Meta:
        model = FundingSource

    name = factory.Sequence(lambda n: f"Funding source {n}")
    kind = FundingSource.Kind.REGIONAL
    order = factory.Sequence(lambda n: n)


class DecisionBodyFactory(factory.django.DjangoModelFactory[DecisionBody]):
    """A body of the region's list besides the five the migration made."""

    class Meta:
        model = DecisionBody

    name = factory.Sequence(lambda n: f"Decision body {n}")
    order = factory.Sequence(lambda n: 10 + n)


class DecisionFactory(factory.django.DjangoModelFactory[GrantDecision]):
    class Meta:
        model = GrantDecision

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    kind = GrantDecision.Kind.ORIGINAL
    deciding_body = factory.LazyFunction(vaekstforum)
    status = GrantDecision.Status.DRAFT
    first_year = 2019
    last_year = 2020

    @classmethod
    def _create(cls, model_class: type[GrantDecision], *args: Any, **kwargs: Any) -> GrantDecision:
        # Test data takes its status as given, before its lines exist: created as a draft, the
        # status is then written straight to the row, past the approval check of `save`.
        status = kwargs.pop("status", GrantDecision.Status.DRAFT)
        decision = super()._create(model_class, *args, **kwargs)
        if status != decision.status:
            GrantDecision.objects.filter(pk=decision.pk).update(status=status)
            decision.status = status
        return decision


class BudgetLineFactory(factory.django.DjangoModelFactory[BudgetLine]):
    class Meta:
        model = BudgetLine

    @classmethod
    def _create(cls, model_class: type[BudgetLine], *args: Any, **kwargs: Any) -> BudgetLine:
        # Test data may give an approved decision its lines afterwards: on PostgreSQL the
        # database's lock on approved figures lets only this set-up past (grants.approved).
        with approved.unlocked():
            return super()._create(model_class, *args, **kwargs)

    decision = factory.SubFactory(DecisionFactory)
    effort_area = factory.SubFactory(
        EffortAreaFactory, project=factory.SelfAttribute("..decision.project")
    )
    year = factory.SelfAttribute("decision.first_year")
    amount = 100_000


class FinancingLineFactory(factory.django.DjangoModelFactory[FinancingLine]):
    class Meta:
        model = FinancingLine

    @classmethod
    def _create(cls, model_class: type[FinancingLine], *args: Any, **kwargs: Any) -> FinancingLine:
        with approved.unlocked():
            return super()._create(model_class, *args, **kwargs)

    decision = factory.SubFactory(DecisionFactory)
    funding_source = factory.SubFactory(FundingSourceFactory)
    year = factory.SelfAttribute("decision.first_year")
    amount = 100_000


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Case {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "751"
    name = "Aarhus"


class IndustryFactory(factory.django.DjangoModelFactory[Industry]):
    class Meta:
        model = Industry
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Industry {n}")


def _valid_cvr(n: int) -> str:
    """Distinct valid CVR numbers, in a range the demo data (30000000 on) never uses."""
    return cvr_number(n, first=1_000_000)


class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Company {n}")
    cvr = factory.Sequence(_valid_cvr)
    municipality = factory.SubFactory(MunicipalityFactory)


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    reference = factory.Sequence(lambda n: f"P-{n:05d}")
    birth_year = 1990
    gender = Participant.Gender.FEMALE
    municipality = factory.SubFactory(MunicipalityFactory)


class CourseFactory(factory.django.DjangoModelFactory[OnboardingCourse]):
    class Meta:
        model = OnboardingCourse

    participant = factory.SubFactory(ParticipantFactory)
    project = factory.SelfAttribute("participant.project")
    company = factory.SubFactory(CompanyFactory)
    start_date = datetime.date(2019, 3, 1)


class MembershipFactory(factory.django.DjangoModelFactory[ProjectMembership]):
    class Meta:
        model = ProjectMembership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(SecretariatFactory)


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    """A reported indicator; pass `measurement="computed", measure=...` for a computed one."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name_da = factory.Sequence(lambda n: f"indikator {n}")
    name_en = factory.Sequence(lambda n: f"indicator {n}")
    unit = "stk."
    kind = Indicator.Kind.OUTPUT
    measurement = Indicator.Measurement.REPORTED
    measure = ""


class TargetFactory(factory.django.DjangoModelFactory[Target]):
    """A target; `indicator` may be an `Indicator` or the measure of one of the inclusion
    programme's (e.g. "flex_jobs"). Its programme chooses the indicator."""

    class Meta:
        model = Target

    decision = factory.SubFactory(DecisionFactory)
    indicator = Indicator.Measure.FLEX_JOBS.value
    value = 10

    @classmethod
    def _create(cls, model_class: type[Target], *args: Any, **kwargs: Any) -> Target:
        indicator = kwargs["indicator"]
        if not isinstance(indicator, Indicator):
            kwargs["indicator"] = indicator = inclusion_indicator(str(indicator))
        ProgrammeIndicator.objects.get_or_create(
            programme_id=kwargs["decision"].project.programme_id, indicator=indicator
        )
        return super()._create(model_class, *args, **kwargs)


class LabourMarketAreaFactory(factory.django.DjangoModelFactory[LabourMarketArea]):
    class Meta:
        model = LabourMarketArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Labour-market area {n}")


class IndustryAssociationFactory(factory.django.DjangoModelFactory[IndustryAssociation]):
    class Meta:
        model = IndustryAssociation

    name = factory.Sequence(lambda n: f"Industry association {n}")
    industry = factory.SubFactory(IndustryFactory)


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Network {n}")
    labour_market_area = factory.SubFactory(LabourMarketAreaFactory)


class ProjectFundingSourceFactory(factory.django.DjangoModelFactory[ProjectFundingSource]):
    class Meta:
        model = ProjectFundingSource

    project = factory.SubFactory(ProjectFactory)
    funding_source = factory.SubFactory(FundingSourceFactory)
    order = factory.Sequence(lambda n: n)
