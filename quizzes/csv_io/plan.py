"""Reading a question CSV into an import plan: each row checked against the database, and what
an import would do with it (create, update, leave unchanged), saving nothing."""

import csv
import io
from dataclasses import dataclass, field

from django.db import models

from roadmap.csv_cells import unguard_cell
from roadmap.models import Step
from sources.models import Citation, Source

from ..models import Question, Quiz, choice_rule_errors
from .format import CHOICE_MAX_LENGTH, COLUMNS, MAX_ROWS, REQUIRED_COLUMNS, split_list


@dataclass
class ChoiceRow:
    text: str
    is_correct: bool
    feedback: str = ""


@dataclass
class Row:
    """One line of the file: its values as read, what they point at, and what is wrong."""

    line: int
    values: dict
    quiz: Quiz | None = None
    kind: str = ""
    text: str = ""
    explanation: str = ""
    choices: list = field(default_factory=list)
    step: Step | None = None
    sources: list = field(default_factory=list)
    position: int | None = None
    existing: Question | None = None
    errors: list = field(default_factory=list)
    changed: bool = True

    @property
    def action(self):
        if self.errors:
            return "error"
        if self.existing is None:
            return "create"
        return "update" if self.changed else "unchanged"


@dataclass
class ImportPlan:
    """What importing a file would do: its rows and the errors of the file as a whole."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    columns: tuple = ()

    @property
    def is_valid(self):
        return bool(self.rows) and not self.errors and not any(row.errors for row in self.rows)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    @property
    def sets_step(self):
        return "step" in self.columns

    @property
    def sets_sources(self):
        return "source" in self.columns


def read_plan(text: str) -> ImportPlan:
    """Check every row of `text` against the database; a fixed number of queries.

    Never raises for bad content: errors go to the plan (the file's) or to its rows.
    """
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        return ImportPlan(errors=[f"The file is not valid CSV: {error}."])
    lines = [(number, line) for number, line in enumerate(lines, start=1) if any(line)]
    if not lines:
        return ImportPlan(errors=["The file is empty."])
    _, header = lines[0]
    columns = tuple(name.strip().lower() for name in header)
    plan = ImportPlan(columns=columns)
    unknown = [name for name in columns if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if unknown:
        plan.errors.append(f"Unknown column(s): {', '.join(unknown)}.")
    if missing:
        plan.errors.append(f"Missing column(s): {', '.join(missing)}.")
    if duplicated:
        plan.errors.append(f"Column(s) given twice: {', '.join(duplicated)}.")
    if len(lines) - 1 > MAX_ROWS:
        plan.errors.append(f"The file has more than {MAX_ROWS} questions; split it.")
    if plan.errors:
        return plan
    if len(lines) == 1:
        plan.errors.append("The file has a header but no question.")
        return plan
    for number, line in lines[1:]:
        row = Row(line=number, values={})
        if len(line) > len(columns):
            row.errors.append(
                f"This row has {len(line)} cells but the header names {len(columns)} columns."
            )
        cells = [*line, *[""] * len(columns)][: len(columns)]
        row.values = {name: unguard_cell(cells[i]) for i, name in enumerate(columns)}
        plan.rows.append(row)
    _resolve(plan)
    return plan


def _resolve(plan):
    """Look up quizzes, steps, sources and existing questions (one query each), then check."""
    rows = plan.rows
    slugs = {row.values["quiz"].strip() for row in rows}
    quizzes = {
        quiz.roadmap.slug: quiz
        for quiz in Quiz.objects.select_related("roadmap").filter(roadmap__slug__in=slugs)
    }
    step_slugs = {row.values.get("step", "").strip() for row in rows} - {""}
    steps = {}
    if step_slugs:
        for step in Step.objects.filter(
            roadmap__quiz__in=list(quizzes.values()), slug__in=step_slugs
        ):
            steps[(step.roadmap_id, step.slug)] = step
    keys = {key for row in rows for key in split_list(row.values.get("source", ""))}
    sources = {source.key: source for source in Source.objects.filter(key__in=keys)} if keys else {}
    texts = {row.values["text"].strip() for row in rows}
    existing = {}
    for question in (
        Question.objects.filter(quiz__in=list(quizzes.values()), text__in=texts)
        .select_related("step")
        .prefetch_related(
            "choices", models.Prefetch("citations", Citation.objects.select_related("source"))
        )
        .order_by("-id")  # when an author made two with the same text, the oldest one matches
    ):
        existing[(question.quiz_id, question.text)] = question
    next_position = dict(
        Question.objects.filter(quiz__in=list(quizzes.values()))
        .values("quiz")
        .annotate(last=models.Max("position"))
        .values_list("quiz", "last")
    )
    seen = {}
    for row in rows:
        _check_row(row, plan, quizzes, steps, sources, existing)
        if row.quiz is not None and row.text:
            first = seen.setdefault((row.quiz.pk, row.text), row.line)
            if first != row.line:
                row.errors.append(f"The same question is already on line {first} of this file.")
        if row.quiz is not None and row.existing is None and row.position is None:
            position = next_position.get(row.quiz.pk)
            row.position = 0 if position is None else position + 1
            next_position[row.quiz.pk] = row.position


def _check_row(row, plan, quizzes, steps, sources, existing):
    values, errors = row.values, row.errors
    slug = values["quiz"].strip()
    row.quiz = quizzes.get(slug)
    if not slug:
        errors.append("The quiz is missing: give the roadmap's slug.")
    elif row.quiz is None:
        errors.append(f"Unknown quiz “{slug}”: no roadmap with this slug has a quiz.")

    row.kind = values["kind"].strip().lower()
    if row.kind not in Question.Kind.values:
        errors.append(f"Unknown kind “{values['kind'].strip()}”: use single or multiple.")

    row.text = values["text"].strip()
    row.explanation = values["explanation"].strip()
    if not row.text:
        errors.append("The question text is missing.")
    if not row.explanation:
        errors.append("The explanation is missing.")

    texts = split_list(values["choices"])
    if any(not text for text in texts):
        errors.append("A choice is empty (two separators in a row, or one at an end).")
    if len(set(texts)) != len(texts):
        errors.append("Two choices have the same text.")
    if any(len(text) > CHOICE_MAX_LENGTH for text in texts):
        errors.append(f"A choice is longer than {CHOICE_MAX_LENGTH} characters.")
    right = _right_indexes(values["correct"], len(texts), errors)
    feedback = split_list(values.get("feedback", ""))
    if feedback and len(feedback) != len(texts):
        errors.append(
            f"There are {len(feedback)} feedback texts for {len(texts)} choices: "
            "give one per choice (empty ones allowed) or none."
        )
        feedback = []
    feedback = feedback or [""] * len(texts)
    row.choices = [
        ChoiceRow(text=text, is_correct=i in (right or ()), feedback=feedback[i])
        for i, text in enumerate(texts)
    ]
    if row.kind in Question.Kind.values and right is not None:
        errors.extend(
            message.replace(" (not counting archived ones)", "")
            for message in choice_rule_errors(row.kind, [c.is_correct for c in row.choices])
        )
    elif len(texts) < 2:
        errors.append("Every question needs at least two choices.")

    step_slug = values.get("step", "").strip()
    if step_slug and row.quiz is not None:
        row.step = steps.get((row.quiz.roadmap_id, step_slug))
        if row.step is None:
            errors.append(f"Unknown step “{step_slug}” in the roadmap “{slug}”.")

    for key in split_list(values.get("source", "")):
        if key in sources:
            row.sources.append(sources[key])
        else:
            errors.append(f"Unknown source “{key}”.")
    if len({s.pk for s in row.sources}) != len(row.sources):
        errors.append("A source is listed twice.")

    position = values.get("position", "").strip()
    if position:
        if position.isdigit() and int(position) <= 32767:
            row.position = int(position)
        else:
            errors.append(f"The position “{position}” is not a whole number from 0.")

    if row.quiz is not None:
        row.existing = existing.get((row.quiz.pk, row.text))
        if row.existing is not None:
            row.changed = _differs(row, row.existing, plan)


def _right_indexes(cell, count, errors):
    """The 0-based indexes named by a "2" or "1;3" cell, or None (with an error) when invalid."""
    parts = [part.strip() for part in cell.replace(",", ";").split(";") if part.strip()]
    if not parts:
        errors.append("Say which choices are right (e.g. “2” or “1;3”).")
        return None
    if not all(part.isdigit() for part in parts):
        errors.append(f"“{cell.strip()}” is not a list of choice numbers (e.g. “2” or “1;3”).")
        return None
    numbers = [int(part) for part in parts]
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        errors.append(
            f"Right choice {wrong[0]} does not exist: this row has {count} choice(s), "
            "numbered from 1."
        )
        return None
    if len(set(numbers)) != len(numbers):
        errors.append("A right choice is listed twice.")
        return None
    return {n - 1 for n in numbers}


def _differs(row, question, plan):
    """Whether importing `row` would change `question` (its active choices, step, sources)."""
    choices = [
        (c.text, c.is_correct, c.feedback)
        for c in sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
        if not c.is_archived
    ]
    wanted = [(c.text, c.is_correct, c.feedback) for c in row.choices]
    if (question.kind, question.explanation, choices) != (row.kind, row.explanation, wanted):
        return True
    if [c.position for c in question.choices.all() if not c.is_archived] != list(
        range(len(wanted))
    ):
        return True
    if row.position is not None and row.position != question.position:
        return True
    if plan.sets_step and question.step_id != (row.step.pk if row.step else None):
        return True
    cited = [c.source_id for c in question.citations.all()]
    return plan.sets_sources and cited != [s.pk for s in row.sources]
