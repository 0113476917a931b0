"""Chart geometry (pamong.core.charts): scales, bars inside the plot, stacks adding up, bands, contrast."""

import math

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from pamong.core import charts

counts = st.lists(st.integers(min_value=0, max_value=60_000), min_size=1, max_size=14)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_nice_scale_holds_the_maximum_in_at_most_five_round_steps(maximum):
    top, step = charts.nice_scale(maximum)

    assert top >= maximum
    steps = top / step
    assert abs(steps - round(steps)) < 1e-6
    assert 1 <= round(steps) <= 5
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5, 10)


@given(st.integers(min_value=0, max_value=100_000))
def test_whole_scale_never_has_a_fraction_of_a_person(maximum):
    top, step = charts.whole_scale(maximum)

    assert top >= maximum
    assert step >= 1
    assert float(step).is_integer()


def _plot(chart):
    return (float(chart.plot_left), float(chart.plot_right), float(chart.plot_top), float(chart.plot_bottom))


@given(counts)
def test_columns_stay_inside_the_plot_and_are_as_tall_as_their_value(values):
    chart = charts.column_chart(chart_id="c", title="t", summary="s", categories=[str(i) for i in range(len(values))],
                                series=[charts.Series("n", tuple(values))])
    left, right, top, bottom = _plot(chart)
    scale_top = max(float(t.label) for t in chart.ticks)

    assert len(chart.rects) == sum(1 for v in values if v > 0)
    for rect in chart.rects:
        x, y, w, h = (float(rect.x), float(rect.y), float(rect.width), float(rect.height))
        assert left <= x
        assert x + w <= right + 0.1
        assert top - 0.1 <= y
        assert y + h <= bottom + 0.1
    drawn = iter(chart.rects)
    for value in values:
        if value:
            expected = (bottom - top) * value / scale_top
            assert abs(float(next(drawn).height) - expected) <= 0.15


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=12))
def test_stacked_columns_add_up_to_the_total(rows):
    series = [charts.Series(name, tuple(row[i] for row in rows)) for i, name in enumerate("abc")]
    chart = charts.column_chart(chart_id="c", title="t", summary="s", categories=[f"m{i}" for i in range(len(rows))],
                                series=series, totals=True)

    assert [row.total for row in chart.table_rows] == [sum(row) for row in rows]
    assert [label.text for label in chart.value_labels] == [str(sum(row)) for row in rows]
    # Each stack's pieces touch: the next piece starts where the previous ended.
    by_x: dict[str, list] = {}
    for rect in chart.rects:
        by_x.setdefault(rect.x, []).append(rect)
    for pieces in by_x.values():
        for lower, upper in zip(pieces, pieces[1:], strict=False):
            assert abs(float(upper.y) + float(upper.height) - float(lower.y)) <= 0.15


def test_a_fixed_maximum_makes_a_percentage_axis():
    chart = charts.column_chart(chart_id="c", title="t", summary="s", categories=["Jan", "Feb"],
                                series=[charts.Series("%", (50, 100))], maximum=100, unit="%")

    assert chart.ticks[-1].label == "100%"
    assert chart.rects[1].y == chart.plot_top
    assert [label.text for label in chart.value_labels] == ["50%", "100%"]


def test_a_band_spans_its_categories_between_its_bounds():
    chart = charts.column_chart(
        chart_id="d", title="t", summary="s", categories=["SB", "B", "BP", "K", "SK"],
        series=[charts.Series("n", (2, 7, 1, 0, 0))],
        bands=[charts.Band(2, 3, low=1, high=10, text="BP/K ≥ 1"), charts.Band(1, 1, low=0, high=7, text="B ≤ 70%")],
    )
    left, right, top, bottom = _plot(chart)
    slot = (right - left) / 5
    wide, narrow = chart.bands

    assert float(wide.x) == pytest.approx(left + slot * 2.05, abs=0.1)
    assert float(wide.x2) == pytest.approx(left + slot * 3.95, abs=0.1)
    assert float(narrow.low_y) == pytest.approx(bottom, abs=0.1)
    assert float(wide.high_y) == pytest.approx(top, abs=0.1)  # 10 is the top of the axis


def test_bars_put_each_label_on_its_own_line_and_grow_with_the_categories():
    few = charts.bar_chart(chart_id="b", title="t", summary="s", categories=["III", "IV"], values=[812, 400])
    many = charts.bar_chart(chart_id="b", title="t", summary="s", categories=list("abcdefgh"), values=[1] * 8)

    assert float(many.height) > float(few.height)
    assert [label.anchor for label in few.category_labels] == ["start", "start"]
    assert float(few.rects[0].width) > float(few.rects[1].width)
    assert float(few.category_labels[0].y) < float(few.rects[0].y)


def test_values_must_match_the_categories():
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        charts.column_chart(chart_id="c", title="t", summary="s", categories=["a", "b"],
                            series=[charts.Series("n", (1,))])
    with pytest.raises(ValueError, match="negative"):
        charts.bar_chart(chart_id="b", title="t", summary="s", categories=["a"], values=[-1])


def test_coordinates_never_carry_a_decimal_comma():
    chart = charts.column_chart(chart_id="c", title="t", summary="s", categories=["a", "b", "c"],
                                series=[charts.Series("n", (1, 2, 3))])
    numbers = [chart.width, chart.height] + [v for r in chart.rects for v in (r.x, r.y, r.width, r.height)]

    assert all("," not in n for n in numbers)
    assert charts.coordinate(-0.01) == "0"
    assert charts.coordinate(12.0) == "12"


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_largest_share_names_the_biggest_category(values):
    labels = [f"c{i}" for i in range(len(values))]
    share = charts.largest_share(labels, values)

    if sum(values) == 0:
        assert share is None
    else:
        assert share.value == max(values)
        assert share.label == labels[values.index(max(values))]
        assert 0 <= share.percent <= 100


def test_largest_share_rounds_the_percentage():
    assert charts.largest_share(["III", "IV", "II"], [812, 700, 469]) == charts.Share("III", 812, 41)


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_every_series_colour_has_three_to_one_contrast_on_white(colour):
    assert charts.contrast_ratio(colour) >= 3


def test_the_templates_render_an_accessible_figure_with_its_table():
    chart = charts.column_chart(chart_id="leave-months", title="Cuti per bulan", summary="Terbanyak Maret: 12",
                                categories=["Jan", "Mar"], series=[charts.Series("CT", (3, 12)),
                                                                   charts.Series("CS", (1, 0))], totals=True)
    html = render_to_string("components/chart_columns.html", {"chart": chart})

    assert 'role="img"' in html
    assert 'aria-labelledby="leave-months-title leave-months-desc"' in html
    assert "<figcaption" in html
    assert "Terbanyak Maret: 12" in html
    assert 'id="leave-months-table"' in html
    assert 'data-value="4"' in html  # January's total: 3 + 1


@given(st.text(alphabet="abcdefghij /", max_size=60), st.floats(min_value=20, max_value=300))
def test_a_wrapped_label_has_at_most_two_lines_that_fit(text, width):
    lines = charts.wrap_label(text, width)
    limit = max(3, int(width // charts.CHAR_WIDTH))

    assert 1 <= len(lines) <= 2
    assert all(len(line) <= limit for line in lines)


def test_labels_break_between_words_and_after_a_slash():
    assert charts.wrap_label("Butuh Perbaikan", 84) == ("Butuh", "Perbaikan")
    assert charts.wrap_label("Kurang/Misconduct", 84) == ("Kurang/", "Misconduct")
    assert charts.wrap_label("Mei", 33) == ("Mei",)
