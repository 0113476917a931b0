"""Chart geometry for the server-rendered SVG charts (no JavaScript library, no CDN).

Pure functions: data in (categories, series, optional allowed bands), geometry
out (rectangles, ticks, labels, legend) plus the table the chart is drawn from.
The templates components/chart_bar.html (horizontal bars) and
components/chart_columns.html (vertical, optionally stacked, columns with
allowed bands) only place what is computed here.

Every coordinate is returned as a preformatted string with a dot as decimal
separator: a template must never localise an SVG attribute ("12,5" is not a
length). The drawing lives in a fixed viewBox and scales to its container, so
it fits a 390 px screen without sideways scrolling.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Fill colours of the series, each with a contrast of at least 3:1 against the white background
# (WCAG 2.2 SC 1.4.11, non-text contrast); tests/test_charts.py checks the ratios. Each series also has its own
# hatching pattern (charts.css and the templates), so colour is never the only cue.
PALETTE = ("#1f5fa8", "#b35300", "#1e7d4b", "#7a3f9d", "#b0263f", "#4f5b66", "#7a6400")
PATTERNS = ("solid", "diagonal", "dots", "cross", "vertical", "horizontal", "reverse")

# The drawing's size in viewBox units. Narrow enough that its 15-unit text stays readable when the chart is
# scaled into a phone's 350 px column or a cockpit card (charts.css sets the font sizes).
WIDTH = 480
COLUMN_HEIGHT = 280
MARGIN_LEFT = 44  # room for the value axis
MARGIN_RIGHT = 8
MARGIN_TOP = 18
MARGIN_BOTTOM = 48  # room for two lines of category label
BAR_ROW = 48  # horizontal bar charts: a label line and a bar per category
BAR_THICKNESS = 20
CHAR_WIDTH = 8.2  # average width of a character of the 15-unit label text
LINE_HEIGHT = 17


def coordinate(value: float) -> str:
    """An SVG number: at most one decimal, a dot separator, no "-0"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """Return (top, step) of a value axis from 0 that holds *maximum*: step is 1, 2 or 5 × 10^k.

    top ≥ maximum, top is a whole number of steps, and there are at most
    *ticks* steps. An empty or zero maximum gives the axis 0–1.
    """
    if not math.isfinite(maximum) or maximum < 1e-6:  # nothing to show (or below any count we draw)
        return 1.0, 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        step = multiple * magnitude
        if step * ticks >= maximum:
            break
    top = math.ceil(maximum / step - 1e-9) * step
    return float(max(top, maximum)), float(step)  # max(): k × step may round just below an exact maximum


def whole_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """nice_scale() for counts of people: the step is at least 1 (no "0.5 pegawai" tick)."""
    top, step = nice_scale(maximum, ticks)
    if step < 1:
        step = 1.0
        top = float(max(1, math.ceil(maximum or 0)))
    return top, step


@dataclass(frozen=True, slots=True)
class Series:
    """One named row of values, one value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """An allowed range [low, high] over the categories first..last (inclusive), e.g. a distribution bound."""

    first: int
    last: int
    low: float
    high: float
    text: str
    violated: bool = False


@dataclass(frozen=True, slots=True)
class Rect:
    x: str
    y: str
    width: str
    height: str
    series: int  # index into the palette and patterns
    title: str  # the tooltip: "<category>: <value>"


@dataclass(frozen=True, slots=True)
class Text:
    x: str
    y: str
    text: str
    anchor: str = "middle"
    lines: tuple[str, ...] = ()  # the text broken to fit its slot (category labels)


def wrap_label(text: str, width: float, max_lines: int = 2) -> tuple[str, ...]:
    """Break *text* at spaces and after slashes into lines of about *width* units; an overlong last line ends "…"."""
    limit = max(3, int(width // CHAR_WIDTH))
    lines: list[str] = []
    for token in re.findall(r"[^ /]+/?|/", text):  # words, each slash kept at the end of its word
        separator = "" if lines and lines[-1].endswith("/") else " "
        if lines and len(lines[-1]) + len(separator) + len(token) <= limit:
            lines[-1] += separator + token
        else:
            lines.append(token)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return tuple(line if len(line) <= limit else line[:limit - 1] + "…" for line in lines) or ("",)


@dataclass(frozen=True, slots=True)
class Tick:
    position: str  # y of a horizontal grid line (columns) or x of a vertical one (bars)
    label: str
    at: str = ""  # where its label sits


@dataclass(frozen=True, slots=True)
class LegendItem:
    series: int
    name: str


@dataclass(frozen=True, slots=True)
class BandShape:
    x: str
    y: str
    width: str
    height: str
    low_y: str
    high_y: str
    x2: str
    text: str
    violated: bool


@dataclass(frozen=True, slots=True)
class TableRow:
    label: str
    values: tuple
    total: float | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything a chart template draws, and the table behind it."""

    chart_id: str
    title: str
    summary: str
    kind: str  # "bar" or "columns"
    width: str
    height: str
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    rects: tuple[Rect, ...]
    ticks: tuple[Tick, ...]
    category_labels: tuple[Text, ...]
    value_labels: tuple[Text, ...]
    legend: tuple[LegendItem, ...]
    bands: tuple[BandShape, ...]
    table_headers: tuple[str, ...]
    table_rows: tuple[TableRow, ...]
    has_totals: bool = False
    unit: str = ""
    patterns: tuple[tuple[int, str, str], ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not any(any(row.values) for row in self.table_rows)


def _number_label(value: float, unit: str = "") -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}{unit}"


