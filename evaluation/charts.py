"""Server-side SVG geometry. The same chart markup is used on the results page and in the PDF.

Pure functions: values in, coordinates out. The template (includes/radar.html) draws them and
carries the text alternative and the data table.
"""

import math
from dataclasses import dataclass

SIZE = 360
CENTER = SIZE / 2
RADIUS = 120
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class Axis:
    label: str
    value: float | None
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor for the label
    point_x: float | None  # the value's point, None without a value
    point_y: float | None
    previous_value: float | None = None  # the second series' value, if any


@dataclass(frozen=True)
class Radar:
    axes: list[Axis]
    rings: list[str]  # polygon points per grid ring
    polygon: str  # the values' polygon ("" when a value is missing)
    size: int = SIZE
    # An optional second series (the previous round), drawn under the first; "" without one.
    previous_polygon: str = ""
    previous_values: tuple[float | None, ...] = ()


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # start at the top, clockwise
    return (
        round(CENTER + RADIUS * fraction * math.cos(angle), 1),
        round(CENTER + RADIUS * fraction * math.sin(angle), 1),
    )


def _polygon(values: list[float | None]) -> str:
    """The polygon through the values, or "" when one is missing (no shape can be drawn)."""
    present = [value for value in values if value is not None]
    if not values or len(present) != len(values):
        return ""
    count = len(present)
    return " ".join(
        "{},{}".format(*_point(index, count, max(0.0, min(100.0, value)) / 100))
        for index, value in enumerate(present)
    )


def radar(
    values: list[tuple[str, float | None]], previous: list[float | None] | None = None
) -> Radar:
    """Geometry of a radar chart of 0–100 values, one axis per (label, value); ``previous``
    (one value per axis, in the same order) adds a second series, e.g. the previous round."""
    count = len(values)
    if previous is not None and len(previous) != count:
        raise ValueError("The previous series needs one value per axis")
    axes = []
    for index, (label, value) in enumerate(values):
        x, y = _point(index, count, 1.0)
        label_x, label_y = _point(index, count, 1.18)
        anchor = "middle" if abs(label_x - CENTER) < 5 else ("start" if label_x > CENTER else "end")
        point = (
            _point(index, count, max(0.0, min(100.0, value)) / 100) if value is not None else None
        )
        axes.append(
            Axis(
                label=label,
                value=value,
                x=x,
                y=y,
                label_x=label_x,
                label_y=label_y,
                anchor=anchor,
                point_x=point[0] if point else None,
                point_y=point[1] if point else None,
                previous_value=previous[index] if previous is not None else None,
            )
        )
    rings = [
        " ".join(f"{x},{y}" for x, y in (_point(i, count, ring / 100) for i in range(count)))
        for ring in RINGS
    ]
    polygon = (
        " ".join(f"{axis.point_x},{axis.point_y}" for axis in axes)
        if all(axis.value is not None for axis in axes)
        else ""
    )
    return Radar(
        axes=axes,
        rings=rings,
        polygon=polygon,
        previous_polygon=_polygon(list(previous)) if previous is not None else "",
        previous_values=tuple(previous) if previous is not None else (),
    )


@dataclass(frozen=True)
class LinePoint:
    label: str
    value: float | None
    x: float
    y: float | None


@dataclass(frozen=True)
class Line:
    points: list[LinePoint]
    path: str  # polyline points through the values that exist
    width: int
    height: int


def line(values: list[tuple[str, float | None]], width: int = 220, height: int = 90) -> Line:
    """Geometry of a small 0–100 line chart over periods (a trend), left to right."""
    pad_x, pad_top, pad_bottom = 14, 8, 8
    inner_w, inner_h = width - 2 * pad_x, height - pad_top - pad_bottom
    step = inner_w / (len(values) - 1) if len(values) > 1 else 0
    points = []
    for index, (label, value) in enumerate(values):
        x = round(pad_x + step * index if len(values) > 1 else width / 2, 1)
        y = (
            round(pad_top + inner_h * (1 - max(0.0, min(100.0, value)) / 100), 1)
            if value is not None
            else None
        )
        points.append(LinePoint(label=label, value=value, x=x, y=y))
    path = " ".join(f"{p.x},{p.y}" for p in points if p.y is not None)
    return Line(points=points, path=path, width=width, height=height)


# --- Trend charts with axes: one line per team (and the gemeente's), 0–100 over periods. -------

SERIES_STYLES = (  # colour and dash: a line is told apart by more than its colour
    ("#154273", ""),
    ("#a3261b", "6 3"),
    ("#1d6b35", "2 3"),
    ("#8a5a00", "8 3 2 3"),
    ("#5b2a86", "4 4"),
    ("#0b6f73", "1 3"),
)
Y_TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Tick:
    label: str
    position: float  # x for period ticks, y for value ticks


@dataclass(frozen=True)
class Series:
    label: str
    points: list[LinePoint]
    path: str  # polyline through consecutive periods that have a value
    segments: list[str]  # polylines, broken where a period has no value
    colour: str
    dash: str
    emphasis: bool = False


@dataclass(frozen=True)
class Chart:
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float


def trend_chart(
    periods: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    emphasis: str | None = None,
    width: int = 440,
    height: int = 240,
) -> Chart:
    """Geometry of a 0–100 line chart over ``periods`` with value and period axes.

    ``series``: (label, one value or None per period). A line is never drawn across a period
    without a value: each run of consecutive values is its own segment, so a line never
    bridges a period in which the team had no score. ``emphasis``: the label drawn as the
    heavier line.
    """
    # Room for the value labels on the left and half a period label on either side.
    left, right, top, bottom = 50.0, width - 44.0, 10.0, height - 28.0
    inner_w, inner_h = right - left, bottom - top
    step = inner_w / (len(periods) - 1) if len(periods) > 1 else 0
    xs = [
        round(left + step * i if len(periods) > 1 else left + inner_w / 2, 1)
        for i in range(len(periods))
    ]

    def y_of(value: float) -> float:
        return round(top + inner_h * (1 - max(0.0, min(100.0, value)) / 100), 1)

    drawn = []
    styles = iter(SERIES_STYLES * (len(series) // len(SERIES_STYLES) + 1))
    for label, values in series:
        points = [
            LinePoint(label=period, value=value, x=x, y=y_of(value) if value is not None else None)
            for period, value, x in zip(periods, values, xs, strict=True)
        ]
        segments: list[list[str]] = []
        run: list[str] = []
        for point in points:
            if point.y is None:
                if run:
                    segments.append(run)
                run = []
            else:
                run.append(f"{point.x},{point.y}")
        if run:
            segments.append(run)
        is_emphasis = label == emphasis
        colour, dash = ("#1b1b1b", "") if is_emphasis else next(styles)
        drawn.append(
            Series(
                label=label,
                points=points,
                path=" ".join(f"{p.x},{p.y}" for p in points if p.y is not None),
                segments=[" ".join(segment) for segment in segments],
                colour=colour,
                dash=dash,
                emphasis=is_emphasis,
            )
        )
    return Chart(
        series=drawn,
        x_ticks=[Tick(period, x) for period, x in zip(periods, xs, strict=True)],
        y_ticks=[Tick(str(value), y_of(value)) for value in Y_TICKS],
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
    )
