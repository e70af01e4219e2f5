"""Scenarios of the calls pages: the region's staff set up calls for applications and the
checklists they are assessed by; each write's history names them."""

from __future__ import annotations

from django.urls import reverse

from applications.models import Call, ChecklistQuestion, ChecklistTemplate
from tests.audit_walk.harness import Walk, scenario

STAFF = "regional"
CALL = "applications.Call"
CHECKLIST = "applications.ChecklistTemplate"
QUESTION = "applications.ChecklistQuestion"


@scenario(actor=STAFF, posts=["applications:call_create"], writes=[CALL])
def call_created(w: Walk) -> None:
    url = reverse("applications:call_create") + f"?programme={w.ids['programme']}"
    data = w.form(url)
    data.update(
        title="Nyt opslag",
        opens_on="2030-01-01",
        opens_time="09:00",
        closes_on="2030-03-01",
        closes_time="12:00",
    )
    w.post(url, data)
    assert Call.objects.filter(title="Nyt opslag", published=False).exists()


@scenario(actor=STAFF, posts=["applications:call_edit"], writes=[CALL])
def call_changed(w: Walk) -> None:
    url = reverse("applications:call_edit", args=[w.ids["call"]])
    data = w.form(url)
    data["title"] = "Ændret opslag"
    w.post(url, data)
    assert Call.objects.get(pk=w.ids["call"]).title == "Ændret opslag"


@scenario(actor=STAFF, posts=["applications:call_publish"], writes=[CALL])
def call_published(w: Walk) -> None:
    w.act(reverse("applications:call_publish", args=[w.ids["draft_call"]]))
    assert Call.objects.get(pk=w.ids["draft_call"]).published


@scenario(actor=STAFF, posts=["applications:call_unpublish"], writes=[CALL])
def call_unpublished(w: Walk) -> None:
    w.act(reverse("applications:call_unpublish", args=[w.ids["call"]]))
    assert not Call.objects.get(pk=w.ids["call"]).published


@scenario(actor=STAFF, posts=["applications:call_delete"], writes=[CALL])
def call_deleted(w: Walk) -> None:
    w.act(reverse("applications:call_delete", args=[w.ids["draft_call"]]))
    assert not Call.objects.filter(pk=w.ids["draft_call"]).exists()


@scenario(actor=STAFF, posts=["applications:checklist_create"], writes=[CHECKLIST])
def checklist_created(w: Walk) -> None:
    url = reverse("applications:checklist_create")
    data = w.form(url)
    data.update(programme=str(w.ids["programme"]), name="Ny tjekliste")
    w.post(url, data)
    assert ChecklistTemplate.objects.filter(name="Ny tjekliste").exists()


@scenario(actor=STAFF, posts=["applications:checklist_edit"], writes=[CHECKLIST])
def checklist_changed(w: Walk) -> None:
    url = reverse("applications:checklist_edit", args=[w.ids["checklist"]])
    data = w.form(url)
    data["name"] = "Ændret tjekliste"
    w.post(url, data)
    assert ChecklistTemplate.objects.get(pk=w.ids["checklist"]).name == "Ændret tjekliste"


@scenario(actor=STAFF, posts=["applications:checklist_copy"], writes=[CHECKLIST, QUESTION])
def checklist_copied(w: Walk) -> None:
    url = reverse("applications:checklist_copy", args=[w.ids["checklist"]])
    data = w.form(url)
    data["name"] = "Kopi af vurdering"
    w.post(url, data)
    copy = ChecklistTemplate.objects.get(name="Kopi af vurdering")
    assert copy.questions.count() == 2


def _unused_checklist(w: Walk) -> None:
    checklist = ChecklistTemplate.objects.create(programme_id=w.ids["programme"], name="Ubrugt")
    ChecklistQuestion.objects.create(template=checklist, text="Spørgsmål?", order=1)
    w.ids["unused_checklist"] = checklist.pk


@scenario(
    actor=STAFF,
    posts=["applications:checklist_delete"],
    writes=[CHECKLIST, QUESTION],
    given=_unused_checklist,
)
def checklist_deleted(w: Walk) -> None:
    w.act(reverse("applications:checklist_delete", args=[w.ids["unused_checklist"]]))
    assert not ChecklistTemplate.objects.filter(pk=w.ids["unused_checklist"]).exists()


@scenario(actor=STAFF, posts=["applications:checklist_detail"], writes=[QUESTION])
def question_added(w: Walk) -> None:
    url = reverse("applications:checklist_detail", args=[w.ids["checklist"]])
    data = w.form(url)
    data.update(text="Er der medfinansiering?", guidance="Se budgettet.")
    w.post(url, data)
    assert ChecklistQuestion.objects.filter(text="Er der medfinansiering?").exists()


@scenario(actor=STAFF, posts=["applications:question_edit"], writes=[QUESTION])
def question_changed(w: Walk) -> None:
    url = reverse("applications:question_edit", args=[w.ids["question"]])
    data = w.form(url)
    data["text"] = "Er budgettet realistisk og balanceret?"
    w.post(url, data)
    assert ChecklistQuestion.objects.get(pk=w.ids["question"]).text.endswith("balanceret?")


@scenario(actor=STAFF, posts=["applications:question_move"], writes=[QUESTION])
def question_moved(w: Walk) -> None:
    url = reverse("applications:question_move", args=[w.ids["question"]])
    w.post(url, {"direction": "down"})
    assert ChecklistQuestion.objects.get(pk=w.ids["question"]).order == 2


@scenario(actor=STAFF, posts=["applications:question_delete"], writes=[QUESTION])
def question_deleted(w: Walk) -> None:
    w.act(reverse("applications:question_delete", args=[w.ids["question"]]))
    assert not ChecklistQuestion.objects.filter(pk=w.ids["question"]).exists()