def _patterns(chart_id: str, count: int) -> tuple[tuple[int, str, str], ...]:
    return tuple((i, PALETTE[i % len(PALETTE)], PATTERNS[i % len(PATTERNS)]) for i in range(count))


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for row in series:
        if len(row.values) != len(categories):
            raise ValueError(f"series {row.name!r} has {len(row.values)} values for {len(categories)} categories")
        if any(v < 0 or not math.isfinite(v) for v in row.values):
            raise ValueError(f"series {row.name!r} has a negative or non-finite value")


def column_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    series: Sequence[Series],
    table_headers: Sequence[str] = (),
    bands: Sequence[Band] = (),
    maximum: float | None = None,
    unit: str = "",
    whole: bool = True,
    totals: bool = False,
    table_rows: Sequence[TableRow] | None = None,
) -> Chart:
    """Vertical columns, one per category; several series are stacked in their order.

    *bands* draw allowed ranges behind the columns (the distribution bounds);
    *maximum* fixes the top of the axis (100 for percentages), otherwise it
    is the nice ceiling of the largest stack and band. *table_rows* replaces
    the default table (one row per category, one column per series) when the
    table shows more than the drawing (e.g. the allowed range). Raises ValueError when
    a series does not have one non-negative value per category.
    """
    _check(categories, series)
    n = len(categories)
    stack_tops = [sum(row.values[i] for row in series) for i in range(n)]
    largest = max([*stack_tops, *(b.high for b in bands if math.isfinite(b.high))], default=0)
    if maximum is not None:
        top, step = nice_scale(maximum)
        top = max(top, float(maximum))
    else:
        top, step = whole_scale(largest) if whole else nice_scale(largest)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    plot_top, bottom = MARGIN_TOP, COLUMN_HEIGHT - MARGIN_BOTTOM
    plot_height = bottom - plot_top
    slot = (right - left) / n if n else right - left
    bar_width = min(slot * 0.7, 56)

    def y_of(value: float) -> float:
        return bottom - plot_height * min(value, top) / top

    rects, value_labels, category_labels = [], [], []
    for i, category in enumerate(categories):
        centre = left + slot * (i + 0.5)
        base = 0.0
        for index, row in enumerate(series):
            value = row.values[i]
            if value > 0:
                y_top, y_base = y_of(base + value), y_of(base)
                rects.append(Rect(coordinate(centre - bar_width / 2), coordinate(y_top), coordinate(bar_width),
                                  coordinate(y_base - y_top), index,
                                  f"{category} · {row.name}: {_number_label(value, unit)}" if len(series) > 1
                                  else f"{category}: {_number_label(value, unit)}"))
            base += value
        value_labels.append(Text(coordinate(centre), coordinate(max(y_of(stack_tops[i]) - 4, plot_top + 10)),
                                 _number_label(stack_tops[i], unit)))
        category_labels.append(Text(coordinate(centre), coordinate(bottom + 18), category,
                                    lines=wrap_label(category, slot - 4)))
    ticks = []
    steps = round(top / step)
    for k in range(steps + 1):
        value = k * step
        ticks.append(Tick(coordinate(y_of(value)), _number_label(round(value, 6), unit), coordinate(left - 6)))
    band_shapes = []
    for band in bands:
        x1 = left + slot * band.first + slot * 0.05
        x2 = left + slot * (band.last + 1) - slot * 0.05
        y_high, y_low = y_of(band.high), y_of(band.low)
        band_shapes.append(BandShape(coordinate(x1), coordinate(y_high), coordinate(x2 - x1),
                                     coordinate(max(y_low - y_high, 1.5)), coordinate(y_low), coordinate(y_high),
                                     coordinate(x2), band.text, band.violated))
    headers = tuple(table_headers) or ("", *(row.name for row in series))
    if table_rows is None:
        table_rows = tuple(
            TableRow(category, tuple(row.values[i] for row in series), stack_tops[i] if totals else None)
            for i, category in enumerate(categories)
        )
    return Chart(
        chart_id=chart_id, title=title, summary=summary, kind="columns", width=str(WIDTH),
        height=str(COLUMN_HEIGHT), plot_left=coordinate(left), plot_right=coordinate(right),
        plot_top=coordinate(plot_top), plot_bottom=coordinate(bottom), rects=tuple(rects), ticks=tuple(ticks),
        category_labels=tuple(category_labels), value_labels=tuple(value_labels),
        legend=tuple(LegendItem(i, row.name) for i, row in enumerate(series)) if len(series) > 1 else (),
        bands=tuple(band_shapes), table_headers=headers, table_rows=tuple(table_rows), has_totals=totals, unit=unit,
        patterns=_patterns(chart_id, len(series)),
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    values: Sequence[float],
    table_headers: Sequence[str] = (),
    unit: str = "",
) -> Chart:
    """Horizontal bars: each category's label on its own line above its bar, so long names (OPDs) fit 390 px.

    Raises ValueError when *values* does not hold one non-negative value per category.
    """
    series = Series("", tuple(values))
    _check(categories, [series])
    top, step = whole_scale(max(values, default=0))
    left, right = 2, WIDTH - 56  # room at the right for the value
    plot_top = MARGIN_TOP
    height = plot_top + BAR_ROW * len(categories) + 26
    bottom = height - 26
    span = right - left
    rects, value_labels, category_labels = [], [], []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        row_top = plot_top + BAR_ROW * i
        bar_y = row_top + 22
        length = span * min(value, top) / top
        if value > 0:
            rects.append(Rect(coordinate(left), coordinate(bar_y), coordinate(length), str(BAR_THICKNESS), 0,
                              f"{category}: {_number_label(value, unit)}"))
        category_labels.append(Text(coordinate(left), coordinate(row_top + 15), category, "start"))
        value_labels.append(Text(coordinate(left + length + 6), coordinate(bar_y + BAR_THICKNESS - 5),
                                 _number_label(value, unit), "start"))
    ticks = tuple(
        Tick(coordinate(left + span * k * step / top), _number_label(round(k * step, 6), unit), coordinate(bottom + 18))
        for k in range(round(top / step) + 1)
    )
    headers = tuple(table_headers) or ("", "")
    return Chart(
        chart_id=chart_id, title=title, summary=summary, kind="bar", width=str(WIDTH), height=coordinate(height),
        plot_left=coordinate(left), plot_right=coordinate(right), plot_top=coordinate(plot_top),
        plot_bottom=coordinate(bottom), rects=tuple(rects), ticks=ticks, category_labels=tuple(category_labels),
        value_labels=tuple(value_labels), legend=(), bands=(), table_headers=headers,
        table_rows=tuple(TableRow(c, (v,)) for c, v in zip(categories, values, strict=True)), unit=unit,
        patterns=_patterns(chart_id, 1),
    )


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    value: float
    percent: int  # rounded half up


def largest_share(categories: Sequence[str], values: Sequence[float]) -> Share | None:
    """The category with the largest value (the first on a tie) and its share of the total; None if all are 0."""
    total = sum(values)
    if not categories or total <= 0:
        return None
    index = max(range(len(values)), key=lambda i: (values[i], -i))
    return Share(categories[index], values[index], math.floor(100 * values[index] / total + 0.5))


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.2 contrast ratio of two "#rrggbb" colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
