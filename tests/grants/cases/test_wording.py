"""The case paper's wording, without the database."""

from core.markup import render_markdown
from grants.cases.wording import (
    RecommendationLine,
    amount_in_words,
    disbursement_sentence,
    recommendation_sentence,
)


def test_amounts_read_as_the_case_paper_writes_them() -> None:
    assert amount_in_words(1_000_000) == "1 mio. kr."
    assert amount_in_words(19_500_000) == "19,5 mio. kr."
    assert amount_in_words(24_000_000) == "24 mio. kr."
    assert amount_in_words(500_000) == "0,5 mio. kr."
    assert amount_in_words(250_000) == "250.000 kr."
    assert amount_in_words(1_234_567) == "1.234.567 kr."


def test_recommendation_sentence_of_the_seed() -> None:
    line = RecommendationLine(
        funds="de regionale erhvervsudviklingsmidler",
        amount=1_000_000,
        first_year=2017,
        last_year=2019,
        recipient="Projektsekretariatet ApS",
    )
    assert recommendation_sentence(line) == (
        "at der af de regionale erhvervsudviklingsmidler bevilges i alt 1 mio. kr. "
        "i perioden 2017 til 2019 til Projektsekretariatet ApS"
    )


def test_recommendation_without_recipient_and_single_year() -> None:
    line = RecommendationLine("EU's socialfondsmidlerne", 2_000_000, 2018, 2018)
    assert recommendation_sentence(line) == (
        "at der af EU's socialfondsmidlerne bevilges i alt 2 mio. kr. i 2018"
    )


def test_disbursement_sentence_lists_years_in_order() -> None:
    assert disbursement_sentence({2019: 1_000_000, 2017: 1_000_000, 2018: 2_000_000}) == (
        "Bevillingen udmøntes med 1 mio. kr. i 2017, 2 mio. kr. i 2018 og 1 mio. kr. i 2019"
    )
    assert disbursement_sentence({}) == ""


def test_markdown_renders_lists_and_headings_and_shows_html_as_text() -> None:
    html = render_markdown(
        "## Formål\n\nTekst med **fed**.\n\n- Landbrug\n- Turisme\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)> [link](javascript:alert(1))"
    )
    assert "<h2>Formål</h2>" in html
    assert "<li>Landbrug</li>" in html
    assert "<strong>fed</strong>" in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "javascript:" not in html
