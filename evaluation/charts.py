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
    if not values or any(value is None for value in values):
        return ""
    count = len(values)
    return " ".join(
        "{},{}".format(*_point(index, count, max(0.0, min(100.0, value)) / 100))
        for index, value in enumerate(values)
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
