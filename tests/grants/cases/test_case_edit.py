"""Editing a case in the browser: its texts and its references, saved together or not at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from accounts.roles import FORUM_MEMBER
from core.markup import render_markdown
from grants.cases.forms import ReferenceForm
from grants.models import Case, CaseReference
from tests.factories import CaseFactory, MembershipFactory, SecretariatFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(case: Case) -> str:
    return reverse("grants:case_edit", args=[case.pk])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _data(case: Case, references: list[dict[str, Any]] | None = None, **texts: str) -> dict:
    """The form as the browser sends it: the case's fields, then the reference rows."""
    existing = list(case.references.all())
    rows = references if references is not None else []
    data: dict[str, Any] = {
        "title": case.title,
        "meeting_date": "2017-06-20",
        "case_number": "1-30-72-85-17",
        "summary": "",
        "text": "",
        "economy_text": "",
        **texts,
        "references-TOTAL_FORMS": str(len(rows)),
        "references-INITIAL_FORMS": str(len(existing)),
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"references-{i}-{key}"] = value
        data.setdefault(f"references-{i}-order", "0")
    return data


def _existing(reference: CaseReference, **changes: Any) -> dict[str, Any]:
    return {
        "id": str(reference.pk),
        "case": str(reference.case_id),
        "title": reference.title,
        "url": reference.url,
        "order": str(reference.order),
        **changes,
    }


# --- Who may edit ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    case = CaseFactory.create()
    for method in (client.get, client.post):
        response = method(_url(case))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_secretariat_member_may_not_edit() -> None:
    case = CaseFactory.create(title="Original")
    user = SecretariatFactory.create()
    MembershipFactory.create(project=case.project, user=user)
    client = _client(user)

    assert client.get(_url(case)).status_code == 403
    assert client.post(_url(case), _data(case, title="Changed")).status_code == 403
    case.refresh_from_db()
    assert case.title == "Original"


def test_user_without_a_role_may_not_edit() -> None:
    case = CaseFactory.create()
    client = _client(UserFactory.create())
    assert client.get(_url(case)).status_code == 403
    assert client.post(_url(case), _data(case)).status_code == 403


def test_forum_member_reads_but_may_not_edit_the_case() -> None:
    case = CaseFactory.create(title="Original")
    client = _client(UserFactory.create(role=FORUM_MEMBER))

    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(_url(case)).status_code == 403
    assert client.post(_url(case), _data(case, title="Changed")).status_code == 403
    case.refresh_from_db()
    assert case.title == "Original"


def test_a_permission_ticked_for_the_user_is_not_enough() -> None:
    """Only roles give access: the rules, not the admin's permission boxes, decide."""
    case = CaseFactory.create()
    user = UserFactory.create()
    user.user_permissions.add(Permission.objects.get(codename="change_case"))
    MembershipFactory.create(project=case.project, user=user)
    assert _client(user).get(_url(case)).status_code == 403


def test_unknown_case_is_404(staff_client: Client) -> None:
    assert staff_client.get(reverse("grants:case_edit", args=[999999])).status_code == 404


# --- The page -------------------------------------------------------------------------------


