"""What a page offers as its primary action: the elements inside <main> drawn as the design
system's primary button, read with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Button:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def testid(self) -> str:
        return self.attrs.get("data-testid", "")


class _Primaries(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.open: Button | None = None
        self.found: list[Button] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "main":
            self.in_main = True
        elif self.in_main and "button-primary" in values.get("class", "").split():
            self.open = Button(tag, values)
            self.found.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif self.open is not None and tag == self.open.tag:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open.text += data


def primary_buttons(html: str) -> list[Button]:
    """Every primary button (or link drawn as one) in the page's <main>, with its text."""
    parser = _Primaries()
    parser.feed(html)
    for button in parser.found:
        button.text = " ".join(button.text.split())
    return parser.found


def current_step(html: str) -> str:
    """The step indicator's current step as a screen reader reads it (its first rendering, the
    list): "Trin 2 af 5, nuværende: Dagsorden låst"."""
    start = html.index('aria-current="step"')
    title = html.index('class="step-title"', start)
    end = html.index("</span>\n", title)
    text = html[html.index(">", title) + 1 : end]
    return " ".join(text.replace('<span class="sr-only">', "").replace("</span>", "").split())
