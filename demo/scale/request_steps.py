"""The scale build's calls and requests: a call per programme, thousands of requests.

Built apart from the rest (`build_requests`), so a database built before requests existed gets
them on the benchmark's next run. Every request's proposed grid balances year by year, as a
submitted one must; the statuses are spread as an assessment office's week would have them.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from applications.models import (
    Call,
    Request,
    RequestArea,
    RequestBudgetLine,
    RequestFinancingLine,
    RequestOrganisation,
    RequestVersion,
)
from demo.participants import cvr_number
from demo.scale.common import BATCH, PROGRAMME_PREFIX, PROJECT_PREFIX, save_in_bulk, scaled
from grants.models import FundingSource, Organisation, Programme, Project

REQUEST_PREFIX = "Skalaanmodning"
APPLICATION_PREFIX = "Skalaansøgning"
CHANGE_REQUESTS_PER_PROJECT = 4
APPLICATIONS_PER_CALL = 600
CVR_FIRST = 6_000_000
KINDS = ["top_up", "extension", "revision", "time_extension", "other"]
STATUSES = ["draft", "submitted", "submitted", "more_info", "rejected"]


def already_built() -> bool:
    return Request.objects.filter(title__startswith=REQUEST_PREFIX).exists()


@transaction.atomic
def build_requests(
    *, seed: int, scale: float = 1.0, report: Callable[[str], None] | None = None
) -> int:
    """Add the calls and requests to a scale database; returns how many requests."""
    say = report or (lambda line: None)
    if already_built():
        return Request.objects.filter(title__startswith=REQUEST_PREFIX).count()
    rng = random.Random(seed + 26)  # noqa: S311 - benchmark data, not secrets
    now = timezone.now()
    programmes = list(Programme.objects.filter(name__startswith=PROGRAMME_PREFIX).order_by("pk"))
    calls = save_in_bulk(
        Call,
        [
            Call(
                programme=programme,
                title=f"Skalaopslag {programme.name}",
                text="Genereret skaladata.",
                opens_at=now - datetime.timedelta(days=30),
                closes_at=now + datetime.timedelta(days=30),
                published=True,
            )
            for programme in programmes
        ],
        when=now,
    )
    sources = list(FundingSource.objects.order_by("order", "pk")[:2])
    organisations = save_in_bulk(
        Organisation,
        [
            Organisation(name=f"Skalaansøger {n:03d}", cvr=cvr_number(n, first=CVR_FIRST))
            for n in range(1, scaled(200, scale, least=2) + 1)
        ],
        when=now,
    )
    requests: list[Request] = []
    for project in Project.objects.filter(name__startswith=PROJECT_PREFIX).order_by("pk"):
        for n in range(CHANGE_REQUESTS_PER_PROJECT):
            requests.append(
                Request(
                    kind=rng.choice(KINDS),
                    status=rng.choice(STATUSES),
                    project=project,
                    title=f"{REQUEST_PREFIX} {project.pk}-{n + 1}",
                    description="Genereret skaladata.",
                    first_year=2019,
                    last_year=2020,
                )
            )
    for call in calls:
        for n in range(scaled(APPLICATIONS_PER_CALL, scale)):
            requests.append(
                Request(
                    kind=Request.Kind.APPLICATION,
                    status=rng.choice(STATUSES),
                    call=call,
                    organisation=rng.choice(organisations),
                    title=f"{APPLICATION_PREFIX} {call.pk}-{n + 1}",
                    description="Genereret skaladata.",
                    first_year=2027,
                    last_year=2028,
                )
            )
    requests = save_in_bulk(Request, requests, when=now)
    say(f"{len(requests)} requests")
    areas = save_in_bulk(
        RequestArea,
        [
            RequestArea(request=request, name=name, order=order)
            for request in requests
            for order, name in enumerate(("Forløb", "Samarbejde"), start=1)
        ],
        when=now,
    )
    budget: list[RequestBudgetLine] = []
    financing: list[RequestFinancingLine] = []
    for request, pair in zip(requests, zip(areas[::2], areas[1::2], strict=True), strict=True):
        for year in request.years:
            amounts = [rng.randrange(100, 2_000) * 1_000 for _ in pair]
            budget += [
                RequestBudgetLine(request=request, area=area, year=year, amount=amount)
                for area, amount in zip(pair, amounts, strict=True)
            ]
            total = sum(amounts)
            first = total // 2
            financing += (
                [
                    RequestFinancingLine(
                        request=request, funding_source=sources[0], year=year, amount=first
                    ),
                    RequestFinancingLine(
                        request=request, funding_source=sources[-1], year=year, amount=total - first
                    ),
                ]
                if len(sources) > 1
                else [
                    RequestFinancingLine(
                        request=request, funding_source=sources[0], year=year, amount=total
                    )
                ]
            )
    save_in_bulk(RequestBudgetLine, budget, when=now)
    save_in_bulk(RequestFinancingLine, financing, when=now)
    save_in_bulk(
        RequestOrganisation,
        [
            RequestOrganisation(request=request, name=request.organisation.name, role="applicant")
            for request in requests
            if request.organisation is not None
        ],
        when=now,
    )
    RequestVersion.objects.bulk_create(
        [
            RequestVersion(
                request=request, number=1, submitted_at=now, content={"title": request.title}
            )
            for request in requests
            if request.status != Request.Status.DRAFT
        ],
        batch_size=BATCH,
    )
    say(f"{len(budget) + len(financing)} proposed budget and financing lines")
    return len(requests)
