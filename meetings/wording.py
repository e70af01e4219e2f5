"""The agenda's wording: an item's recommendation as the region writes it. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ISSUER = "Regional Udvikling"
POINT = "- "


def item_recommendation(sentences: Sequence[str]) -> str:
    """ "Regional Udvikling indstiller, at der af … bevilges …"; several sentences as a list.

    `sentences` are the case's recommendation sentences, each starting "at …"
    (`grants.cases.wording.recommendation_sentence`). Listed, each point but the last ends in a
    comma and the last in a full stop, as the region's recommendations read; the stored text
    marks the points with "- ", which `recommendation_parts` reads back into a real list.
    """
    lines = [sentence.strip().rstrip(",.") for sentence in sentences if sentence.strip()]
    if not lines:
        return ""
    if len(lines) == 1:
        return f"{ISSUER} indstiller, {lines[0]}."
    listed = "\n".join(
        f"{POINT}{line}{'.' if last else ','}"
        for line, last in ((line, i == len(lines) - 1) for i, line in enumerate(lines))
    )
    return f"{ISSUER} indstiller,\n\n{listed}"


@dataclass(frozen=True)
class RecommendationText:
    """A stored recommendation split for display: the lead sentence and its listed points."""

    lead: str
    points: tuple[str, ...]


def recommendation_parts(text: str) -> RecommendationText:
    """`text` (as `item_recommendation` stores it, or typed by hand) as lead and points.

    Lines starting "- " (or "• ") are the points; the rest, joined, is the lead. A text without
    points is all lead.
    """
    lead: list[str] = []
    points: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "• ", "– ")):
            points.append(line[2:].strip())
        elif points:
            points[-1] = f"{points[-1]} {line}"  # a point wrapped onto the next line
        else:
            lead.append(line)
    return RecommendationText(lead=" ".join(lead), points=tuple(points))
