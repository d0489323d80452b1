"""The roadmap page's map of the route: the steps along a line, their topics branching off,
coloured by the reader's status. Pure layout from a RoadmapProgress, no query: the template
(templates/progress/includes/route_map.html) only draws what is computed here.

Three layouts of the same map, switched by CSS media queries (static/css/route_map.css):
"wide" (up to six steps a row, desktops), "medium" (three a row, tablets and print) and "narrow"
(one vertical route, phones up to 576px wide, topics as a row of beads under each step).
"""

import textwrap
from dataclasses import dataclass, field

from .models import StepStatus, TopicStatus
from .queries.rows import RoadmapProgress

STATE_LABELS = {
    StepStatus.DONE: "done",
    StepStatus.IN_PROGRESS: "in progress",
    StepStatus.SKIPPED: "skipped",
    StepStatus.NOT_STARTED: "not started",
}
TOPIC_LABELS = {
    TopicStatus.DONE: "done",
    TopicStatus.SKIPPED: "skipped",
    TopicStatus.NOT_STARTED: "not started",
}
# The legend, in the order a learner meets the states: (the node's classes, the words).
LEGEND = [
    ("route-step-done", "Done"),
    ("route-step-in_progress", "In progress"),
    ("route-step-in_progress is-current", "You are here"),
    ("route-step-skipped", "Skipped"),
    ("route-step-not_started", "Not started"),
]

NODE_R = 16  # a step's node
NARROW_NODE_R = 14
TOPIC_R = 5  # a topic's bead on the wide layouts
BEAD_R = 5  # a topic's bead on the narrow layout
COLUMN = 200  # width of a step's column (wide and medium)
TOPIC_GAP = 22  # between two topics of a column
BEAD_GAP = 22  # between two beads of the narrow layout
BEADS_A_ROW = 9
NARROW_WIDTH = 340


def clip(text, length):
    """`text` cut to `length` characters, with an ellipsis when cut."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def two_lines(text, width):
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], clip(" ".join(lines[1:]), width)]
    return lines


def topic_name(topic, state):
    """A bead's link name: "Topic: Linear algebra, done"."""
    return f"Topic: {topic.title}, {TOPIC_LABELS[TopicStatus(state)]}"


def step_name(name_base, state, current):
    """A node's link name: "Step 2: Maths for ML, in progress, you are here"."""
    here = ", you are here" if current else ""
    return f"{name_base}, {STATE_LABELS[StepStatus(state)]}{here}"


@dataclass
class MapText:
    x: int
    y: int
    text: str


@dataclass
class MapTopic:
    """A topic's bead: its link, position and state."""

    topic: object  # roadmap.Topic
    state: str  # a TopicStatus value
    x: int
    y: int
    r: int
    label: MapText | None = None  # the wide layouts write the (clipped) title beside the bead

    @property
    def name(self):
        return topic_name(self.topic, self.state)


@dataclass
class MapStep:
    """A step's node: its link, position, state, kicker and title lines, and its topics."""

    step: object  # roadmap.Step
    number: int
    state: str  # a StepStatus value
    current: bool  # "you are here"
    x: int
    y: int
    kicker: MapText
    lines: list  # [MapText], the title on one or two lines
    topics: list = field(default_factory=list)  # [MapTopic]
    branch: tuple | None = None  # (x1, y1, x2, y2) of the line the topics hang on
    r: int = NODE_R

    @property
    def hit(self):
        """(x, y, width, height) of the link's whole area: the node, the kicker and the title."""
        texts = [self.kicker, *self.lines] if self.kicker.text else self.lines
        left = self.x - self.r - 8
        top = min(self.y - self.r - 8, *(t.y - 14 for t in texts))
        right = max(t.x + round(7.5 * len(t.text)) for t in texts) + 4
        bottom = max(self.y + self.r, *(t.y for t in texts)) + 6
        return (left, top, right - left, bottom - top)

    @property
    def name(self):
        return step_name(self.name_base, self.state, self.current)

    here: MapText | None = None  # where "You are here" shows when this is the current step

    @property
    def name_base(self):
        return f"Step {self.number}: {self.step.title}"


@dataclass
class MapLine:
    """The route from one step to the next; `done` when the first of them is done."""

    points: str  # an SVG polyline's points
    done: bool
    step: object = None  # the roadmap.Step it leaves from


@dataclass
class MapLayout:
    name: str  # "wide", "medium", "narrow"
    width: int
    height: int
    steps: list  # [MapStep]
    lines: list  # [MapLine]


@dataclass
class RouteMap:
    title: str
    summary: str
    layouts: list  # [MapLayout]
    legend: list = field(default_factory=lambda: LEGEND)


def _states(progress: RoadmapProgress):
    current = progress.next_step
    for number, step in enumerate(progress.steps, start=1):
        row = progress.row_for(step)
        yield number, step, row, str(row.status), step == current


