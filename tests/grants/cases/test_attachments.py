"""Attachments of a case: what may be uploaded, who may upload, download and delete them."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import FORUM_MEMBER
from core import uploads
from grants.cases.services import attachment_add
from grants.models import Case, CaseAttachment, CaseReference
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# --- Sample files: what they are is in their bytes ---------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
TEXT = "Referat af mødet i Vækstforum\n\n- punkt 1: Rummelig imidt\n".encode()

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
POWERPOINT_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _zip(entries: dict[str, bytes | str], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                stored_first, entries.pop(stored_first), compress_type=zipfile.ZIP_STORED
            )
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ooxml(main_part: str, main_type: str) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )
    return _zip({"[Content_Types].xml": content_types, main_part: "<document/>"})


def _xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Budget"  # type: ignore[index]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _odf(mimetype: str) -> bytes:
    return _zip(
        {"mimetype": mimetype, "content.xml": "<office:document-content/>"},
        stored_first="mimetype",
    )


ALLOWED: dict[str, tuple[bytes, str]] = {
    "bilag.pdf": (PDF, "application/pdf"),
    "notat.docx": (_ooxml("word/document.xml", WORD_MAIN), uploads.DOCX.content_type),
    "budget.xlsx": (_xlsx(), uploads.XLSX.content_type),
    "slides.pptx": (
        _ooxml("ppt/presentation.xml", POWERPOINT_MAIN),
        uploads.PPTX.content_type,
    ),
    "notat.odt": (_odf(uploads.ODT.content_type), uploads.ODT.content_type),
    "regneark.ods": (_odf(uploads.ODS.content_type), uploads.ODS.content_type),
    "kort.png": (PNG, "image/png"),
    "foto.jpg": (JPEG, "image/jpeg"),
    "referat.txt": (TEXT, "text/plain; charset=utf-8"),
}

FORBIDDEN: dict[str, bytes] = {
    # A Linux program and a Windows one, whatever they are called.
    "program.exe": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
    "setup.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    # A page a browser would run, dressed as a PDF.
    "report.pdf": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "notes.txt": b"Dear reader,\n<script>alert(document.cookie)</script>\n",
    "drawing.svg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(1)</script></svg>"
    ),
    "logo.png": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    # A zip that is no office file, and an office file that carries macros.
    "archive.docx": _zip({"readme.txt": "hello", "payload.js": "alert(1)"}),
    "macro.docx": _ooxml("word/document.xml", WORD_MACRO_MAIN),
    "fake.odt": _odf("application/x-shellscript"),
    "broken.docx": b"PK\x03\x04 this is no zip at all",
    # Text that is not UTF-8, and text with NUL bytes.
    "latin1.txt": "Århus".encode("latin-1"),
    "nul.txt": b"abc\x00def",
}


@pytest.fixture(autouse=True)
def fresh_storage(settings: Any) -> Storage:
    """Each test a new, empty in-memory storage, so that what it stores can be counted."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def _stored(case: Case) -> list[str]:
    if not default_storage.exists(f"cases/{case.pk}"):
        return []
    return default_storage.listdir(f"cases/{case.pk}")[1]


# --- The content decides the type ---------------------------------------------------------


@pytest.mark.parametrize("name", list(ALLOWED))
def test_allowed_types_are_recognised_by_their_bytes(name: str) -> None:
    data, content_type = ALLOWED[name]
    file_type = uploads.sniff(io.BytesIO(data))
    assert file_type is not None
    assert file_type.content_type == content_type


@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_forbidden_types_are_not_recognised_whatever_their_name(name: str) -> None:
    assert uploads.sniff(io.BytesIO(FORBIDDEN[name])) is None


def test_a_pdf_named_as_a_picture_is_a_pdf() -> None:
    file_type = uploads.sniff(io.BytesIO(PDF))
    assert file_type == uploads.PDF


