"""All case PDFs of a programme as one ZIP: a background job (`jobs`), one case at a time.

Each PDF is the existing case PDF (`grants.cases.pdf`), rendered from the same presentation as
the case page; the ZIP holds them under their download names. The job reads the cases its
starter may see, and is outdated once any of them (its text, decisions, budget or attachments)
has changed since it ran.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence

from django.db.models import Max, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.guards import AnyUser
from accounts.predicates import reads_cases
from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from grants.models import BudgetLine, Case, CaseAttachment, FinancingLine, GrantDecision, Programme
from jobs.registry import JobContext, JobFailed, JobKind, JobResult, Params, register

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


def fingerprint(params: Params) -> str:
    """The cases and when each, or anything it prints, last changed."""
    programme_id = int(params.get("programme", 0))
    cases = Case.objects.filter(project__programme_id=programme_id)
    projects = cases.values("project_id")
    parts = [
        list(cases.order_by("pk").values_list("pk", "updated_at")),
        GrantDecision.history.filter(project_id__in=projects).aggregate(m=Max("history_date")),
        BudgetLine.history.filter(decision__project_id__in=projects).aggregate(
            m=Max("history_date")
        ),
        FinancingLine.history.filter(decision__project_id__in=projects).aggregate(
            m=Max("history_date")
        ),
        CaseAttachment.history.filter(case__in=cases).aggregate(m=Max("history_date")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def describe(params: Params) -> str:
    programme = _programme(params)
    return programme.name if programme else _("a programme that no longer exists")


def _filename(case: Case) -> str:
    number = slugify(case.case_number) or str(case.pk)
    return f"{slugify(_('case')) or 'case'}-{number}.pdf"


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
    slug = slugify(programme.name) or str(programme.pk)
    return JobResult(
        filename=f"{slugify(_('cases')) or 'cases'}-{slug}.zip",
        content_type="application/zip",
        content=buffer.getvalue(),
    )


KIND = JobKind(
    code=CODE,
    label=gettext_lazy("All case PDFs of a programme (ZIP)"),
    run=run,
    may_start=may_start,
    may_see=may_see,
    fingerprint=fingerprint,
    describe=describe,
    param_names=("programme",),
    choices=choices,
    choice_label=gettext_lazy("Programme"),
)


def register_kinds() -> None:
    """Called from `GrantsConfig.ready()`."""
    register(KIND)
