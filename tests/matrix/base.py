"""The parts of the URL × role matrix that every room's entries share.

`tests/test_permission_matrix.py` holds the matrix of the rooms it was written with; each newer
room adds its own as a module of this package (`ENTRIES`, and `extend(world)` to give the world
the objects its URLs name), so that rooms built side by side never edit one file.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.cases.services import attachment_add
from grants.models import CaseAttachment, Target
from tests.factories import (
    AdministratorFactory,
    ApplicantFactory,
    CaseFactory,
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    EffortAreaFactory,
    ForumMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProjectFactory,
    ProjectFundingSourceFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)

ROLES = ["anonymous", "regional", "member", "outsider", "forum", "administrator", "applicant"]


@dataclass
class World:
    ids: dict[str, int]
    users: dict[str, User | None]


def build_base_world() -> World:
    project = ProjectFactory.create()
    other = ProjectFactory.create()
    decision = DecisionFactory.create(project=project)
    case = CaseFactory.create(project=project)
    decision.cases.add(case)
    target = TargetFactory.create(decision=decision)
    assert isinstance(target, Target)
    staff = StaffFactory.create()
    attachment = attachment_add(
        case=case,
        title="Bilag",
        dated=None,
        upload=SimpleUploadedFile("bilag.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=staff,
    )
    assert isinstance(attachment, CaseAttachment)
    company = CompanyFactory.create()
    company.projects.add(project)
    participant = ParticipantFactory.create(project=project)
    course = CourseFactory.create(
        participant=participant, company=company, start_date=datetime.date(2019, 3, 1)
    )
    area = EffortAreaFactory.create(project=project)
    source_choice = ProjectFundingSourceFactory.create(project=project)
    organisation = OrganisationFactory.create()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=project)
    outsider = SecretariatFactory.create()
    MembershipFactory.create(user=outsider, project=other)
    users: dict[str, User | None] = {
        "anonymous": None,
        "regional": staff,
        "member": member,
        "outsider": outsider,
        "forum": ForumMemberFactory.create(),
        "administrator": AdministratorFactory.create(),
        "applicant": ApplicantFactory.create(),
    }
    # Cleared for special-category data, person by person: here only the role decides.
    clearance = Permission.objects.get(codename="view_special_categories")
    for user in users.values():
        if user is not None:
            user.user_permissions.add(clearance)
    return World(
        ids={
            "project": project.pk,
            "programme": project.programme_id,
            "decision": decision.pk,
            "case": case.pk,
            "target": target.pk,
            "attachment": attachment.pk,
            "company": company.pk,
            "participant": participant.pk,
            "course": course.pk,
            "effortarea": area.pk,
            "projectsource": source_choice.pk,
            "organisation": organisation.pk,
        },
        users=users,
    )


@dataclass(frozen=True)
class Entry:
    """How to call a URL and what each role gets: "login" means 302 to the login page.

    A key "name#what" is another call of the URL `name` (another query string, other posted
    data or settings), checked as well; the plain "name" is the URL's own entry.
    """

    args: Callable[[dict[str, int]], list[object]]
    expect: Expect
    method: str = "get"
    query: str = ""
    data: Callable[[dict[str, int]], dict[str, str]] | None = None
    settings: Mapping[str, object] = field(default_factory=dict)


def _(*names: str) -> Callable[[dict[str, int]], list[object]]:
    """The ids of the world's objects called `names`, as the URL's arguments."""
    return lambda ids: [ids[name] for name in names]


Expect = dict[str, int | str]


def _roles(
    regional: int, member: int, outsider: int, forum: int, admin: int, applicant: int = 403
) -> Expect:
    """What each role gets. An applicant (of an organisation with no project yet) reaches no
    page of the region's or a project's unless the entry says otherwise."""
    return {
        "applicant": applicant,
        "anonymous": "login",
        "regional": regional,
        "member": member,
        "outsider": outsider,
        "forum": forum,
        "administrator": admin,
    }


# Who reads a project's grants (region, forum, admin; its own secretariat), who edits them
# (region, admin), who reads the case material (region, forum, admin), who sees people
# (the project's secretariat, admin), who reads companies (all but the forum).
READ_PROJECT = _roles(200, 200, 404, 200, 200)
EDIT_GRANTS = _roles(200, 403, 403, 403, 200)
READ_CASES = _roles(200, 403, 403, 200, 200)
ALL_PROJECTS = _roles(200, 403, 403, 200, 200)
LIST_FOR_ALL = _roles(200, 200, 200, 200, 200)
PEOPLE_LIST = _roles(403, 200, 200, 403, 200)
PERSON = _roles(403, 200, 404, 403, 200)
COMPANIES_READ = _roles(200, 200, 200, 403, 200)
COMPANIES_EDIT = _roles(403, 200, 200, 403, 200)
HISTORY = _roles(200, 403, 403, 403, 200)


def _post(expect: Expect, ok: int = 302) -> Expect:
    """The same roles as `expect` for a POST action: success is a redirect."""
    return {role: ok if status == 200 else status for role, status in expect.items()}
