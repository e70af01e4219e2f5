"""The agenda's wording: an item's recommendation as the region writes it. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

ISSUER = "Regional Udvikling"


def item_recommendation(sentences: Sequence[str]) -> str:
    """ "Regional Udvikling indstiller, at der af … bevilges …"; several sentences as a list.

    `sentences` are the case's recommendation sentences, each starting "at …"
    (`grants.cases.wording.recommendation_sentence`).
    """
    lines = [sentence.strip() for sentence in sentences if sentence.strip()]
    if not lines:
        return ""
    if len(lines) == 1:
        return f"{ISSUER} indstiller, {lines[0]}."
    listed = "\n".join(f"- {line}" for line in lines)
    return f"{ISSUER} indstiller,\n\n{listed}"
