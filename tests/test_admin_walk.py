"""Every page of the admin answers an administrator without a server error: each registered
model's list, add form, and for a real object its change form, history, a historical version,
delete confirmation and the "view on site" shortcut; and the shortcut for every content type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_rq.models import Dashboard
from simple_history.admin import SimpleHistoryAdmin

from core import audit
from grants.models import CaseReference, Disbursement, FundingSource, GrantDecision, Recommendation
from jobs.models import ScheduledRun
from notifications.models import Channel, Email, MailSettings, Preference, RoleDefault
from participants.models import Participant, ParticipantAccess
from participants.services import log_participant_access, participant_erase
from spending.models import RepaymentClaim
from tests.factories import (
    IndustryAssociationFactory,
    LabourMarketAreaFactory,
    NetworkFactory,
    ParticipantFactory,
)
from tests.spending.factories import ProgrammeFinanceFactory
from tests.test_permission_matrix import World, build_world

pytestmark = pytest.mark.django_db

# Models the world has no row of: their object pages are still asked, with an id that does not
# exist (a redirect or a 404, never a 500).
MISSING = 999_999


def _full_world() -> World:
    """The matrix's world, with a row of the models it has none of, so that their pages are
    asked with a real object."""
    world = build_world()
    admin_user = world.users["administrator"]
    assert admin_user is not None
    decision = GrantDecision.objects.get(pk=world.ids["decision"])
    source = FundingSource.objects.order_by("pk").first()
    assert source is not None
    Recommendation.objects.create(
        decision=decision, funding_source=source, amount=1_000, first_year=2019, last_year=2019
    )
    Disbursement.objects.create(decision=decision, funding_source=source, year=2019, amount=1_000)
    CaseReference.objects.create(case_id=world.ids["case"], title="Forordning")
    LabourMarketAreaFactory.create()
    IndustryAssociationFactory.create()
    NetworkFactory.create()
    ProgrammeFinanceFactory.create(programme_id=world.ids["programme"])
    log_participant_access(
        user=admin_user,
        participant=Participant.objects.get(pk=world.ids["participant"]),
        action=ParticipantAccess.Action.VIEWED,
    )
    participant_erase(participant=ParticipantFactory.create(), by=admin_user)
    RepaymentClaim.objects.create(
        project=decision.project,
        funding_source=source,
        amount=1_000,
        reason="Vækstforum gav afslag",
        decision=decision,
        origin="Vækstforum",
        created_by=admin_user,
    )
    # What the notifications told (an e-mail that failed), the settings and a periodic run.
    Email.objects.create(
        recipient=admin_user, kind=Email.Kind.IMMEDIATE, key="walk", state=Email.State.FAILED
    )
    audit.save(Preference(user=admin_user, event="walk", channel=Channel.OFF), by=admin_user)
    audit.save(RoleDefault(role="secretariat", event="walk", channel=Channel.APP), by=admin_user)
    audit.save(MailSettings(user=admin_user, language="en"), by=admin_user)
    ScheduledRun.objects.create(name="walk", slot=timezone.now())
    # The login throttle's logs: a wrong password, then a right one.
    Client().post(reverse("login"), {"username": admin_user.username, "password": "wrong"})
    return world


def _client(world: World) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users["administrator"]
    assert user is not None
    client.force_login(user)
    return client


def _object_pk(model: type[models.Model]) -> object:
    row = model._default_manager.order_by("pk").first()
    return row.pk if row is not None else MISSING


def _admin_urls(model: type[models.Model]) -> Iterator[str]:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    yield reverse(f"{info}_changelist")
    yield reverse(f"{info}_add")
    pk = _object_pk(model)
    for view in ("change", "history", "delete"):
        yield reverse(f"{info}_{view}", args=[pk])
    history = getattr(model, "history", None)
    if history is not None and isinstance(admin.site._registry[model], SimpleHistoryAdmin):
        record = history.filter(**{model._meta.pk.attname: pk}).first()
        version = record.history_id if record is not None else MISSING
        yield reverse(f"{info}_simple_history", args=[pk, version])
    content_type = ContentType.objects.get_for_model(model)
    yield reverse("admin:view_on_site", args=[content_type.pk, pk])


def test_every_admin_page_of_every_registered_model_answers_without_a_server_error() -> None:
    world = _full_world()
    client = _client(world)
    asked, errors = 0, []
    empty = [m.__name__ for m in admin.site._registry if not m._default_manager.exists()]
    # django-axes writes its failure log only where its settings ask for one.
    assert set(empty) <= {"AccessFailureLog"}
    for model in admin.site._registry:
        for url in _admin_urls(model):
            asked += 1
            if client.get(url).status_code >= 500:
                errors.append(url)
    assert errors == []
    assert asked > 100


def test_view_on_site_answers_every_content_type_with_a_redirect_or_a_404() -> None:
    world = build_world()
    client = _client(world)
    answers = {}
    for content_type in ContentType.objects.order_by("pk"):
        model = content_type.model_class()
        pk = MISSING
        if model is not None and admin.site.is_registered(model):
            pk = _object_pk(model)  # type: ignore[assignment]
        url = reverse("admin:view_on_site", args=[content_type.pk, pk])
        answers[url] = client.get(url).status_code
    assert set(answers.values()) <= {302, 404}, answers
    # The objects of the models the admin shows that have a page of their own go there.
    assert 302 in answers.values()


def test_view_on_site_of_a_model_without_a_table_is_a_404() -> None:
    world = build_world()
    content_type = ContentType.objects.get_for_model(Dashboard)
    response = _client(world).get(reverse("admin:view_on_site", args=[content_type.pk, 1]))
    assert response.status_code == 404


@pytest.mark.parametrize("bad", ["abc", "99999999999999999999", "0"])
def test_view_on_site_of_a_nonsense_address_is_a_404(bad: str) -> None:
    world = build_world()
    client = _client(world)
    project_type = ContentType.objects.get(app_label="grants", model="project")
    assert client.get(f"/admin/r/{bad}/1/").status_code == 404
    assert client.get(f"/admin/r/{project_type.pk}/{bad}/").status_code in (302, 404)


def test_the_admin_index_links_to_no_dashboard() -> None:
    world = build_world()
    page = _client(world).get(reverse("admin:index")).content.decode()
    assert "django_rq" not in page
    assert "Django-RQ" not in page
