"""Read a page's form as a browser would post it: the values it shows, nothing guessed.

A scenario opens the page a user fills in, takes the form that posts where the user's click
would send it, changes what the user would type, and posts the rest back as shown: hidden
fields, the version a page was opened with, a formset's management form, checked boxes and
selected options, a textarea's text. Disabled fields and buttons are left out, as a browser
leaves them out; a file input is left to the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.files.base import File

# What a form posts: text, the values of a multiple choice, or a file a scenario attaches.
FormData = dict[str, str | list[str] | File]


@dataclass
class PageForm:
    """One `<form method="post">` of a page: where it posts and what it would send."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)

    def data(self) -> FormData:
        """The fields as the test client posts them: a name given twice becomes a list."""
        data: FormData = {}
        for name, value in self.fields:
            if name not in data:
                data[name] = value
                continue
            known = data[name]
            data[name] = [*known, value] if isinstance(known, list) else [str(known), value]
        data.pop("csrfmiddlewaretoken", None)
        return data


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: tuple[str, bool, bool] | None = None  # name, multiple, disabled
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text: list[str] = []
        self._textarea: tuple[str, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = PageForm(action=a.get("action") or "") if method == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        disabled = "disabled" in a
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "button"):
                form.buttons.append((name, a.get("value") or ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in a and not disabled:
                    form.fields.append((name, a.get("value") or "on"))
            elif kind not in ("file", "reset") and not disabled:
                form.fields.append((name, a.get("value") or ""))
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, disabled)
            self._selected, self._first_option = [], None
            form.options[name] = []
        elif tag == "option" and self._select is not None:
            self._option = a
            self._option_text = []
        elif tag == "textarea" and name:
            self._textarea = (name, disabled)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value")
            value = "".join(self._option_text).strip() if value is None else value
            assert self._form is not None
            self._form.options[self._select[0]].append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._selected.append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, disabled = self._select
            chosen = self._selected
            if not chosen and not multiple and self._first_option is not None:
                chosen = [self._first_option]  # a browser sends a single select's first option
            if not disabled:
                self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, disabled = self._textarea
            if not disabled:
                # A browser drops the one newline that follows the opening tag.
                self._form.fields.append((name, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def post_forms(html: str) -> list[PageForm]:
    """Every form of the page that posts."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.forms


def form_posting_to(html: str, page_url: str, action_url: str) -> PageForm:
    """The one form of the page at `page_url` that posts to `action_url`."""
    target = urlsplit(action_url).path
    found = [form for form in post_forms(html) if urlsplit(form.action or page_url).path == target]
    assert len(found) == 1, f"{len(found)} forms of {page_url} post to {action_url}"
    return found[0]
