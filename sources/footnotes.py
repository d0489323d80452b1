"""Encyclopedia-style footnotes: markers numbered by first use, a Sources list with back-links."""

from dataclasses import dataclass, field


@dataclass
class FootnoteMarker:
    """A superscript marker where an item cites a source."""

    number: int
    ref_id: str
    note_id: str
    title: str


@dataclass
class Footnote:
    """An entry of the Sources list: the source and every place on the page that cites it."""

    number: int
    source: object
    note_id: str
    backrefs: list = field(default_factory=list)


def _item_key(item):
    return (item._meta.label_lower, item.pk)


@dataclass
class PageFootnotes:
    """A page's numbered citations: the Sources list, and the markers shown after each item.

    Page data, kept apart from the models: `markers_of(item)` (in templates
    `{% load footnote_tags %}` `cited|markers_of:item`) rather than an attribute on the item.
    """

    footnotes: list = field(default_factory=list)  # of Footnote, the Sources list in order
    markers: dict = field(default_factory=dict)  # (model label, pk) -> [FootnoteMarker]

    def markers_of(self, item):
        return self.markers.get(_item_key(item), [])


class FootnoteRegistry:
    """Numbers sources in the order the page first cites them.

    Call `cite(item)` for each content item in page order; it reads the item's prefetched
    `citations` and returns the markers to show after the item; `page()` is then the Sources
    list with every item's markers.
    """

    def __init__(self, prefix="fn"):
        self.prefix = prefix
        self._by_source = {}
        self._markers = {}

    def cite(self, item):
        markers = []
        for citation in item.citations.all():
            source = citation.source
            note = self._by_source.get(source.pk)
            if note is None:
                number = len(self._by_source) + 1
                note = Footnote(number=number, source=source, note_id=f"{self.prefix}-{number}")
                self._by_source[source.pk] = note
            ref_id = f"{note.note_id}-ref-{len(note.backrefs) + 1}"
            note.backrefs.append(ref_id)
            markers.append(FootnoteMarker(note.number, ref_id, note.note_id, source.title))
        self._markers[_item_key(item)] = markers
        return markers

    @property
    def footnotes(self):
        return list(self._by_source.values())

    def page(self):
        return PageFootnotes(footnotes=self.footnotes, markers=dict(self._markers))