def test_sniffing_leaves_the_file_at_its_start() -> None:
    file = io.BytesIO(TEXT)
    uploads.sniff(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("given", "file_type", "expected"),
    [
        ("Bilag 1.pdf", uploads.PDF, "Bilag 1.pdf"),
        ("../../etc/passwd.pdf", uploads.PDF, "passwd.pdf"),
        ("C:\\Users\\kbh\\Årsrapport.PDF", uploads.PDF, "Årsrapport.PDF"),
        ('a"b<c>;d.txt', uploads.TEXT, "a_b_c__d.txt"),
        ("report.html", uploads.TEXT, "report.html.txt"),
        ("evil.exe", uploads.PDF, "evil.exe.pdf"),
        ("line\r\nbreak.png", uploads.PNG, "line__break.png"),
        ("...", uploads.JPEG, "attachment.jpg"),
        ("", uploads.PDF, "attachment.pdf"),
    ],
)
def test_file_names_are_made_safe_and_agree_with_the_type(
    given: str, file_type: uploads.FileType, expected: str
) -> None:
    assert uploads.safe_filename(given, file_type) == expected


def test_very_long_file_names_are_shortened_keeping_the_extension() -> None:
    name = uploads.safe_filename("x" * 500 + ".pdf", uploads.PDF)
    assert len(name) == uploads.MAX_FILENAME
    assert name.endswith(".pdf")


# --- Uploading ------------------------------------------------------------------------------


def _upload_url(case: Case) -> str:
    return reverse("grants:attachment_upload", args=[case.pk])


def _post_file(
    client: Client, case: Case, name: str, data: bytes, title: str = "Bilag"
) -> Response:
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(_upload_url(case), {"title": title, "dated": "2017-06-01", "file": upload})


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ALLOWED))
def test_staff_upload_allowed_types_stored_under_a_random_name(
    staff_client: Client, name: str
) -> None:
    case = CaseFactory.create()
    data, content_type = ALLOWED[name]

    response = _post_file(staff_client, case, name, data)

    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    attachment = CaseAttachment.objects.get(case=case)
    assert attachment.title == "Bilag"
    assert str(attachment.dated) == "2017-06-01"
    assert attachment.filename == name
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.uploaded_by is not None
    assert len(attachment.token) >= 32
    # Stored under the token, never under the uploader's name.
    assert attachment.file.name == f"cases/{case.pk}/{attachment.token}"
    assert name not in attachment.file.name
    assert _stored(case) == [attachment.token]
    with attachment.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.django_db
def test_each_attachment_gets_its_own_token(staff_client: Client) -> None:
    case = CaseFactory.create()
    _post_file(staff_client, case, "a.pdf", PDF)
    _post_file(staff_client, case, "a.pdf", PDF)
    tokens = list(CaseAttachment.objects.values_list("token", flat=True))
    assert len(set(tokens)) == 2
    assert list(CaseAttachment.objects.values_list("order", flat=True)) == [1, 2]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_forbidden_types_are_refused_and_nothing_is_saved(staff_client: Client, name: str) -> None:
    case = CaseFactory.create()

    response = _post_file(staff_client, case, name, FORBIDDEN[name])

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


@pytest.mark.django_db
def test_a_file_just_over_the_limit_is_refused_with_the_limit_in_the_message(
    staff_client: Client,
) -> None:
    case = CaseFactory.create()
    data = PDF + b"0" * (uploads.MAX_SIZE + 1 - len(PDF))

    response = _post_file(staff_client, case, "big.pdf", data)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("10 MB" in error for error in errors)
    # What was typed is kept, so only the file needs choosing again.
    assert response.context["form"]["title"].value() == "Bilag"
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


@pytest.mark.django_db
def test_a_file_of_exactly_the_limit_is_accepted(staff_client: Client) -> None:
    case = CaseFactory.create()
    data = PDF + b"0" * (uploads.MAX_SIZE - len(PDF))

    response = _post_file(staff_client, case, "exact.pdf", data)

    assert response.status_code == 302
    assert CaseAttachment.objects.get().size == uploads.MAX_SIZE


