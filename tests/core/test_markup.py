"""Case texts in Markdown: typed HTML shows as text, and Markdown goes on after it."""

from __future__ import annotations

import pytest

from core.markup import render_markdown


@pytest.mark.parametrize(
    "tag",
    ["<style>", "<script>", "<style>p { display: none }</style>", "<script>alert(1)</script>"],
)
def test_a_style_or_script_shows_as_text_and_keeps_the_text_after_it(tag: str) -> None:
    html = render_markdown(f"Før.\n\n{tag}\n\nEfter med **fed**.\n\n- punkt")

    assert "<p>Før.</p>" in html
    assert tag.replace("<", "&lt;").replace(">", "&gt;") in html
    assert "Efter med <strong>fed</strong>." in html
    assert "<li>punkt</li>" in html
    assert "<style" not in html
    assert "<script" not in html


def test_an_inline_script_is_text_inside_its_paragraph() -> None:
    html = render_markdown("a <script>alert(1)</script> b *c*")

    assert html == "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b <em>c</em></p>"


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n\n**fed**\n\n## Overskrift\n\n- punkt",
        "Indledning\n<div>\n\n**fed**\n\n## Overskrift\n\n- punkt",
        "<div>\nindhold\n</div>\n\n**fed**\n\n## Overskrift\n\n- punkt",
    ],
)
def test_a_div_line_does_not_stop_markdown_for_the_rest_of_the_text(text: str) -> None:
    html = render_markdown(text)

    assert "&lt;div&gt;" in html
    assert "<div" not in html
    assert "<strong>fed</strong>" in html
    assert "<h2>Overskrift</h2>" in html
    assert "<li>punkt</li>" in html


def test_tags_comments_and_handlers_are_text_not_elements() -> None:
    html = render_markdown(
        '<img src=x onerror=alert(1)> <b>fed?</b>\n\n<!-- skjult -->\n\n<iframe src="https://x.dk">'
    )

    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;fed?&lt;/b&gt;" in html
    assert "&lt;!-- skjult --&gt;" in html
    assert "&lt;iframe" in html
    for element in ("<img", "<b>", "<iframe", "<!--"):
        assert element not in html


def test_markdown_links_stay_and_unsafe_schemes_are_dropped() -> None:
    html = render_markdown("[a](https://example.dk/) [b](javascript:alert(1)) <https://x.dk/>")

    assert '<a href="https://example.dk/" rel="noopener noreferrer">a</a>' in html
    assert '<a href="https://x.dk/" rel="noopener noreferrer">https://x.dk/</a>' in html
    assert "javascript:" not in html


def test_ampersands_and_angle_brackets_in_prose_are_escaped_once() -> None:
    assert render_markdown("1 < 2 & 3 > 2") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"
