"""Read an admin change form the way a browser does, so a test can post it back changed."""

import re
from html.parser import HTMLParser

INLINE_FIELD = re.compile(r"^(?P<row>.+-\d+)-(?P<field>[^-]+)$")
SKIPPED_TYPES = {"submit", "button", "image", "reset", "file"}
TEXT_TYPES = {"text", "search", ""}


class FormReader(HTMLParser):
    """The fields of the page's change form (`<form id="..._form">`): values and text fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.data = {}  # name -> list of values, as the browser would send them
        self.text_fields = {}  # name -> maxlength (or None): inputs and textareas of free text
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
            if kind in TEXT_TYPES:
                self.text_fields[name] = _int(attrs.get("maxlength"))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
            self.text_fields[name] = _int(attrs.get("maxlength"))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            values[-1] += data.removeprefix("\n") if values[-1] == "" else data


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_change_form(html):
    reader = FormReader()
    reader.feed(html)
    assert reader.data, "no change form on the page"
    data = {name: values for name, values in reader.data.items() if "__prefix__" not in name}
    text_fields = {n: m for n, m in reader.text_fields.items() if "__prefix__" not in n}
    return data, text_fields


def editable_text_fields(data, text_fields, *, skip=()):
    """Text fields of the main object and of inline rows that already exist (extra blank rows
    stay blank, so Django leaves them out), minus fields named in `skip`."""
    names = {}
    for name, max_length in text_fields.items():
        match = INLINE_FIELD.match(name)
        field = match["field"] if match else name
        if field in skip:
            continue
        if match and not (data.get(f"{match['row']}-id") or [""])[0]:
            continue
        names[name] = max_length
    return names


def form_errors(html):
    """The error messages a refused admin form shows, for an assertion message."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    note = re.findall(r'<p class="errornote">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", " ", item).strip() for item in note + found]
