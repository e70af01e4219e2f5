"""How every form is drawn (templates/includes/field.html and core.templatetags.fds): radios as
radios, an empty choice that says what to do, "(optional)" only where it is true, and "Error:"
before the title of a page whose form has errors."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from core.forms import required_when
from grants.models import Programme

FIELD = "includes/field.html"


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


class _Kinds(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "---------"), ("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="Tags", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )
    size = forms.ChoiceField(label="Size", choices=[("", "---------"), ("s", "S")])
    note = forms.CharField(label="Note", required=False)
    reason = required_when(forms.CharField(label="Reason"), "required when rejecting")


def _field(form: forms.Form, name: str) -> str:
    return render_to_string(FIELD, {"field": form[name]})


def test_radio_choices_are_radio_buttons_in_a_fieldset_with_a_legend() -> None:
    html = _field(_Kinds({"kind": "b"}), "kind")
    assert html.strip().startswith('<fieldset class="form-group"')
    assert '<legend class="form-label">Kind</legend>' in html
    assert (
        '<input type="radio" class="form-radio" name="kind" value="b" id="id_kind_2" checked>'
    ) in html
    assert '<label class="form-label" for="id_kind_1">A</label>' in html
    # Django's blank choice is no button: nothing ticked says it.
    assert "---------" not in html
    assert 'type="text"' not in html


def test_a_radio_groups_error_is_read_with_the_fieldset() -> None:
    form = _Kinds({})
    form.is_valid()
    html = _field(form, "kind")
    assert 'class="form-group form-error" aria-describedby=" id_kind_error"' in html
    assert 'id="id_kind_error"' in html


def test_several_checkboxes_are_a_checkbox_group() -> None:
    html = _field(_Kinds(), "tags")
    assert '<legend class="form-label">Tags <span class="weight-normal">(optional)</span>' in html
    assert '<input type="checkbox" class="form-checkbox" name="tags" value="x"' in html


def test_an_empty_choice_says_choose_in_the_users_language() -> None:
    assert '<option value="" selected>Choose …</option>' in _field(_Kinds(), "size")
    with translation.override("da"):
        assert '<option value="" selected>Vælg …</option>' in _field(_Kinds(), "size")


@pytest.mark.django_db
def test_a_model_choices_empty_label_says_choose() -> None:
    class Pick(forms.Form):
        programme = forms.ModelChoiceField(queryset=Programme.objects.all())

    html = _field(Pick(), "programme")
    assert '<option value="" selected>Choose …</option>' in html
    assert "---------" not in html


def test_optional_and_sometimes_required_fields_say_which() -> None:
    assert '<span class="weight-normal">(optional)</span>' in _field(_Kinds(), "note")
    reason = _field(_Kinds(), "reason")
    assert '<span class="weight-normal">(required when rejecting)</span>' in reason
    assert "(optional)" not in reason


def _title(context: dict[str, object]) -> str:
    return Template("{% load fds %}{% error_title_prefix %}Page").render(Context(context))


def test_the_title_says_error_when_a_form_or_formset_on_the_page_has_errors() -> None:
    assert _title({"form": _Kinds()}) == "Page"
    assert _title({"form": _Kinds({"kind": "a", "size": "s", "reason": "r"})}) == "Page"
    assert _title({"other_form": _Kinds({})}) == "Error: Page"
    formset = forms.formset_factory(_Kinds)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-note": "x"}
    )
    assert _title({"formset": formset}) == "Error: Page"
    with translation.override("da"):
        assert _title({"form": _Kinds({})}) == "Fejl: Page"


def test_the_summary_links_a_radio_group_to_its_first_shown_button() -> None:
    form = _Kinds({})
    form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert f'<a href="#id_kind_1">Kind: {form["kind"].errors[0]}</a>' in html
    assert 'id="id_kind_1"' in _field(form, "kind")