def test_staff_see_the_form_with_a_formatting_hint_and_a_preview_link(
    staff_client: Client,
) -> None:
    case = CaseFactory.create()
    CaseReference.objects.create(case=case, title="Pressemeddelelse", url="https://rm.dk/")

    response = staff_client.get(_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("title", "meeting_date", "case_number", "summary", "text", "economy_text"):
        assert f'name="{name}"' in html
    assert "<textarea" in html
    assert "##" in html  # the hint on headings
    assert reverse("grants:case_preview", args=[case.pk]) in html
    assert 'value="Pressemeddelelse"' in html
    # The existing reference and two empty rows to add more.
    assert len(response.context["formset"].forms) == 3


def test_texts_are_shown_in_the_form_as_text(staff_client: Client) -> None:
    case = CaseFactory.create(summary="</textarea><script>alert(1)</script>")
    html = staff_client.get(_url(case)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


# --- Saving ---------------------------------------------------------------------------------


def test_staff_save_the_texts_and_add_references(staff_client: Client) -> None:
    case = CaseFactory.create()
    data = _data(
        case,
        references=[
            {"title": "Ansøgning", "url": "https://example.dk/ansoegning.pdf", "order": "1"},
            {"title": "Pressemeddelelse 2015", "url": "", "order": "2"},
            {"title": "", "url": "", "order": ""},  # an empty row is ignored
        ],
        title="Rummelig imidt – merbevilling og forlængelse",
        summary="Sagen vedrører **Rummelig imidt**.\n\n- merbevilling\n- forlængelse",
        text="## Baggrund\n\nProjektet startede i 2016.\n\n## Indstilling\n\nDet indstilles …",
        economy_text="Budgettet fremgår af tabellen.",
    )

    response = staff_client.post(_url(case), data)

    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.title == "Rummelig imidt – merbevilling og forlængelse"
    assert str(case.meeting_date) == "2017-06-20"
    assert case.case_number == "1-30-72-85-17"
    assert case.text.startswith("## Baggrund")
    assert case.economy_text == "Budgettet fremgår af tabellen."
    assert list(case.references.values_list("title", "url", "order")) == [
        ("Ansøgning", "https://example.dk/ansoegning.pdf", 1),
        ("Pressemeddelelse 2015", "", 2),
    ]


def test_staff_change_and_remove_references(staff_client: Client) -> None:
    case = CaseFactory.create()
    keep = CaseReference.objects.create(case=case, title="Old title", url="https://a.dk/", order=1)
    drop = CaseReference.objects.create(case=case, title="Drop me", url="https://b.dk/", order=2)
    data = _data(
        case,
        references=[
            _existing(keep, title="New title"),
            _existing(drop, DELETE="on"),
            {"title": "Added", "url": "https://c.dk/", "order": "3"},
        ],
    )

    response = staff_client.post(_url(case), data)

    assert response.status_code == 302
    assert list(case.references.values_list("pk", "title")) == [
        (keep.pk, "New title"),
        (case.references.get(title="Added").pk, "Added"),
    ]
    assert not CaseReference.objects.filter(pk=drop.pk).exists()


def test_a_reference_of_another_case_cannot_be_changed_through_this_one(
    staff_client: Client,
) -> None:
    case = CaseFactory.create()
    other = CaseReference.objects.create(case=CaseFactory.create(), title="Other", url="")
    data = _data(case, references=[_existing(other, title="Hijacked")])
    data["references-INITIAL_FORMS"] = "1"

    staff_client.post(_url(case), data)

    other.refresh_from_db()
    assert other.title == "Other"
    assert other.case_id != case.pk


# --- Bad input: a message at the field, nothing saved ----------------------------------------


@pytest.mark.parametrize(
    ("reference", "field"),
    [
        ({"title": "Link", "url": "not a web address"}, "url"),
        ({"title": "Link", "url": "javascript:alert(1)"}, "url"),
        ({"title": "Link", "url": "ftp://example.dk/file"}, "url"),
        ({"title": "", "url": "https://example.dk/"}, "title"),
        ({"title": "Link", "url": "https://example.dk/", "order": "-1"}, "order"),
    ],
)
def test_a_bad_reference_saves_nothing(
    staff_client: Client, reference: dict[str, str], field: str
) -> None:
    case = CaseFactory.create(title="Original", summary="Old summary")
    data = _data(case, references=[reference], title="Changed", summary="New summary")

    response = staff_client.post(_url(case), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert field in formset.forms[0].errors
    html = response.content.decode()
    assert 'class="form-error-message"' in html
    case.refresh_from_db()
    assert (case.title, case.summary) == ("Original", "Old summary")
    assert not case.references.exists()
    # The heading keeps the saved title; the form keeps what was typed.
    assert response.context["saved_title"] == "Original"
    assert response.context["form"]["title"].value() == "Changed"


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        ({"title": ""}, "title"),
        ({"meeting_date": "2017-13-45"}, "meeting_date"),
        ({"case_number": "x" * 51}, "case_number"),
    ],
)
def test_bad_case_fields_save_nothing_not_even_the_references(
    staff_client: Client, texts: dict[str, str], field: str
) -> None:
    case = CaseFactory.create(title="Original")
    data = _data(case, references=[{"title": "Link", "url": "https://example.dk/"}], **texts)

    response = staff_client.post(_url(case), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    case.refresh_from_db()
    assert case.title == "Original"
    assert not case.references.exists()


def test_removing_a_reference_is_undone_when_the_case_is_invalid(staff_client: Client) -> None:
    case = CaseFactory.create(title="Original")
    reference = CaseReference.objects.create(case=case, title="Keep", url="")
    data = _data(case, references=[_existing(reference, DELETE="on")], title="")

    staff_client.post(_url(case), data)

    assert CaseReference.objects.filter(pk=reference.pk).exists()


def test_too_many_references_are_refused(staff_client: Client) -> None:
    case = CaseFactory.create()
    rows = [{"title": f"Link {i}", "url": ""} for i in range(51)]
    response = staff_client.post(_url(case), _data(case, references=rows))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not case.references.exists()


def test_reference_form_accepts_a_title_without_an_address() -> None:
    form = ReferenceForm({"title": "Bilag til sagen", "url": "", "order": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["order"] == 0


# --- What was typed is never run ----------------------------------------------------------------


def test_html_in_the_texts_is_escaped_on_the_case_page(staff_client: Client) -> None:
    case = CaseFactory.create()
    data = _data(
        case,
        references=[{"title": "<img src=x onerror=alert(1)>", "url": "https://example.dk/"}],
        title="<script>alert('title')</script>",
        summary="<script>alert('summary')</script>",
    )
    assert staff_client.post(_url(case), data).status_code == 302

    html = staff_client.get(case.get_absolute_url()).content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


HOSTILE_TEXTS = {
    "summary": "Resumé før.\n\n<style>\n\nResumé efter <style> med **fed**.",
    "text": "## Baggrund\n\n<script>alert(1)</script>\n\nSagen efter scriptet.\n\n- punkt",
    "economy_text": "<div>\n\nØkonomi efter div med **fed**.",
}


def test_style_script_and_div_in_the_texts_show_as_text_in_the_preview_and_nothing_is_lost(
    staff_client: Client,
) -> None:
    case = CaseFactory.create()
    assert staff_client.post(_url(case), _data(case, None, **HOSTILE_TEXTS)).status_code == 302

    response = staff_client.get(reverse("grants:case_preview", args=[case.pk]))
    html = response.content.decode()
    document = html[html.index("<main") :]

    assert response.status_code == 200
    assert "Resumé før." in document
    assert "Resumé efter &lt;style&gt; med <strong>fed</strong>." in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "Sagen efter scriptet." in document
    assert "<li>punkt</li>" in document
    assert "&lt;div&gt;" in document
    assert "Økonomi efter div med <strong>fed</strong>." in document
    # The page's own elements aside, the texts made no element of their own.
    assert "<script>alert" not in html
    assert "<style>\n" not in document
    assert "<div>\n" not in document


def test_the_texts_render_as_safe_markdown() -> None:
    html = render_markdown(
        "## Baggrund\n\n- punkt\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    assert "<h2>Baggrund</h2>" in html
    assert "<li>punkt</li>" in html
    assert "<script>" not in html
    assert "javascript:" not in html


def test_a_formula_in_the_title_is_not_run_by_a_spreadsheet(staff_client: Client) -> None:
    case = CaseFactory.create()
    formula = '=HYPERLINK("https://evil.example/","Klik")'
    assert staff_client.post(_url(case), _data(case, title=formula)).status_code == 302

    url = reverse("grants:budget_table_export", args=["case", case.pk, "csv"])
    csv = staff_client.get(url).content.decode("utf-8-sig")

    first_line = csv.splitlines()[0]
    assert first_line.startswith("\"'=HYPERLINK") or first_line.startswith("'=HYPERLINK")
