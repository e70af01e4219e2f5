"""Case texts: simple Markdown (paragraphs, lists, headings) rendered to safe HTML."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension

# Only what a case paper needs; no images, no raw HTML, no scripts, no styles.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "a", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


class _HtmlAsText(Extension):
    """Do not parse raw HTML at all, so the serializer escapes it and it shows as typed.

    Python-Markdown's documented replacement for the old `safe_mode="escape"`. Parsed HTML
    would reach nh3 as markup: an unclosed `<style>` or `<script>` swallows the rest of the
    text as its content (which nh3 then drops), and a `<div>` line makes a raw HTML block in
    which Markdown stops. Left unparsed, both are plain text and Markdown goes on after them.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML; typed HTML shows as text, and nh3 keeps only the allowed tags."""
    html = markdown.markdown(
        text or "", extensions=["sane_lists", _HtmlAsText()], output_format="html"
    )
    # nh3 stays as the guarantee: whatever Markdown itself builds (links) is checked too.
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