def columns_layout(progress: RoadmapProgress, *, name, columns) -> MapLayout:
    """Rows of up to `columns` steps, left to right; each step's topics hang below its node."""
    rows = [
        list(_states(progress))[i : i + columns] for i in range(0, len(progress.steps), columns)
    ]
    steps, top = [], 0
    for row in rows:
        y = top + 28
        tallest = 0
        for column, (number, step, srow, state, current) in enumerate(row):
            x = column * COLUMN + 28
            left = x - NODE_R  # the kicker and title sit below the node, under the route
            lines = two_lines(step.title, 21)
            node = MapStep(
                step=step,
                number=number,
                state=state,
                current=current,
                x=x,
                y=y,
                kicker=MapText(left, y + NODE_R + 22, ""),
                lines=[MapText(left, y + NODE_R + 40 + 17 * i, t) for i, t in enumerate(lines)],
            )
            node.kicker.text = f"Step {number}"
            node.here = MapText(left + 50, node.kicker.y, "You are here")
            first = node.lines[-1].y + 22
            for i, trow in enumerate(srow.topics):
                ty = first + i * TOPIC_GAP
                node.topics.append(
                    MapTopic(
                        topic=trow.topic,
                        state=str(trow.status),
                        x=x,
                        y=ty,
                        r=TOPIC_R,
                        label=MapText(x + 14, ty + 4, clip(trow.topic.title, 23)),
                    )
                )
            if node.topics:
                node.branch = (x, first - 12, x, node.topics[-1].y)
            steps.append(node)
            tallest = max(tallest, node.topics[-1].y if node.topics else node.lines[-1].y)
        top = tallest + 30
    lines = []
    for a, b in zip(steps, steps[1:], strict=False):
        if a.y == b.y:
            points = f"{a.x},{a.y} {b.x},{b.y}"
        else:  # down from the row's last step, back to the left, down to the next row's first
            turn = b.y - 28 + 8
            points = f"{a.x},{a.y} {a.x + 166},{a.y} {a.x + 166},{turn} {b.x},{turn} {b.x},{b.y}"
        lines.append(MapLine(points, a.state == StepStatus.DONE, a.step))
    width = min(columns, len(progress.steps)) * COLUMN
    return MapLayout(name=name, width=max(width, COLUMN), height=top, steps=steps, lines=lines)


def narrow_layout(progress: RoadmapProgress) -> MapLayout:
    """One vertical route: each step's node on the left, its title beside it and its topics as
    a row of beads below the title (their titles are the links' names and tooltips)."""
    steps, y = [], 22
    r = NARROW_NODE_R
    for number, step, srow, state, current in _states(progress):
        x = 18
        node = MapStep(
            step=step,
            number=number,
            state=state,
            current=current,
            x=x,
            y=y,
            kicker=MapText(x + r + 14, y - 12, ""),
            lines=[MapText(x + r + 14, y + 3, clip(step.title, 36))],
            r=r,
        )
        for i, trow in enumerate(srow.topics):
            row, column = divmod(i, BEADS_A_ROW)
            node.topics.append(
                MapTopic(
                    topic=trow.topic,
                    state=str(trow.status),
                    x=x + r + 14 + BEAD_R + column * BEAD_GAP,
                    y=y + 22 + row * BEAD_GAP,
                    r=BEAD_R,
                )
            )
        # "You are here" after the first row of beads (or beside the node when it has none).
        beads = node.topics[:BEADS_A_ROW]
        node.here = MapText(beads[-1].x + 14 if beads else x + r + 14, y + 26, "You are here")
        steps.append(node)
        y = (node.topics[-1].y if node.topics else y + 12) + 36
    lines = [
        MapLine(f"{a.x},{a.y} {b.x},{b.y}", a.state == StepStatus.DONE, a.step)
        for a, b in zip(steps, steps[1:], strict=False)
    ]
    return MapLayout(name="narrow", width=NARROW_WIDTH, height=y - 16, steps=steps, lines=lines)


def summary(progress: RoadmapProgress) -> str:
    """The map in one sentence: "6 steps: 2 done, 1 in progress, 3 not started. You are here:
    step 3, End-to-end portfolio projects." """
    counts = dict.fromkeys(STATE_LABELS, 0)
    for step in progress.steps:
        counts[progress.row_for(step).status] += 1
    parts = [f"{counts[s]} {label}" for s, label in STATE_LABELS.items() if counts[s]]
    total = progress.total
    sentence = f"{total} step{'s' if total != 1 else ''}: {', '.join(parts)}."
    step = progress.next_step
    if step is not None:
        sentence += f" You are here: step {progress.next_number}, {step.title}."
    elif total:
        sentence += " Every step is done or skipped."
    return sentence


def route_map(progress: RoadmapProgress) -> RouteMap:
    return RouteMap(
        title=f"Map of the route: {progress.roadmap.title}",
        summary=summary(progress),
        layouts=[
            columns_layout(progress, name="wide", columns=6),
            columns_layout(progress, name="medium", columns=3),
            narrow_layout(progress),
        ],
    )
