"""The sections of the roadmap page: the one place their anchors and names are spelled.

Each section has its anchor (the `id` on the page), its entry in the "On this page" list and
what a review's "Revisit: ..." link calls it. The parts' `anchor` (`Pillar.anchor` is the
pillars section's), the page's `page_sections` tag and `Question.teaching_label()` all read them
from here; `tests/roadmap/test_roadmap_page.py` checks the page template renders each anchor.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    anchor: str
    label: str  # its "On this page" entry, unless the roadmap has a heading of its own
    heading: str = ""  # the Roadmap field holding its (editable) heading
    parts: str = ""  # the roadmap's prefetched parts it shows; an empty section is left out
    teaching: str = ""  # what "Revisit: ..." calls it, when not its heading
    in_contents: bool = True

    def title(self, roadmap):
        """Its entry in the "On this page" list."""
        return (getattr(roadmap, self.heading) if self.heading else "") or self.label

    def teaching_label(self, roadmap):
        """What a review's "Revisit: ..." link calls it."""
        if self.teaching:
            return self.teaching
        return getattr(roadmap, self.heading) if self.heading else self.label

    def is_shown(self, roadmap):
        return not self.parts or bool(getattr(roadmap, self.parts).all())


PILLARS = Section("pillars", "Pillars", parts="pillars", teaching="The pillars of the journey")
KEY_TERMS = Section("key-terms", "Key terms", parts="terms", teaching="Key technical terms")
STEPS = Section("roadmap-steps", "The roadmap", heading="steps_heading", parts="steps")
PROJECTS = Section("projects", "Projects", parts="projects")
CALLOUTS = Section(
    "callouts", "Tips and pitfalls", parts="callouts", teaching="Pro Tip and Common Pitfall"
)
SALARIES = Section("salaries", "Salaries", heading="salary_heading", parts="salary_figures")
TIMELINE = Section("career-timeline", "Career timeline", heading="timeline_heading", parts="stages")
FAQ = Section("faq", "FAQ", heading="faq_heading", parts="faqs")
KNOWLEDGE_CHECK = Section(
    "knowledge-check", "Knowledge check", heading="quiz_heading", teaching="Knowledge check"
)
RELATED = Section(
    "related-topics", "Related topics", heading="related_heading", parts="related_links"
)
SOURCES = Section("sources", "Sources")  # shown when the page cites anything (its footnotes)
# A roadmap's highlights show in other roadmaps' related topics, not on its own page: their
# anchor only keeps the admin's "View on site" link what it was.
HIGHLIGHTS = Section("highlights", "Highlights", parts="highlights", in_contents=False)

SECTIONS = (
    PILLARS,
    KEY_TERMS,
    STEPS,
    PROJECTS,
    CALLOUTS,
    SALARIES,
    TIMELINE,
    FAQ,
    KNOWLEDGE_CHECK,
    RELATED,
    SOURCES,
    HIGHLIGHTS,
)
BY_ANCHOR = {section.anchor: section for section in SECTIONS}
# An item's own anchor starts with its section's: "callout-3" is in the callouts.
ITEM_PREFIXES = {"callout": CALLOUTS}


def page_contents(roadmap, footnotes=()):
    """The sections the page shows, in page order, as (anchor, title) pairs.

    Reads only what `Roadmap.objects.for_page()` prefetched, so it runs no query.
    """
    return [
        (section.anchor, section.title(roadmap))
        for section in SECTIONS
        if section.in_contents
        and (bool(footnotes) if section is SOURCES else section.is_shown(roadmap))
    ]


def teaching_label(anchor, roadmap):
    """What a review's "Revisit: ..." link calls the section at `anchor` of `roadmap`'s page."""
    section = BY_ANCHOR.get(anchor)
    if section is None:
        section = next((s for p, s in ITEM_PREFIXES.items() if anchor.startswith(p)), None)
    if section is None:
        return anchor.replace("-", " ").capitalize()
    return section.teaching_label(roadmap)
