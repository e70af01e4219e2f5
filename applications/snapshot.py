"""What a request says, as JSON: kept with each submission (`RequestVersion.content`).

Rows are named by what the applicant sees (an area's or a source's name, an indicator's code),
not by ids, so a version reads the same after a row is renamed or removed.
"""

from __future__ import annotations

from typing import Any

from applications.models import Request


def snapshot(request: Request) -> dict[str, Any]:
    areas = {area.pk: area.name for area in request.areas.all()}
    return {
        "kind": request.kind,
        "title": request.title,
        "description": request.description,
        "first_year": request.first_year,
        "last_year": request.last_year,
        "organisations": [
            {"name": org.name, "cvr": org.cvr, "role": org.role}
            for org in request.organisations.all()
        ],
        "areas": [area.name for area in request.areas.all()],
        "budget": [
            {"row": areas.get(line.area_id, ""), "year": line.year, "amount": line.amount}
            for line in request.budget_lines.all()
        ],
        "financing": [
            {"row": line.funding_source.name, "year": line.year, "amount": line.amount}
            for line in request.financing_lines.select_related("funding_source")
        ],
        "targets": [
            {
                "indicator": target.indicator.code,
                "name": str(target.indicator),
                "value": target.value,
            }
            for target in request.targets.select_related("indicator")
        ],
        "attachments": [
            {"title": attachment.title, "filename": attachment.filename, "size": attachment.size}
            for attachment in request.attachments.all()
        ],
    }