@pytest.mark.django_db
def test_a_far_too_large_request_is_refused_before_its_body_is_read(
    staff_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CaseFactory.create()
    data = PDF + b"0" * (uploads.MAX_SIZE + uploads.REQUEST_OVERHEAD)
    read: list[bool] = []
    original = uploads.SizeLimitHandler.receive_data_chunk

    def spy(self: uploads.SizeLimitHandler, raw_data: bytes, start: int) -> bytes:
        read.append(True)
        return original(self, raw_data, start)

    monkeypatch.setattr(uploads.SizeLimitHandler, "receive_data_chunk", spy)

    response = _post_file(staff_client, case, "huge.pdf", data)

    assert response.status_code == 200
    assert any("10 MB" in error for error in response.context["form"].errors["file"])
    assert read == []
    assert not CaseAttachment.objects.exists()


def test_the_size_handler_drops_a_file_once_it_passes_the_limit() -> None:
    handler = uploads.SizeLimitHandler(limit=10)
    handler.new_file("file", "a.txt", "text/plain", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"123456", 5)
    assert handler.exceeded


@pytest.mark.django_db
def test_an_empty_file_is_refused(staff_client: Client) -> None:
    case = CaseFactory.create()
    response = _post_file(staff_client, case, "empty.pdf", b"")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not CaseAttachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "dated": "2017-06-01"}, "title"),
        ({"title": "Bilag", "dated": "31-31-2017"}, "dated"),
        ({"title": "Bilag", "dated": ""}, "file"),
    ],
)
def test_bad_input_shows_at_the_field_and_saves_nothing(
    staff_client: Client, data: dict[str, str], field: str
) -> None:
    case = CaseFactory.create()
    if field != "file":
        data = {**data, "file": SimpleUploadedFile("a.pdf", PDF)}  # type: ignore[dict-item]

    response = staff_client.post(_upload_url(case), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


@pytest.mark.django_db
def test_the_upload_form_offers_the_allowed_types_and_the_limit(staff_client: Client) -> None:
    case = CaseFactory.create()
    response = staff_client.get(_upload_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".pdf,' in html
    assert "10 MB" in html


@pytest.mark.django_db
def test_the_upload_still_checks_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory.create())
    case = CaseFactory.create()
    response = _post_file(client, case, "a.pdf", PDF)
    assert response.status_code == 403
    assert not CaseAttachment.objects.exists()


def test_the_service_refuses_what_the_form_would_refuse(db: None) -> None:
    case = CaseFactory.create()
    staff = StaffFactory.create()
    with pytest.raises(ValidationError):
        attachment_add(
            case=case,
            title="x",
            dated=None,
            upload=SimpleUploadedFile("x.pdf", FORBIDDEN["report.pdf"]),
            by=staff,
        )
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


# --- Who may do what ------------------------------------------------------------------------


def _attach(case: Case, data: bytes = PDF, name: str = "bilag.pdf") -> CaseAttachment:
    return attachment_add(
        case=case,
        title="Bilag 1",
        dated=None,
        upload=SimpleUploadedFile(name, data),
        by=StaffFactory.create(),
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member_of(case: Case) -> User:
    user = SecretariatFactory.create()
    MembershipFactory.create(project=case.project, user=user)
    return user


def _attachment_urls(attachment: CaseAttachment) -> tuple[str, str, str]:
    return (
        reverse("grants:attachment_download", args=[attachment.pk]),
        reverse("grants:attachment_upload", args=[attachment.case_id]),
        reverse("grants:attachment_delete", args=[attachment.pk]),
    )


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    attachment = _attach(CaseFactory.create())
    for url in _attachment_urls(attachment):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_forum_member_may_download_but_not_upload_or_delete() -> None:
    attachment = _attach(CaseFactory.create())
    client = _client(UserFactory.create(role=FORUM_MEMBER))
    download, upload, delete = _attachment_urls(attachment)

    assert client.get(download).status_code == 200
    assert client.get(upload).status_code == 403
    assert _post_file(client, attachment.case, "b.pdf", PDF).status_code == 403
    assert client.post(delete).status_code == 403
    assert CaseAttachment.objects.count() == 1


@pytest.mark.django_db
def test_secretariat_reads_no_case_material_not_even_of_their_project() -> None:
    attachment = _attach(CaseFactory.create())
    client = _client(_member_of(attachment.case))
    download, upload, delete = _attachment_urls(attachment)

    assert client.get(download).status_code == 403
    assert client.get(upload).status_code == 403
    assert client.post(delete).status_code == 403
    assert CaseAttachment.objects.count() == 1


@pytest.mark.django_db
def test_user_without_a_role_gets_403_everywhere() -> None:
    attachment = _attach(CaseFactory.create())
    client = _client(UserFactory.create())
    download, upload, delete = _attachment_urls(attachment)
    assert client.get(download).status_code == 403
    assert client.get(upload).status_code == 403
    assert _post_file(client, attachment.case, "b.pdf", PDF).status_code == 403
    assert client.post(delete).status_code == 403
    assert CaseAttachment.objects.count() == 1


@pytest.mark.django_db
def test_permissions_ticked_in_the_admin_grant_nothing_the_rules_do_not() -> None:
    """Only roles give access: a permission given to a user directly widens nothing."""
    case = CaseFactory.create()
    attachment = _attach(case)
    user = UserFactory.create()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "change_case",
                "view_caseattachment",
                "add_caseattachment",
                "delete_caseattachment",
            ]
        )
    )
    MembershipFactory.create(project=case.project, user=user)
    client = _client(user)
    download, _upload, delete = _attachment_urls(attachment)

    assert client.get(download).status_code == 403
    assert _post_file(client, case, "b.pdf", PDF).status_code == 403
    assert client.post(delete).status_code == 403
    assert CaseAttachment.objects.count() == 1


