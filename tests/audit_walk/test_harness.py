"""The walk's own machinery can fail: a write naming nobody or someone else, a model said to be
written and not, each fails the scenario; bulk writes are watched; a page's form is read as a
browser would post it."""

from __future__ import annotations

import pytest

from core import audit
from grants.models import Programme
from tests.audit_walk.harness import Scenario, Walk, walk
from tests.audit_walk.page_forms import form_posting_to
from tests.factories import AdministratorFactory, StaffFactory
from tests.matrix.base import World

pytestmark = pytest.mark.django_db


def _world() -> World:
    return World(ids={}, users={"administrator": AdministratorFactory.create()})


def _walk(run: object, writes: tuple[str, ...] = ("grants.Programme",)) -> None:
    walk(Scenario("probe", "administrator", (), writes, run), _world())  # type: ignore[arg-type]


def test_a_write_naming_its_actor_passes() -> None:
    _walk(lambda w: audit.save(Programme(name="Program", pool="Pulje"), by=w.actor))


def test_a_write_naming_nobody_fails_with_the_model() -> None:
    with pytest.raises(AssertionError, match=r"naming nobody: \['grants.Programme"):
        _walk(lambda w: Programme.objects.create(name="Program", pool="Pulje"))


def test_a_write_naming_another_user_fails() -> None:
    other = StaffFactory.create()
    with pytest.raises(AssertionError, match="naming another than"):
        _walk(lambda w: audit.save(Programme(name="Program", pool="Pulje"), by=other))


def test_a_model_said_to_be_written_and_not_written_fails() -> None:
    def writes_nothing(w: Walk) -> None:
        pass

    with pytest.raises(AssertionError, match=r"wrote no history of \['grants.Programme'\]"):
        _walk(writes_nothing)


def test_bulk_writes_are_watched_too() -> None:
    # simple-history's bulk writes send no signal: the walk reads the tables.
    other = StaffFactory.create()

    def bulk(w: Walk) -> None:
        audit.bulk_create([Programme(name="A", pool="P")], Programme, by=other)

    with pytest.raises(AssertionError, match="naming another than"):
        _walk(bulk)


PAGE = """
<form method="get" action="/search/"><input name="q" value="x"></form>
<form method="post" action="/other/"><input name="elsewhere" value="1"></form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="title" value="Sag &amp; bilag">
  <input type="checkbox" name="closed">
  <input type="checkbox" name="mentor" checked>
  <input type="checkbox" name="ids" value="1" checked><input type="checkbox" name="ids" value="2">
  <input type="checkbox" name="ids" value="3" checked>
  <input name="locked" value="9" disabled>
  <input type="file" name="file">
  <select name="kind"><option value="">Vælg</option><option value="a">A</option></select>
  <select name="unit"><option value="1">kr.</option><option value="1000" selected>1.000</option>
  </select>
  <select name="many" multiple><option value="4" selected>4</option><option value="5">5</option>
  </select>
  <textarea name="text">
Første linje
anden</textarea>
  <button type="submit" name="status" value="approved">Godkend</button>
</form>
"""


def test_a_form_is_read_as_the_browser_posts_it() -> None:
    form = form_posting_to(PAGE, "/cases/1/", "/cases/1/")
    assert form.data() == {
        "title": "Sag & bilag",
        "mentor": "on",
        "ids": ["1", "3"],
        "kind": "",
        "unit": "1000",
        "many": "4",
        "text": "Første linje\nanden",
    }
    assert form.buttons == [("status", "approved")]
    assert form.options["kind"] == ["", "a"]


def test_the_form_posting_elsewhere_is_found_by_its_action() -> None:
    assert form_posting_to(PAGE, "/cases/1/", "/other/").data() == {"elsewhere": "1"}
    with pytest.raises(AssertionError, match="0 forms"):
        form_posting_to(PAGE, "/cases/1/", "/nowhere/")
