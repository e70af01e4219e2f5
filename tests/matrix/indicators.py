"""The indicator and reported-value URLs × roles: the region sets indicators and targets up and
approves reported values, the project's secretariat reports them, everybody who reads the
project's progress reads them."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.models import Dimension, GrantDecision, Target, TargetBreakdown
from progress.services import reported_value_submit
from tests.factories import IndicatorFactory, TargetFactory
from tests.matrix.base import EDIT_GRANTS, READ_PROJECT, Entry, World, _, _post, _roles


def extend(world: World) -> None:
    decision = GrantDecision.objects.get(pk=world.ids["decision"])
    indicator = IndicatorFactory.create(code="CO01", name_en="enterprises receiving support")
    reported_target = TargetFactory.create(decision=decision, indicator=indicator, value=150)
    assert isinstance(reported_target, Target)
    # The base world's target counts flex jobs: a participant measure, broken down by gender.
    part = TargetBreakdown.objects.create(
        target_id=world.ids["target"], dimension=Dimension.GENDER, category="female", value=5
    )
    member = world.users["member"]
    assert isinstance(member, User)
    reported = reported_value_submit(
        target=reported_target,
        period_start=datetime.date(decision.first_year, 1, 1),
        period_end=datetime.date(decision.first_year, 6, 30),
        value=12,
        note="Liste over rådgivne virksomheder",
        evidence=SimpleUploadedFile("liste.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=member,
    )
    world.ids.update(
        {
            "indicator": indicator.pk,
            "reportedtarget": reported_target.pk,
            "breakdown": part.pk,
            "reported": reported.pk,
        }
    )


ENTRIES: dict[str, Entry] = {
    # Set-up pages of the region and administrators.
    "grants:indicator_list": Entry(_(), EDIT_GRANTS),
    "grants:indicator_create": Entry(_(), EDIT_GRANTS),
    "grants:indicator_update": Entry(_("indicator"), EDIT_GRANTS),
    "grants:programme_indicators": Entry(_("programme"), EDIT_GRANTS),
    "grants:decision_targets": Entry(_("decision"), EDIT_GRANTS),
    "grants:target_breakdown": Entry(_("target"), EDIT_GRANTS),
    "grants:breakdown_remove": Entry(_("breakdown"), EDIT_GRANTS),
    "grants:breakdown_remove#post": Entry(_("breakdown"), _post(EDIT_GRANTS), method="post"),
    # Reported values: read with the project's progress; reported by its secretariat (and
    # administrators); approved or returned by the region (and administrators). The world's
    # value is reported by the secretariat, so the region may approve it; a return posted
    # empty shows the form again with its message.
    "progress:reported_list": Entry(_("project"), READ_PROJECT),
    "progress:reported_create": Entry(_("reportedtarget"), _roles(403, 200, 404, 403, 200)),
    "progress:reported_detail": Entry(_("reported"), READ_PROJECT),
    "progress:reported_evidence": Entry(_("reported"), READ_PROJECT),
    "progress:reported_approve": Entry(_("reported"), _post(EDIT_GRANTS), method="post"),
    "progress:reported_return": Entry(_("reported"), EDIT_GRANTS, method="post"),
}
