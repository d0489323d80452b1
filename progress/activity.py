"""The dashboard's activity calendar: active days over the last year, streaks, this week.

A day's activity is what the learner did that day in their own time zone (User.time_zone):
each step status change, note saved and evidence link added (ActivityEvent, a log the progress
services append to) and each quiz attempt submitted (QuizAttempt, one row per attempt).

Three queries whatever the size of the history: events by day and kind, attempts by day (both
grouped in SQL), and the distinct steps changed this week.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import ActivityEvent, ActivityKind

WEEKS = 53
# A day with at least LEVEL_THRESHOLDS[i] things done is drawn at level i + 1 (0: nothing).
LEVEL_THRESHOLDS = (1, 3, 6, 10)
LEVEL_LABELS = ("No activity", "1–2", "3–5", "6–9", "10 or more")

# The SVG's geometry, in its own units (CSS scales it to the card's width).
CELL = 11
GAP = 3
LEFT = 30  # room for the weekday labels
TOP = 16  # room for the month labels


def level_for(count: int) -> int:
    """0 for a day with nothing done, up to 4 for a busy day (see LEVEL_THRESHOLDS)."""
    return sum(1 for threshold in LEVEL_THRESHOLDS if count >= threshold)


def streaks(active_days, today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive active days.

    The current streak is still alive when today has no activity yet but yesterday had: it
    counts back from today, or from yesterday, and is 0 after a day without activity.
    """
    days = sorted(day for day in set(active_days) if day <= today)
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    active = set(days)
    current = 0
    day = today if today in active else today - timedelta(days=1)
    while day in active:
        current += 1
        day -= timedelta(days=1)
    return current, longest


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


@lru_cache(maxsize=4096)
def long_date(day, language):
    """ "Monday 1 December 2026": formatting ~370 days of the calendar each time cost most of the
    dashboard, so each date is formatted once per language (the names are translated)."""
    return format_date(day, "l j F Y")


@dataclass
class Day:
    """One square of the calendar."""

    date: date
    steps: int = 0
    notes: int = 0
    quizzes: int = 0
    x: int = 0
    y: int = 0

    @property
    def count(self):
        return self.steps + self.notes + self.quizzes

    @property
    def level(self):
        return level_for(self.count)

    def label_in(self, language):
        """The square's tooltip: what was done that day, the date in `language`."""
        when = long_date(self.date, language)
        if not self.count:
            return f"No activity on {when}"
        things = "1 activity" if self.count == 1 else f"{self.count} activities"
        return f"{things} on {when}"


@dataclass
class Month:
    """A row of the table alternative: one calendar month of the window."""

    first: date
    active_days: int = 0
    steps: int = 0
    notes: int = 0
    quizzes: int = 0

    @property
    def label(self):
        return format_date(self.first, "F Y")

    @property
    def total(self):
        return self.steps + self.notes + self.quizzes


@dataclass
class ActivityCalendar:
    today: date
    start: date  # the Monday of the first column
    days: list  # [Day], from `start` to `today`
    current_streak: int
    longest_streak: int
    week_steps: int  # distinct steps whose status changed this week (Monday to today)
    months: list = field(default_factory=list)  # [Month], oldest first
    month_labels: list = field(default_factory=list)  # [(x, "Jan")]

    width: int = LEFT + WEEKS * (CELL + GAP)
    height: int = TOP + 7 * (CELL + GAP)
    cell: int = CELL
    # (y of the text baseline, name) for every other row, as GitHub labels them
    weekday_labels: tuple = tuple(
        (TOP + row * (CELL + GAP) + CELL - 1, name)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    )

    @cached_property
    def active_days(self):
        return sum(1 for day in self.days if day.count)

    @cached_property
    def total(self):
        return sum(day.count for day in self.days)

    @property
    def squares_svg(self):
        """The day squares as SVG elements. Built here, not by a loop in the template: the
        template engine localizing some 2,000 numbers and dates cost most of the dashboard."""
        size, language = self.cell, get_language()
        return mark_safe(
            "".join(
                f'<rect class="activity-day level-{day.level}" x="{day.x}" y="{day.y}" '
                f'width="{size}" height="{size}" rx="2" data-date="{day.date.isoformat()}" '
                f'data-count="{day.count}"><title>{escape(day.label_in(language))}</title></rect>'
                for day in self.days
            )
        )

    @property
    def levels(self):
        """(level, label) for the legend."""
        return list(enumerate(LEVEL_LABELS))

    @property
    def summary(self):
        """The sentence a screen reader reads for the picture."""
        return (
            f"{_plural(self.active_days, 'active day')} in the last year; "
            f"current streak {_plural(self.current_streak, 'day')}; "
            f"longest {_plural(self.longest_streak, 'day')}"
        )


