"""Significant changes to steps a learner completed: what changed, word by word."""

import difflib
from dataclasses import dataclass
from datetime import datetime

from roadmap.models import Roadmap, Step


def word_diff(old: str, new: str) -> list:
    """[(kind, text)] with kind "same", "del" or "ins": `old` turned into `new`, word by word."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("del", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(("ins", " ".join(new_words[b1:b2])))
    return parts


@dataclass
class RevisionNotice:
    """What changed on a step since the learner completed it: the step before and after."""

    step: Step
    roadmap: Roadmap
    old_title: str
    old_summary: str
    new_title: str
    new_summary: str
    changed_at: datetime
    count: int = 1

    @property
    def title_changed(self):
        return self.old_title != self.new_title

    @property
    def summary_changed(self):
        return self.old_summary != self.new_summary

    @property
    def title_diff(self):
        return word_diff(self.old_title, self.new_title)

    @property
    def summary_diff(self):
        return word_diff(self.old_summary, self.new_summary)


def revision_notices(revisions, *, roadmap=None) -> dict:
    """{step_id: RevisionNotice} from pending revisions ordered by step, then oldest first:
    the step as it was before the first of them, and as it is after the last.

    Without `roadmap`, each revision's step and roadmap must be selected with it.
    """
    notices = {}
    for revision in revisions:
        notice = notices.get(revision.step_id)
        if notice is None:
            notices[revision.step_id] = RevisionNotice(
                step=None if roadmap else revision.step,
                roadmap=roadmap or revision.step.roadmap,
                old_title=revision.old_title,
                old_summary=revision.old_summary,
                new_title=revision.new_title,
                new_summary=revision.new_summary,
                changed_at=revision.changed_at,
            )
        else:
            notice.new_title, notice.new_summary = revision.new_title, revision.new_summary
            notice.changed_at = revision.changed_at
            notice.count += 1
    return notices