@pytest.mark.django_db
def test_regional_staff_may_upload_download_and_delete(staff_client: Client) -> None:
    case = CaseFactory.create()
    attachment = _attach(case)
    download, _upload, delete = _attachment_urls(attachment)
    assert staff_client.get(download).status_code == 200
    assert _post_file(staff_client, case, "b.pdf", PDF).status_code == 302
    assert staff_client.post(delete).status_code == 302
    assert CaseAttachment.objects.count() == 1


@pytest.mark.django_db
def test_unknown_ids_are_404(staff_client: Client) -> None:
    assert staff_client.get(reverse("grants:attachment_download", args=[999999])).status_code == 404
    assert staff_client.get(reverse("grants:attachment_upload", args=[999999])).status_code == 404
    assert staff_client.post(reverse("grants:attachment_delete", args=[999999])).status_code == 404


# --- Downloading ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_serves_the_file_as_an_attachment_of_its_sniffed_type(
    staff_client: Client,
) -> None:
    attachment = _attach(CaseFactory.create(), PDF, name="Årsrapport 2017.pdf")

    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%C3%85rsrapport%202017.pdf" in disposition
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_download_of_a_text_file_never_offers_it_as_a_page(staff_client: Client) -> None:
    attachment = _attach(CaseFactory.create(), TEXT, name='x".html')
    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x_.html.txt"'


@pytest.mark.django_db
def test_a_lost_file_is_404_not_an_error(staff_client: Client) -> None:
    attachment = _attach(CaseFactory.create())
    default_storage.delete(attachment.file.name)
    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


# --- Deleting -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_removes_the_row_and_the_stored_file(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = _attach(CaseFactory.create())
    case = attachment.case
    assert _stored(case) == [attachment.token]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("grants:attachment_delete", args=[attachment.pk]))

    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