# Counted in the calendar's "Steps and topics" column; notes and links go in the next one.
STUDY_KINDS = {ActivityKind.STEP, ActivityKind.TOPIC, ActivityKind.RESOURCE}


def _by_day(queryset, field_name, zone):
    """The queryset grouped by the local date of `field_name`: rows of {"day", ..., "n"}."""
    return queryset.order_by().annotate(day=TruncDate(field_name, tzinfo=zone))


def activity_calendar(learner, *, today=None) -> ActivityCalendar:
    """The learner's activity over the last 53 weeks (Monday-based columns, up to today) and
    their streaks over their whole history, in three queries."""
    from quizzes.models import QuizAttempt

    zone = learner.zone
    today = today or learner.local_today()
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(weeks=WEEKS - 1)

    events = (
        _by_day(ActivityEvent.objects.for_learner(learner), "occurred_at", zone)
        .values("day", "kind")
        .annotate(n=Count("id"))
    )
    attempts = (
        _by_day(QuizAttempt.objects.for_learner(learner), "submitted_at", zone)
        .values("day")
        .annotate(n=Count("id"))
    )
    week_start = datetime.combine(this_monday, time.min, tzinfo=zone)
    week_steps = (
        ActivityEvent.objects.for_learner(learner)
        .filter(kind=ActivityKind.STEP, occurred_at__gte=week_start, step__isnull=False)
        .aggregate(n=Count("step", distinct=True))["n"]
    )

    days = {}

    def day(value):
        if value not in days:
            days[value] = Day(date=value)
        return days[value]

    for row in events:
        target = day(row["day"])
        if row["kind"] in STUDY_KINDS:
            target.steps += row["n"]
        else:
            target.notes += row["n"]
    for row in attempts:
        day(row["day"]).quizzes += row["n"]

    current, longest = streaks([d for d, value in days.items() if value.count], today)

    shown = []
    step = CELL + GAP
    for offset in range((today - start).days + 1):
        value = start + timedelta(days=offset)
        cell = days.get(value) or Day(date=value)
        cell.x = LEFT + (offset // 7) * step
        cell.y = TOP + (offset % 7) * step
        shown.append(cell)

    months = []
    month_labels = []
    for cell in shown:
        first = cell.date.replace(day=1)
        if not months or months[-1].first != first:
            months.append(Month(first=first))
        month = months[-1]
        month.steps += cell.steps
        month.notes += cell.notes
        month.quizzes += cell.quizzes
        month.active_days += 1 if cell.count else 0
        # A month's name sits over the first column whose Monday is in that month.
        starts_month = cell.date.weekday() == 0 and cell.date.day <= 7
        if starts_month and (not month_labels or cell.x - month_labels[-1][0] >= 3 * step):
            month_labels.append((cell.x, format_date(cell.date, "M")))

    return ActivityCalendar(
        today=today,
        start=start,
        days=shown,
        current_streak=current,
        longest_streak=longest,
        week_steps=week_steps,
        months=months,
        month_labels=month_labels,
    )
