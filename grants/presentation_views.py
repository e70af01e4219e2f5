"""The case presentation: a preview page in the browser and the PDF to download.

Both render the same `grants.presentation.CasePresentation`. A case is found through
`grants.access`: outside the user's projects it is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from grants import access
from grants.models import Case
from grants.presentation import CasePresentation, case_presentation

# ?variant= of the PDF download: the plain PDF, or PDF/A for the archive.
VARIANTS = {"": False, "pdf": False, "pdfa": True}


def visible_case(request: HttpRequest, pk: int) -> Case:
    """The case `pk` if the user may read it (404 outside their projects, 403 without role)."""
    return access.get_object(
        request, Case.objects.select_related("project"), pk, "grants.view_case"
    )


def pdf_filename(presentation: CasePresentation, *, pdfa: bool = False) -> str:
    """ "sag-1-30-76-45-17.pdf": the case number, or the id when the case has none."""
    number = slugify(presentation.case_number) or str(presentation.case_id)
    suffix = "-pdfa" if pdfa else ""
    return f"{slugify(_('case')) or 'case'}-{number}{suffix}.pdf"


@require_safe
def case_preview(request: HttpRequest, pk: int) -> HttpResponse:
    presentation = case_presentation(visible_case(request, pk))
    return render(request, "grants/case_preview.html", {"doc": presentation})


@require_safe
def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    variant = request.GET.get("variant", "")
    if variant not in VARIANTS:
        return HttpResponseBadRequest(
            _("Unknown PDF variant %(variant)s: use “pdf” or “pdfa”.") % {"variant": variant[:20]},
            content_type="text/plain; charset=utf-8",
        )
    # WeasyPrint loads in about half a second: only when a PDF is asked for.
    from grants.case_pdf import case_pdf as render_case_pdf

    pdfa = VARIANTS[variant]
    presentation = case_presentation(case)
    response = HttpResponse(
        render_case_pdf(presentation, pdfa=pdfa), content_type="application/pdf"
    )
    filename = pdf_filename(presentation, pdfa=pdfa)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
