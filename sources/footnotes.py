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


class FootnoteRegistry:
    """Numbers sources in the order the page first cites them.

    Call `cite(item)` for each content item in page order; it reads the item's prefetched
    `citations` and returns the markers to show after the item; `footnotes` is then the
    Sources list.
    """

    def __init__(self, prefix="fn"):
        self.prefix = prefix
        self._by_source = {}

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
        return markers

    @property
    def footnotes(self):
        return list(self._by_source.values())
