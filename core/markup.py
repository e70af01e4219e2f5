"""Case texts: simple Markdown (paragraphs, lists, headings) rendered to safe HTML."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

# Only what a case paper needs; no images, no raw HTML, no scripts, no styles.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "a", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with everything outside the allowed tags removed."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
