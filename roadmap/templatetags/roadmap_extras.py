"""Template helpers for the roadmap pages: money, month ranges, the salary chart, message styles."""

from dataclasses import dataclass

from django import template

from .. import sections

register = template.Library()

# Geometry of one row of the salary chart, in CSS pixels (the SVG is as wide as its container;
# bar widths are percentages of that width, so the chart reflows without scaling its text).
ROW_HEIGHT = 64
LABEL_BASELINE = 20
BAR_TOP = 30
BAR_HEIGHT = 26
# Below this share of the width, a bar is too short to hold its amount, which goes after it.
AMOUNT_INSIDE_MIN_PERCENT = 30


@register.filter
def usd(value):
    """153252 -> "$153,252" (whole dollars, thousands separated); anything else unchanged."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return value
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,}"


@register.filter
def months_label(step):
    """ "Months 1–2" for a step spanning months, "Month 3" for a step inside one month."""
    start, end = step.start_month, step.end_month
    if not end or end == start:
        return f"Month {start}"
    return f"Months {start}–{end}"


def _percent_text(value):
    """A percentage for an SVG attribute: at most two decimals, no trailing zeros, '.' decimal."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class SalaryBar:
    figure: object
    percent: float
    width: str  # the percentage as SVG attribute text, e.g. "73.47"
    amount: str  # "$153,252"
    label_y: int
    bar_y: int
    amount_y: int
    amount_inside: bool


@dataclass
class SalaryChart:
    bars: list
    height: int
    bar_height: int = BAR_HEIGHT


@register.simple_tag
def salary_chart(figures):
    """Lay out a horizontal bar chart: each bar's width is its median over the largest median.

    The largest figure gets 100% of the width, a figure of half of it 50%, and so on.
    """
    figures = list(figures)
    largest = max((f.median_annual_usd or 0 for f in figures), default=0)
    bars = []
    for index, figure in enumerate(figures):
        value = figure.median_annual_usd or 0
        percent = (value / largest * 100) if largest else 0.0
        top = index * ROW_HEIGHT
        bars.append(
            SalaryBar(
                figure=figure,
                percent=percent,
                width=_percent_text(percent),
                amount=usd(value),
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_TOP,
                amount_y=top + BAR_TOP + BAR_HEIGHT // 2 + 5,
                amount_inside=percent >= AMOUNT_INSIDE_MIN_PERCENT,
            )
        )
    return SalaryChart(bars=bars, height=max(len(bars) * ROW_HEIGHT - 4, 0))


MESSAGE_ALERT_CLASSES = {
    "debug": "alert-secondary",
    "info": "alert-info",
    "success": "alert-success",
    "warning": "alert-warning",
    "error": "alert-danger",
}


@register.filter
def alert_class(message):
    """The Bootstrap alert class for a django.contrib.messages message."""
    for tag in str(getattr(message, "level_tag", "") or "").split():
        if tag in MESSAGE_ALERT_CLASSES:
            return MESSAGE_ALERT_CLASSES[tag]
    return "alert-info"


@register.simple_tag
def page_sections(roadmap, footnotes=None):
    """The "On this page" list: the sections with something to show, as (anchor, title) pairs.

    The sections and their anchors are spelled in `roadmap.sections`; this runs no query.
    """
    return sections.page_contents(roadmap, footnotes or ())
