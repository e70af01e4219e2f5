"""The templates keep their conventions: one way to show a form's errors, one naming scheme for
partials (written at the top of templates/base.html), and no static file that is missing or
that nothing loads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
FORM_ERRORS = "includes/form_errors.html"
# The partials that draw a form's fields, and so each field's own errors beside it.
FIELD_PARTIALS = {
    "includes/field.html",
    "includes/checkbox_group.html",
    "includes/radio_group.html",
    "includes/budget_grid_section.html",
}
# Templates Django or a library looks up by these names.
LOOKED_UP_BY_NAME = re.compile(
    r"^(403|403_csrf|404|500)\.html$|^(registration|django_tables2|admin|simple_history)/"
)

INCLUDE = re.compile(r"{%\s*include\s+(?P<quote>[\"'])(?P<name>[^\"']+)(?P=quote)[^%]*%}")
ANY_INCLUDE = re.compile(r"{%\s*include\s+(?P<target>\S+)")
EXTENDS = re.compile(r"{%\s*extends\s")
PARTIAL_ERRORS_INCLUDE = re.compile(
    r"{%\s*include\s+[\"']" + re.escape(FORM_ERRORS) + r"[\"'][^%]*%}"
)
# A form's (or formset's) own errors, and those of any form or field.
FORM_OWN_ERRORS = re.compile(r"non_field_errors|non_form_errors")
ANY_ERRORS = re.compile(r"non_field_errors|non_form_errors|\w\.errors\b")
STATIC_TAG = re.compile(r"{%\s*static\s+(?P<quote>[\"'])(?P<path>[^\"']+)(?P=quote)\s*%}")
CSS_URL = re.compile(r"url\(\s*(?P<quote>[\"']?)(?P<ref>[^\"')]+)(?P=quote)\s*\)")
# What a vendored package ships beside the files the pages load: its licence and our note of
# its version.
VENDOR_PAPERS = re.compile(r"^(LICENSE[^/]*|VERSIONS\.txt)$")


def templates() -> Iterator[tuple[str, str]]:
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            yield path.relative_to(TEMPLATES).as_posix(), path.read_text(encoding="utf-8")


def is_partial(name: str) -> bool:
    return name.startswith("includes/") or Path(name).name.startswith("_")


def includes() -> Iterator[tuple[str, str]]:
    """(including template, included template) for every {% include %} under templates/."""
    for name, text in templates():
        for match in INCLUDE.finditer(text):
            yield name, match["name"]


# --- form errors ----------------------------------------------------------------------------


def test_no_template_shows_a_forms_errors_but_through_the_one_partial() -> None:
    offenders = []
    for name, text in templates():
        if name == FORM_ERRORS:
            continue
        # A form's errors may be handed to the partial; the field partials show a field's own.
        rest = PARTIAL_ERRORS_INCLUDE.sub("", text)
        pattern = FORM_OWN_ERRORS if name in FIELD_PARTIALS else ANY_ERRORS
        offenders += [f"{name}: {m.group()}" for m in pattern.finditer(rest)]
    assert offenders == [], f"render form errors with {{% include '{FORM_ERRORS}' %}}"


# Pages whose forms are never shown again with their errors, and why.
NEVER_BOUND = {
    # The outcome forms post to their own view, which answers a refusal with a message.
    "participants/participant_detail.html",
}


def test_every_page_with_a_form_to_fill_in_includes_the_partial() -> None:
    drawn_by: dict[str, set[str]] = {}
    for by, name in includes():
        drawn_by.setdefault(by, set()).add(name)
    # A page draws a form's fields itself or through an app's partial that does.
    for names in drawn_by.values():
        for name in list(names):
            names |= drawn_by.get(name, set())
    form_pages = {
        name
        for name, text in templates()
        if 'method="post"' in text and drawn_by.get(name, set()) & FIELD_PARTIALS
    }
    assert "grants/grantdecision_budget.html" in form_pages
    missing = sorted(name for name in form_pages - NEVER_BOUND if FORM_ERRORS not in drawn_by[name])
    assert missing == []


class _NameForm(forms.Form):
    name = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("The names clash.")


def _bound(data: dict[str, str]) -> _NameForm:
    form = _NameForm(data)
    form.is_valid()
    return form


SUMMARY = (
    '<div class="alert alert-error mb-5" role="alert" tabindex="-1" data-module="error-summary" '
    'aria-labelledby="error-summary"'
)


def _items(html: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", html)


def test_the_partial_draws_a_dkfds_error_summary_that_takes_focus() -> None:
    html = render_to_string(FORM_ERRORS, {"form": _bound({"name": "x", "version": "1"})})
    assert SUMMARY in html
    assert '<p class="alert-heading" id="error-summary">Der er et problem</p>' in html
    assert _items(html) == ["The names clash."]


def test_the_partial_draws_nothing_for_a_form_without_errors() -> None:
    assert render_to_string(FORM_ERRORS, {"form": _NameForm()}).strip() == ""
    assert render_to_string(FORM_ERRORS, {"form": _NameForm({"name": "x", "version": "1"})})


def test_the_partial_adds_extra_errors_once_a_heading_and_a_test_id() -> None:
    form = _bound({"name": "x"})
    html = render_to_string(
        FORM_ERRORS,
        {"form": form, "extra_errors": form["version"].errors, "heading": "H", "testid": "t"},
    )
    assert 'data-testid="t"' in html
    assert '<p class="alert-heading" id="error-summary">H</p>' in html
    # The hidden field's error has no field to link to, and is listed once however passed.
    assert _items(html) == ["The names clash.", str(form["version"].errors[0])]


def test_the_partial_links_each_fields_error_to_the_field() -> None:
    class Only(forms.Form):
        name = forms.CharField(label="Name")
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    form = Only({}, prefix="p")
    assert not form.is_valid()
    html = render_to_string(FORM_ERRORS, {"form": form, "fallback": "Correct the marked fields."})
    assert 'aria-labelledby="error-summary-p"' in html
    assert '<p class="alert-text">Correct the marked fields.</p>' in html
    assert _items(html) == [
        f'<a href="#id_p-name">Name: {form["name"].errors[0]}</a>',
        # A group's link goes to its first option: the design system's script finds the legend.
        f'<a href="#id_p-kind_0">Kind: {form["kind"].errors[0]}</a>',
    ]


def test_the_partial_draws_a_formsets_errors_and_its_forms() -> None:
    class Row(forms.Form):
        name = forms.CharField(max_length=1)

    formset_class = forms.formset_factory(Row, max_num=1, validate_max=True)
    formset = formset_class(
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "a",
            "form-1-name": "bb",
        }
    )
    assert not formset.is_valid()
    html = render_to_string(FORM_ERRORS, {"form": formset})
    assert 'aria-labelledby="error-summary-form"' in html
    items = _items(html)
    assert items[0] == str(formset.non_form_errors()[0])
    assert items[1].startswith('<a href="#id_form-1-name">Name: ')


def test_the_partial_inline_draws_error_messages_inside_the_forms_fieldset() -> None:
    html = render_to_string(FORM_ERRORS, {"form": _bound({"name": "x"}), "inline": True})
    assert html.strip() == '<p class="form-error-message">The names clash.</p>'


# --- naming of partials ---------------------------------------------------------------------


def test_every_include_names_its_template_literally() -> None:
    dynamic = [
        f"{name}: {m['target']}"
        for name, text in templates()
        for m in ANY_INCLUDE.finditer(text)
        if m["target"][0] not in "\"'"
    ]
    assert dynamic == []


def test_only_partials_are_included() -> None:
    # An override of a library's template (the admin's) may include that library's own parts.
    wrong = [
        f"{by} includes {name}"
        for by, name in includes()
        if not is_partial(name) and not LOOKED_UP_BY_NAME.search(name)
    ]
    assert wrong == [], "a partial is templates/<app>/_<name> or templates/includes/<name>"


def test_an_apps_partial_is_included_only_by_that_apps_templates() -> None:
    wrong = [
        f"{by} includes {name}"
        for by, name in includes()
        if not name.startswith("includes/") and Path(by).parts[0] != Path(name).parts[0]
    ]
    assert wrong == [], "a partial that several apps use belongs in templates/includes/"


def rendered_by_code(names: set[str]) -> set[str]:
    """Those of `names` that the application's own Python code names as a string literal
    (rendered by name: `render_to_string("includes/main_menu.html", …)`)."""
    sources = [
        path.read_text(encoding="utf-8")
        for path in ROOT.rglob("*.py")
        if not path.relative_to(ROOT).parts[0].startswith((".", "tests", "benchmarks"))
    ]
    return {name for name in names if any(f'"{name}"' in source for source in sources)}


def test_every_partial_is_included_or_rendered_by_name_and_extends_nothing() -> None:
    included = {name for _, name in includes()}
    partials = {name: text for name, text in templates() if is_partial(name)}
    unused = set(partials) - included
    assert sorted(unused - rendered_by_code(unused)) == []
    assert [name for name, text in partials.items() if EXTENDS.search(text)] == []


def test_every_other_template_is_a_page() -> None:
    not_pages = [
        name
        for name, text in templates()
        if not is_partial(name)
        and not LOOKED_UP_BY_NAME.search(name)
        and not (EXTENDS.search(text) or "<!DOCTYPE html>" in text)
    ]
    assert not_pages == [], "a template only ever included is named _<name> or lives in includes/"


def test_the_scheme_is_written_at_the_top_of_base_html() -> None:
    top = (TEMPLATES / "base.html").read_text(encoding="utf-8").split("{% endcomment %}")[0]
    assert "templates/<app>/_<name>.html" in top
    assert "templates/includes/<name>.html" in top


# --- static files ---------------------------------------------------------------------------


def static_references() -> set[str]:
    return {m["path"] for _, text in templates() for m in STATIC_TAG.finditer(text)}


def css_references(css: Path) -> Iterator[Path]:
    for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
        ref = match["ref"].strip()
        if ref.startswith(("data:", "#")):
            continue
        yield (css.parent / re.sub(r"[?#].*$", "", ref)).resolve()


@pytest.mark.parametrize("path", sorted(static_references()))
def test_every_static_file_a_template_names_exists(path: str) -> None:
    assert finders.find(path), f"{{% static '{path}' %}} finds no file"


@pytest.mark.parametrize("css", sorted(STATIC.rglob("*.css")), ids=lambda p: p.name)
def test_every_url_in_a_stylesheet_resolves(css: Path) -> None:
    missing = [str(ref.relative_to(ROOT)) for ref in css_references(css) if not ref.is_file()]
    assert missing == []


def test_every_vendored_file_is_loaded_by_a_page() -> None:
    loaded = {(STATIC / path).resolve() for path in static_references()}
    for path in list(loaded):
        if path.suffix == ".css":
            loaded |= set(css_references(path))
    unused = [
        path.relative_to(STATIC).as_posix()
        for path in sorted((STATIC / "vendor").rglob("*"))
        if path.is_file() and path.resolve() not in loaded and not VENDOR_PAPERS.match(path.name)
    ]
    assert unused == [], "drop them from scripts/vendor_assets.sh, or load them"


def test_the_browser_tests_axe_core_is_no_static_file() -> None:
    assert finders.find("vendor/axe-core/axe.min.js") is None
    assert (ROOT / "tests/browser/vendor/axe-core/axe.min.js").is_file()


def test_one_summary_lists_the_errors_of_two_forms_of_a_page() -> None:
    class Row(forms.Form):
        title = forms.CharField(label="Title")

    links = forms.formset_factory(Row, min_num=1, validate_min=True)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-title": ""}
    )
    form = _bound({"name": "x", "version": "1"})
    assert not links.is_valid()
    html = render_to_string(FORM_ERRORS, {"form": form, "also": links})
    assert html.count('data-module="error-summary"') == 1
    assert _items(html)[0] == "The names clash."
    assert _items(html)[-1].startswith('<a href="#id_form-0-title">Title: ')
