"""Scenarios of the set-up pages: programmes, organisations, projects, their rows, indicators
and targets. The region's staff set them up."""

from __future__ import annotations

from django.urls import reverse

from grants.models import (
    DecisionBody,
    EffortArea,
    FundingSource,
    Indicator,
    Organisation,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectFundingSource,
    ProjectLink,
    ProjectOrganisation,
    Target,
    TargetBreakdown,
)
from tests.audit_walk.harness import Walk, scenario
from tests.factories import EffortAreaFactory, FundingSourceFactory, IndicatorFactory

SETS_UP = "regional"


@scenario(actor=SETS_UP, posts=["grants:programme_create"], writes=["grants.Programme"])
def programme_created(w: Walk) -> None:
    url = reverse("grants:programme_create")
    data = w.form(url)
    data.update(name="Grøn omstilling", pool="Regional udvikling", first_year="2025")
    data.update(last_year="2027", description="Et nyt program")
    w.post(url, data)
    assert Programme.objects.filter(name="Grøn omstilling").exists()


@scenario(actor=SETS_UP, posts=["grants:programme_update"], writes=["grants.Programme"])
def programme_changed(w: Walk) -> None:
    url = reverse("grants:programme_update", args=[w.ids["programme"]])
    data = w.form(url)
    data["description"] = "Beskrevet igen"
    w.post(url, data)
    assert Programme.objects.get(pk=w.ids["programme"]).description == "Beskrevet igen"


@scenario(actor=SETS_UP, posts=["grants:organisation_create"], writes=["grants.Organisation"])
def organisation_created(w: Walk) -> None:
    url = reverse("grants:organisation_create")
    data = w.form(url)
    data.update(name="Erhvervshus Midtjylland", cvr="29189455", address="Åhavevej 2")
    w.post(url, data)
    assert Organisation.objects.get(name="Erhvervshus Midtjylland").cvr == "29189455"


@scenario(actor=SETS_UP, posts=["grants:organisation_update"], writes=["grants.Organisation"])
def organisation_changed(w: Walk) -> None:
    url = reverse("grants:organisation_update", args=[w.ids["organisation"]])
    data = w.form(url)
    data["address"] = "Skottenborg 26, 8800 Viborg"
    w.post(url, data)
    organisation = Organisation.objects.get(pk=w.ids["organisation"])
    assert organisation.address == "Skottenborg 26, 8800 Viborg"


@scenario(
    actor=SETS_UP,
    posts=["grants:project_create"],
    writes=["grants.Project", "grants.ProjectOrganisation", "grants.ProjectLink"],
)
def project_created(w: Walk) -> None:
    url = reverse("grants:project_create")
    data = w.form(url)
    data.update(
        name="Fremtidens faglærte",
        programme=str(w.ids["programme"]),
        applicant=str(w.ids["organisation"]),
        purpose="Flere faglærte",
    )
    data.update({"links-0-title": "Ansøgning", "links-0-url": "https://example.dk/ansøgning"})
    w.post(url, data)
    project = Project.objects.get(name="Fremtidens faglærte")
    assert ProjectOrganisation.objects.get(project=project).organisation_id == w.ids["organisation"]
    assert ProjectLink.objects.get(project=project).title == "Ansøgning"


@scenario(
    actor=SETS_UP,
    posts=["grants:project_update"],
    writes=["grants.Project", "grants.ProjectOrganisation", "grants.ProjectLink"],
)
def project_changed(w: Walk) -> None:
    url = reverse("grants:project_update", args=[w.ids["project"]])
    data = w.form(url)
    data.update(purpose="Et nyt formål", applicant=str(w.ids["organisation"]))
    data.update({"links-0-title": "Referat", "links-0-url": "https://example.dk/referat"})
    w.post(url, data)
    project = Project.objects.get(pk=w.ids["project"])
    assert project.purpose == "Et nyt formål"
    assert [link.title for link in project.links.all()] == ["Referat"]


