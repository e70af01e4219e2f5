"""All case PDFs of a programme as one ZIP: a background job (`jobs`), one case at a time.

Each PDF is the existing case PDF (`grants.cases.pdf`), rendered from the same presentation as
the case page; the ZIP holds them under their download names. The job reads the cases its
starter may see, and is outdated once any of them (or anything its presentation prints,
`grants.cases.sources`) has changed since it ran. The ZIP records the cases and projects it
holds, and is served only to whom may read the cases of every one of those projects now.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.guards import AnyUser
from accounts.predicates import reads_cases
from accounts.scope import project_scope
from core.filenames import download_name
from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from grants.cases.sources import cases_fingerprint
from grants.models import Case, Programme
from jobs.registry import (
    JobContext,
    JobFailed,
    JobKind,
    JobResult,
    Manifest,
    Params,
    manifest_ids,
    register,
)

CODE = "programme_case_pdfs"


def _programme(params: Params) -> Programme | None:
    try:
        return Programme.objects.filter(pk=int(params.get("programme", 0))).first()
    except (TypeError, ValueError):
        return None


def _cases(user: AnyUser, programme_id: int) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(user)
        .filter(project__programme_id=programme_id)
        .select_related("project")
        .order_by("project__name", "meeting_date", "pk")
    )


def may_start(user: AnyUser, params: Params) -> bool:
    programme = _programme(params)
    return bool(programme and reads_cases.test(user) and _cases(user, programme.pk).exists())


def may_see(user: AnyUser, params: Params) -> bool:
    return bool(reads_cases.test(user) and _programme(params))


def choices(user: AnyUser) -> Sequence[tuple[int | str, str]]:
    if not reads_cases.test(user):
        return []
    visible = Case.objects.visible_to(user).values("project__programme_id")
    return [(p.pk, p.name) for p in Programme.objects.filter(pk__in=visible).order_by("name")]


def may_see_result(user: AnyUser, params: Params, manifest: Manifest) -> bool:
    """The user reads cases, and the cases of every project the ZIP holds: a project out of
    their reach now (or a ZIP that does not say which it holds) is withheld."""
    if not reads_cases.test(user):
        return False
    scope = project_scope(user)
    if scope is None:
        return True
    projects = manifest_ids(manifest, "projects")
    return projects is not None and projects <= scope


def fingerprint(params: Params) -> str:
    """The programme's cases and everything their presentations print, as last changed."""
    programme_id = int(params.get("programme", 0))
    cases = Case.objects.filter(project__programme_id=programme_id).values_list("pk", flat=True)
    return cases_fingerprint(cases)


def describe(params: Params) -> str:
    programme = _programme(params)
    return programme.name if programme else _("a programme that no longer exists")


def _filename(case: Case) -> str:
    return download_name(_("case"), case.case_number or case.pk, ext="pdf")


def run(context: JobContext) -> JobResult:
    programme = _programme(context.params)
    if programme is None:
        raise JobFailed(_("The programme no longer exists."))
    cases = list(_cases(context.user, programme.pk))
    if not cases:
        raise JobFailed(_("The programme has no cases you may see."))
    buffer = io.BytesIO()
    names: set[str] = set()
    context.progress(0, len(cases))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, case in enumerate(cases, start=1):
            name = _filename(case)
            if name in names:
                name = f"{name.removesuffix('.pdf')}-{case.pk}.pdf"
            names.add(name)
            archive.writestr(name, case_pdf(case_presentation(case)))
            context.progress(done, len(cases), case.title[:150])
    return JobResult(
        filename=download_name(_("cases"), programme.name or programme.pk, ext="zip"),
        content_type="application/zip",
        content=buffer.getvalue(),
        manifest={
            "cases": [case.pk for case in cases],
            "projects": sorted({case.project_id for case in cases}),
        },
    )


KIND = JobKind(
    code=CODE,
    label=gettext_lazy("All case PDFs of a programme (ZIP)"),
    run=run,
    may_start=may_start,
    may_see=may_see,
    may_see_result=may_see_result,
    fingerprint=fingerprint,
    describe=describe,
    param_names=("programme",),
    choices=choices,
    choice_label=gettext_lazy("Programme"),
)


def register_kinds() -> None:
    """Called from `GrantsConfig.ready()`."""
    register(KIND)
