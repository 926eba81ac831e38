"""Chart geometry (evaluation/charts.py): the radar, the small trend line and the trend chart with
axes. Pure: values in, coordinates out; no database. Coordinates are SVG's (y grows downwards)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.charts import CENTER, RADIUS, RINGS, SERIES_STYLES, SIZE, line, radar, trend_chart

FOUR = [("Mandaat", 50.0), ("Caseload", 100.0), ("Teambudget", 0.0), ("Visie", 25.0)]


def points(polygon: str) -> list[tuple[float, float]]:
    return [tuple(float(c) for c in pair.split(",")) for pair in polygon.split()]


class TestRadar:
    def test_axes_start_at_the_top_and_go_round_clockwise(self):
        chart = radar(FOUR)
        ends = [(axis.x, axis.y) for axis in chart.axes]
        assert ends == [(180.0, 60.0), (300.0, 180.0), (180.0, 300.0), (60.0, 180.0)]
        assert [axis.label for axis in chart.axes] == ["Mandaat", "Caseload", "Teambudget", "Visie"]

    def test_labels_sit_outside_the_axes_and_are_anchored_away_from_the_chart(self):
        chart = radar(FOUR)
        assert [(a.label_x, a.label_y) for a in chart.axes] == [
            (180.0, 38.4),
            (321.6, 180.0),
            (180.0, 321.6),
            (38.4, 180.0),
        ]
        assert [axis.anchor for axis in chart.axes] == ["middle", "start", "middle", "end"]

    def test_a_value_lies_on_its_axis_at_its_fraction_of_the_radius(self):
        chart = radar(FOUR)
        assert [(a.point_x, a.point_y) for a in chart.axes] == [
            (180.0, 120.0),  # 50 on the top axis: half way up
            (300.0, 180.0),  # 100: at the end of the axis
            (180.0, 180.0),  # 0: the centre
            (150.0, 180.0),  # 25 on the left axis
        ]
        assert chart.polygon == "180.0,120.0 300.0,180.0 180.0,180.0 150.0,180.0"

    def test_values_outside_0_to_100_are_drawn_at_the_edge(self):
        chart = radar([("A", 150.0), ("B", -20.0), ("C", 100.0)])
        a, b, c = chart.axes
        assert (a.point_x, a.point_y) == (a.x, a.y)  # 150 drawn as 100
        assert (b.point_x, b.point_y) == (CENTER, CENTER)  # -20 drawn as 0
        assert (c.point_x, c.point_y) == (c.x, c.y)
        assert a.value == 150.0  # the value itself is kept, for the text alternative

    def test_a_condition_without_a_score_has_no_point_and_no_polygon_is_drawn(self):
        chart = radar([("Mandaat", 60.0), ("Caseload", None), ("Teambudget", 40.0)])
        assert chart.polygon == ""
        missing = chart.axes[1]
        assert (missing.value, missing.point_x, missing.point_y) == (None, None, None)
        # Its axis and the other points are still drawn.
        assert (missing.x, missing.y) != (None, None)
        assert chart.axes[0].point_x is not None
        assert chart.axes[2].point_y is not None

    def test_the_grid_has_a_ring_per_step_and_the_outer_ring_joins_the_axis_ends(self):
        chart = radar(FOUR)
        assert len(chart.rings) == len(RINGS) == 4
        assert points(chart.rings[-1]) == [(axis.x, axis.y) for axis in chart.axes]
        assert points(chart.rings[0])[0] == (180.0, 150.0)  # the 25 ring on the top axis

    def test_the_previous_round_is_a_second_polygon_with_its_values_per_axis(self):
        chart = radar(FOUR, previous=[100.0, 0.0, 50.0, 0.0])
        assert chart.previous_polygon == "180.0,60.0 180.0,180.0 180.0,240.0 180.0,180.0"
        assert chart.previous_values == (100.0, 0.0, 50.0, 0.0)
        assert [axis.previous_value for axis in chart.axes] == [100.0, 0.0, 50.0, 0.0]

    def test_a_previous_round_with_a_missing_value_keeps_its_values_but_draws_no_shape(self):
        chart = radar(FOUR, previous=[70.0, None, 50.0, 40.0])
        assert chart.previous_polygon == ""
        assert chart.previous_values == (70.0, None, 50.0, 40.0)
        assert chart.polygon  # the current round is still drawn

    def test_without_a_previous_round_there_is_no_second_series(self):
        chart = radar(FOUR)
        assert chart.previous_polygon == ""
        assert chart.previous_values == ()
        assert all(axis.previous_value is None for axis in chart.axes)

    def test_a_previous_series_of_another_length_is_refused(self):
        with pytest.raises(ValueError, match="one value per axis"):
            radar(FOUR, previous=[50.0, 50.0])

    @given(
        st.lists(
            st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6)),
            min_size=3,
            max_size=12,
        )
    )
    def test_every_point_lies_within_the_chart(self, values):
        chart = radar([(f"V{i}", value) for i, value in enumerate(values)])
        assert chart.size == SIZE
        for axis in chart.axes:
            assert (axis.point_x is None) == (axis.value is None)
            for x, y in [(axis.x, axis.y), (axis.label_x, axis.label_y)]:
                assert 0 <= x <= SIZE
                assert 0 <= y <= SIZE
            if axis.point_x is not None:
                # Within the outer ring (rounding to 0.1 may add a little).
                assert math.dist((axis.point_x, axis.point_y), (CENTER, CENTER)) <= RADIUS + 0.2
        for ring in chart.rings:
            for x, y in points(ring):
                assert math.dist((x, y), (CENTER, CENTER)) <= RADIUS + 0.2
        if all(value is not None for value in values):
            assert len(points(chart.polygon)) == len(values)
        else:
            assert chart.polygon == ""


class TestLine:
    def test_periods_run_left_to_right_and_values_bottom_to_top(self):
        chart = line([("2024", 0.0), ("2025", 50.0), ("2026", 100.0)])
        assert [(p.x, p.y) for p in chart.points] == [(14.0, 82.0), (110.0, 45.0), (206.0, 8.0)]
        assert chart.path == "14.0,82.0 110.0,45.0 206.0,8.0"
        assert (chart.width, chart.height) == (220, 90)

    def test_a_period_without_a_value_is_kept_but_left_out_of_the_path(self):
        chart = line([("2024", 50.0), ("2025", None), ("2026", 50.0)])
        assert chart.points[1].y is None
        assert chart.points[1].x == 110.0
        assert chart.path == "14.0,45.0 206.0,45.0"

    def test_a_single_period_is_drawn_in_the_middle(self):
        chart = line([("2026", 75.0)])
        assert [(p.x, p.y) for p in chart.points] == [(110.0, 26.5)]


TREND_SIZE = {"width": 520, "height": 220}


class TestTrendChart:
    # The geometry below is worked out for this size (the default is smaller, for phones).
    def test_the_axes_span_the_plot_area(self):
        chart = trend_chart(["2024", "2025", "2026"], [("Noord", [0.0, 50.0, 100.0])], **TREND_SIZE)
        assert (chart.left, chart.right, chart.top, chart.bottom) == (50.0, 476.0, 10.0, 192.0)
        assert [(t.label, t.position) for t in chart.x_ticks] == [
            ("2024", 50.0),
            ("2025", 263.0),
            ("2026", 476.0),
        ]
        assert [(t.label, t.position) for t in chart.y_ticks] == [
            ("0", 192.0),
            ("25", 146.5),
            ("50", 101.0),
            ("75", 55.5),
            ("100", 10.0),
        ]
        (noord,) = chart.series
        assert noord.path == "50.0,192.0 263.0,101.0 476.0,10.0"
        assert noord.segments == [noord.path]

    def test_a_line_is_broken_where_a_period_has_no_value(self):
        periods = ["2023", "2024", "2025", "2026"]
        chart = trend_chart(periods, [("Noord", [40.0, None, 60.0, 80.0])], **TREND_SIZE)
        (noord,) = chart.series
        assert [p.y is None for p in noord.points] == [False, True, False, False]
        assert noord.segments == ["50.0,119.2", "334.0,82.8 476.0,46.4"]
        # The full path still lists every point that has a value.
        assert noord.path == "50.0,119.2 334.0,82.8 476.0,46.4"

    def test_a_series_without_any_value_draws_nothing(self):
        chart = trend_chart(["2025", "2026"], [("Zuid", [None, None])])
        (zuid,) = chart.series
        assert zuid.segments == []
        assert zuid.path == ""

    def test_the_emphasised_line_is_dark_and_the_others_keep_their_styles_in_order(self):
        series = [("Noord", [10.0]), ("Gemeente", [50.0]), ("Zuid", [90.0])]
        chart = trend_chart(["2026"], series, emphasis="Gemeente", **TREND_SIZE)
        noord, gemeente, zuid = chart.series
        assert (gemeente.colour, gemeente.dash, gemeente.emphasis) == ("#1b1b1b", "", True)
        assert (noord.colour, noord.dash) == SERIES_STYLES[0]
        assert (zuid.colour, zuid.dash) == SERIES_STYLES[1]  # the emphasis takes no style
        assert not noord.emphasis
        # A single period sits in the middle of the plot area.
        assert chart.x_ticks[0].position == 263.0

    def test_more_series_than_styles_start_the_styles_again(self):
        count = len(SERIES_STYLES) + 2
        chart = trend_chart(["2026"], [(f"Team {i}", [50.0]) for i in range(count)])
        styles = [(s.colour, s.dash) for s in chart.series]
        assert styles[: len(SERIES_STYLES)] == list(SERIES_STYLES)
        assert styles[len(SERIES_STYLES) :] == list(SERIES_STYLES[:2])
        # No colour is repeated before every style has been used: lines are told apart.
        assert len(set(styles[: len(SERIES_STYLES)])) == len(SERIES_STYLES)

    def test_values_outside_0_to_100_stay_inside_the_plot_area(self):
        chart = trend_chart(["2025", "2026"], [("Noord", [-5.0, 140.0])])
        assert [p.y for p in chart.series[0].points] == [chart.bottom, chart.top]

    def test_a_series_with_a_value_per_period_is_required(self):
        with pytest.raises(ValueError, match="shorter"):
            trend_chart(["2025", "2026"], [("Noord", [50.0])])