@scenario(actor=SETS_UP, posts=["grants:effortarea_create"], writes=["grants.EffortArea"])
def effort_area_created(w: Walk) -> None:
    url = reverse("grants:effortarea_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(name="Opkvalificering", description="Kurser")
    w.post(url, data)
    assert EffortArea.objects.filter(project_id=w.ids["project"], name="Opkvalificering").exists()


@scenario(actor=SETS_UP, posts=["grants:effortarea_update"], writes=["grants.EffortArea"])
def effort_area_changed(w: Walk) -> None:
    url = reverse("grants:effortarea_update", args=[w.ids["effortarea"]])
    data = w.form(url)
    data["description"] = "Beskrevet igen"
    w.post(url, data)
    assert EffortArea.objects.get(pk=w.ids["effortarea"]).description == "Beskrevet igen"


def _second_area(w: Walk) -> None:
    """A second effort area, placed after every area the project has (whatever their order)."""
    areas = EffortArea.objects.filter(project_id=w.ids["project"])
    last = max((a.order for a in areas), default=0)
    w.ids["second_area"] = EffortAreaFactory.create(project_id=w.ids["project"], order=last + 1).pk


@scenario(
    actor=SETS_UP,
    posts=["grants:effortarea_move"],
    writes=["grants.EffortArea"],
    given=_second_area,
)
def effort_area_moved(w: Walk) -> None:
    def place() -> int:
        areas = EffortArea.objects.filter(project_id=w.ids["project"]).order_by("order", "pk")
        return [a.pk for a in areas].index(w.ids["second_area"])

    before = place()
    w.act(reverse("grants:effortarea_move", args=[w.ids["second_area"]]), {"direction": "up"})
    assert place() == before - 1


@scenario(actor=SETS_UP, posts=["grants:effortarea_retire"], writes=["grants.EffortArea"])
def effort_area_retired(w: Walk) -> None:
    w.act(reverse("grants:effortarea_retire", args=[w.ids["effortarea"]]), {"retired": "1"})
    assert EffortArea.objects.get(pk=w.ids["effortarea"]).retired


@scenario(
    actor=SETS_UP,
    posts=["grants:effortarea_delete"],
    writes=["grants.EffortArea"],
    given=_second_area,
)
def effort_area_deleted(w: Walk) -> None:
    w.act(reverse("grants:effortarea_delete", args=[w.ids["second_area"]]))
    assert not EffortArea.objects.filter(pk=w.ids["second_area"]).exists()


def _free_source(w: Walk) -> None:
    source = FundingSourceFactory.create(name="Den Europæiske Socialfond")
    assert isinstance(source, FundingSource)
    w.ids["free_source"] = source.pk


@scenario(
    actor=SETS_UP,
    posts=["grants:projectfundingsource_add"],
    writes=["grants.ProjectFundingSource"],
    given=_free_source,
)
def project_source_added(w: Walk) -> None:
    project = w.ids["project"]
    url = reverse("grants:projectfundingsource_add", args=[project])
    data = w.form(reverse("grants:projectfundingsource_list", args=[project]), url)
    data["funding_source"] = str(w.ids["free_source"])
    w.post(url, data)
    assert ProjectFundingSource.objects.filter(
        project_id=project, funding_source_id=w.ids["free_source"]
    ).exists()


def _second_source(w: Walk) -> None:
    _free_source(w)
    # Last in the project's order, whatever place the factory's sequence gave the world's own.
    chosen = ProjectFundingSource.objects.filter(project_id=w.ids["project"])
    last = max(chosen.values_list("order", flat=True), default=0)
    choice = ProjectFundingSource.objects.create(
        project_id=w.ids["project"], funding_source_id=w.ids["free_source"], order=last + 1
    )
    w.ids["second_source"] = choice.pk


@scenario(
    actor=SETS_UP,
    posts=["grants:projectfundingsource_move"],
    writes=["grants.ProjectFundingSource"],
    given=_second_source,
)
def project_source_moved(w: Walk) -> None:
    url = reverse("grants:projectfundingsource_move", args=[w.ids["second_source"]])
    w.act(url, {"direction": "up"})
    assert ProjectFundingSource.objects.get(pk=w.ids["second_source"]).order == 1


@scenario(
    actor=SETS_UP,
    posts=["grants:projectfundingsource_remove"],
    writes=["grants.ProjectFundingSource"],
    given=_second_source,
)
def project_source_removed(w: Walk) -> None:
    w.act(reverse("grants:projectfundingsource_remove", args=[w.ids["second_source"]]))
    assert not ProjectFundingSource.objects.filter(pk=w.ids["second_source"]).exists()


@scenario(actor=SETS_UP, posts=["grants:indicator_create"], writes=["grants.Indicator"])
def indicator_created(w: Walk) -> None:
    url = reverse("grants:indicator_create")
    data = w.form(url)
    data.update(code="CO05", name_en="new enterprises", name_da="nye virksomheder", unit="antal")
    w.post(url, data)
    assert Indicator.objects.filter(code="CO05").exists()


@scenario(actor=SETS_UP, posts=["grants:indicator_update"], writes=["grants.Indicator"])
def indicator_changed(w: Walk) -> None:
    url = reverse("grants:indicator_update", args=[w.ids["indicator"]])
    data = w.form(url)
    data["name_da"] = "virksomheder, der får støtte"
    w.post(url, data)
    assert Indicator.objects.get(pk=w.ids["indicator"]).name_da == "virksomheder, der får støtte"


def _new_indicator(w: Walk) -> None:
    indicator = IndicatorFactory.create(code="CO02", name_en="enterprises receiving grants")
    assert isinstance(indicator, Indicator)
    w.ids["new_indicator"] = indicator.pk


@scenario(
    actor=SETS_UP,
    posts=["grants:programme_indicators"],
    writes=["grants.ProgrammeIndicator"],
    given=_new_indicator,
)
def programme_indicators_chosen(w: Walk) -> None:
    url = reverse("grants:programme_indicators", args=[w.ids["programme"]])
    data = w.form(url)
    shown = data.get("indicators", [])
    chosen = [shown] if isinstance(shown, str) else shown if isinstance(shown, list) else []
    data["indicators"] = [*chosen, str(w.ids["new_indicator"])]
    w.post(url, data)
    assert ProgrammeIndicator.objects.filter(
        programme_id=w.ids["programme"], indicator_id=w.ids["new_indicator"]
    ).exists()


def _open_indicator(w: Walk) -> None:
    _new_indicator(w)
    ProgrammeIndicator.objects.create(
        programme_id=w.ids["programme"], indicator_id=w.ids["new_indicator"]
    )


@scenario(
    actor=SETS_UP,
    posts=["grants:decision_targets"],
    writes=["grants.Target"],
    given=_open_indicator,
)
def target_added(w: Walk) -> None:
    url = reverse("grants:decision_targets", args=[w.ids["decision"]])
    data = w.form(url)
    data.update(indicator=str(w.ids["new_indicator"]), value="40")
    w.post(url, data)
    target = Target.objects.get(decision_id=w.ids["decision"], indicator_id=w.ids["new_indicator"])
    assert target.value == 40


@scenario(actor=SETS_UP, posts=["grants:target_breakdown"], writes=["grants.TargetBreakdown"])
def target_broken_down(w: Walk) -> None:
    url = reverse("grants:target_breakdown", args=[w.ids["target"]])
    data = w.form(url)
    data.update(part="gender:male", value="4")
    w.post(url, data)
    part = TargetBreakdown.objects.get(target_id=w.ids["target"], category="male")
    assert part.value == 4


@scenario(actor=SETS_UP, posts=["grants:breakdown_remove"], writes=["grants.TargetBreakdown"])
def breakdown_removed(w: Walk) -> None:
    w.act(reverse("grants:breakdown_remove", args=[w.ids["breakdown"]]))
    assert not TargetBreakdown.objects.filter(pk=w.ids["breakdown"]).exists()


# --- The region's funding sources ------------------------------------------------------------


@scenario(actor=SETS_UP, posts=["grants:fundingsource_create"], writes=["grants.FundingSource"])
def funding_source_created(w: Walk) -> None:
    url = reverse("grants:fundingsource_create")
    data = w.form(url)
    data.update(name="Danmarks Erhvervsfremmebestyrelse", kind="municipal_state")
    data.update(recommendation_phrase="midler fra Danmarks Erhvervsfremmebestyrelse")
    w.post(url, data)
    assert FundingSource.objects.filter(name="Danmarks Erhvervsfremmebestyrelse").exists()


@scenario(
    actor=SETS_UP,
    posts=["grants:fundingsource_update"],
    writes=["grants.FundingSource"],
)
def funding_source_changed(w: Walk) -> None:
    url = reverse("grants:fundingsource_update", args=[w.ids["fundingsource"]])
    data = w.form(url)
    data["recommendation_phrase"] = "private midler"
    w.post(url, data)
    assert FundingSource.objects.get(pk=w.ids["fundingsource"]).recommendation_phrase == (
        "private midler"
    )


@scenario(
    actor=SETS_UP,
    posts=["grants:fundingsource_delete", "grants:fundingsource_restore"],
    writes=["grants.FundingSource"],
)
def funding_source_deleted_and_restored(w: Walk) -> None:
    pk = w.ids["fundingsource"]
    w.act(reverse("grants:fundingsource_delete", args=[pk]))
    assert not FundingSource.objects.filter(pk=pk).exists()
    w.post(reverse("grants:fundingsource_restore", args=[pk]))
    assert FundingSource.objects.filter(pk=pk).exists()


# --- The region's decision bodies -------------------------------------------------------------


@scenario(actor=SETS_UP, posts=["grants:decisionbody_create"], writes=["grants.DecisionBody"])
def decision_body_created(w: Walk) -> None:
    url = reverse("grants:decisionbody_create")
    data = w.form(url)
    data.update(name="Regionsrådets forretningsudvalg", code="FU")
    w.post(url, data)
    assert DecisionBody.objects.filter(name="Regionsrådets forretningsudvalg").exists()


@scenario(actor=SETS_UP, posts=["grants:decisionbody_update"], writes=["grants.DecisionBody"])
def decision_body_retired(w: Walk) -> None:
    url = reverse("grants:decisionbody_update", args=[w.ids["decisionbody"]])
    data = w.form(url)
    data["retired"] = "on"
    w.post(url, data)
    assert DecisionBody.objects.get(pk=w.ids["decisionbody"]).retired


@scenario(
    actor=SETS_UP,
    posts=["grants:decisionbody_delete", "grants:decisionbody_restore"],
    writes=["grants.DecisionBody"],
)
def decision_body_deleted_and_restored(w: Walk) -> None:
    pk = w.ids["decisionbody"]
    w.act(reverse("grants:decisionbody_delete", args=[pk]))
    assert not DecisionBody.objects.filter(pk=pk).exists()
    w.post(reverse("grants:decisionbody_restore", args=[pk]))
    assert DecisionBody.objects.filter(pk=pk).exists()