@pytest.mark.django_db
def test_delete_asks_first_on_get_and_deletes_nothing(staff_client: Client) -> None:
    attachment = _attach(CaseFactory.create())
    response = staff_client.get(reverse("grants:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 200
    assert 'data-testid="confirm-button"' in response.content.decode()
    assert attachment.filename in response.content.decode()
    assert CaseAttachment.objects.exists()


# --- On the case page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_case_page_lists_attachments_and_references_with_actions_for_staff(
    staff_client: Client,
) -> None:
    attachment = _attach(CaseFactory.create())
    case = attachment.case
    CaseReference.objects.create(
        case=case, title="Projektets hjemmeside", url="https://example.dk/"
    )

    html = staff_client.get(case.get_absolute_url()).content.decode()

    assert "Bilag 1" in html
    assert "bilag.pdf" in html
    assert reverse("grants:attachment_download", args=[attachment.pk]) in html
    assert reverse("grants:attachment_upload", args=[case.pk]) in html
    assert reverse("grants:attachment_delete", args=[attachment.pk]) in html
    assert (
        '<a href="https://example.dk/" rel="noopener noreferrer">Projektets hjemmeside</a>' in html
    )


@pytest.mark.django_db
def test_case_page_offers_the_forum_downloads_but_no_changes() -> None:
    attachment = _attach(CaseFactory.create())
    case = attachment.case
    html = (
        _client(UserFactory.create(role=FORUM_MEMBER)).get(case.get_absolute_url()).content.decode()
    )
    assert reverse("grants:attachment_download", args=[attachment.pk]) in html
    assert reverse("grants:attachment_upload", args=[case.pk]) not in html
    assert reverse("grants:attachment_delete", args=[attachment.pk]) not in html


@pytest.mark.django_db
def test_case_page_escapes_what_users_typed(staff_client: Client) -> None:
    case = CaseFactory.create()
    attachment = attachment_add(
        case=case,
        title="<script>alert('title')</script>",
        dated=None,
        upload=SimpleUploadedFile("<img src=x onerror=alert(1)>.pdf", PDF),
        by=StaffFactory.create(),
    )
    CaseReference.objects.create(case=case, title="<b>bold</b>", url="https://example.dk/?a=<x>")
    # Only reachable by writing to the database directly: forms refuse such addresses.
    CaseReference.objects.create(case=case, title="Click", url="javascript:alert(1)")

    html = staff_client.get(case.get_absolute_url()).content.decode()

    assert "<script>alert('title')" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert attachment.filename.startswith("_img src=x")
    assert "<b>bold</b>" not in html
    assert 'href="javascript:' not in html


@pytest.mark.django_db
def test_case_page_query_count_does_not_grow_with_attachments(staff_client: Client) -> None:
    case = CaseFactory.create()
    _attach(case)
    url = case.get_absolute_url()
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for _ in range(5):
        _attach(case)
        CaseReference.objects.create(case=case, title="Link", url="https://example.dk/")
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(few) == len(many)


# --- Admin: view and delete only ------------------------------------------------------------


@pytest.mark.django_db
def test_admin_shows_attachments_without_a_way_to_add_or_change_them(admin_client: Client) -> None:
    attachment = _attach(CaseFactory.create())
    changelist = reverse("admin:grants_caseattachment_changelist")
    change = reverse("admin:grants_caseattachment_change", args=[attachment.pk])

    assert admin_client.get(changelist).status_code == 200
    response = admin_client.get(change)
    assert response.status_code == 200
    assert reverse("grants:attachment_download", args=[attachment.pk]) in response.content.decode()
    assert admin_client.get(reverse("admin:grants_caseattachment_add")).status_code == 403
    admin_client.post(change, {"title": "Changed"})
    attachment.refresh_from_db()
    assert attachment.title == "Bilag 1"


@pytest.mark.django_db
def test_admin_delete_removes_the_stored_file_too(
    admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = _attach(CaseFactory.create())
    case = attachment.case
    url = reverse("admin:grants_caseattachment_delete", args=[attachment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not CaseAttachment.objects.exists()
    assert _stored(case) == []


@pytest.mark.django_db
def test_admin_lists_references(admin_client: Client) -> None:
    CaseReference.objects.create(case=CaseFactory.create(), title="Link", url="https://a.dk/")
    response = admin_client.get(reverse("admin:grants_casereference_changelist"))
    assert response.status_code == 200
    assert "Link" in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_file_is_reported_together_with_other_mistakes(staff_client: Client) -> None:
    case = CaseFactory.create()
    response = _post_file(staff_client, case, "page.pdf", FORBIDDEN["report.pdf"], title="")
    assert set(response.context["form"].errors) == {"title", "file"}
