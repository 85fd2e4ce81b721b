"""Charts for evaluation reports, returned as PNG bytes for the Word document.

Every chart is drawn at its print width (16 cm text width of an A4 page) at 200 dpi, so the 8–9 pt
fonts are 8–9 pt on paper. Labels arrive translated; this module adds no wording of its own.
Every text is drawn literally: matplotlib reads text between two ``$`` as a formula (mathtext),
so each text passes ``_literal`` on its way in, and "Data $5 and $6 Ltd" stays what it says.
matplotlib is imported inside the functions only (importing this module stays cheap) and is
used through its object API (``Figure`` + Agg canvas): no pyplot, no global rcParams changes.
The same input gives the same bytes (no timestamp or software tag in the PNG).
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patheffects import AbstractPathEffect
    from matplotlib.typing import RcKeyType

DPI = 200
WIDTH_CM = 16.0

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; partner i keeps colour i
# in every chart of a report.
PARTNER_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
BAND_RED = "#F4CCCC"
BAND_AMBER = "#FCE8B2"
BAND_GREEN = "#D9EAD3"

_WIDTH_IN = WIDTH_CM / 2.54
_INK = "#222222"
_MUTED = "#666666"
_GRID = "#9A9A9A"
_MAX_TICKS = 10
_ALERT = "#CC0000"
_NEUTRAL_BAR = "#8C8C8C"
_FONT_PT = 8.5
_LEGEND_ROW_IN = 0.22
_BAR_IN = 0.085  # thickness of one bar incl. its gap: 2 mm on paper
_LABEL_WIDTH = 24  # characters per line of a category or pillar label
_TITLE_WIDTH = 40  # characters per line of a panel's title
_MAX_LINES = 3  # lines of a label or title at most
_LINE_STYLES = ("-", "--", "-.", ":")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_TREND_DODGE_PT = 5.0  # sideways shift between the series of a trend (about a marker)
_DIAMOND: dict[str, Any] = {"linestyle": "none", "marker": "D", "markersize": 5.5,
                            "markerfacecolor": "black", "markeredgecolor": "white",
                            "markeredgewidth": 0.6}
_TARGET: dict[str, Any] = {"color": _INK, "linestyle": "--", "linewidth": 1.0}
_ACTUAL_LINE: dict[str, Any] = {"color": _MUTED, "linewidth": 1.0}
_T = TypeVar("_T")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class Bands:
    red_below: float
    green_from: float

    def __post_init__(self) -> None:
        _require(self.red_below <= self.green_from,
                 f"Bands: red_below ({self.red_below}) must not exceed green_from "
                 f"({self.green_from})")


@dataclass(frozen=True)
class TrustPanel:
    title: str
    colour: str
    others: tuple[float | None, ...]
    own: tuple[float | None, ...]


@dataclass(frozen=True)
class KpiPanel:
    title: str
    target: float
    band: tuple[float, float] | None
    actuals: tuple[float | None, ...]
    lower_is_better: bool


def partner_colour(index: int) -> str:
    """The colour of the partner at ``index`` (0-based), cycling through ``PARTNER_COLOURS``."""
    return PARTNER_COLOURS[index % len(PARTNER_COLOURS)]


# --- public charts ---------------------------------------------------------------------------


def grouped_bars(categories: Sequence[str], series: Sequence[Series], scale: tuple[int, int],
                 *, axis_label: str, bands: Bands | None = None, missing_label: str = "—") -> bytes:
    """Horizontal grouped bars: one group per category, one bar per series.

    Groups run top to bottom in the given order, bars within a group in series order. The x axis
    spans ``scale`` with integer ticks, optionally over pale traffic-light bands; the legend sits
    below the plot. A ``None`` value draws no bar; a category without any value shows
    ``missing_label``. The height grows with the number of categories and series.

    Raises ValueError, a caller's mistake, when categories or series are empty, a series has the
    wrong length, or the scale is not (low, high) or misses a value.
    """
    rows = [(s.label, s.values) for s in series]
    _check_rows("grouped_bars", "categories", categories, "series", rows)
    _check_scale("grouped_bars", scale, rows)
    group_in = max(len(series) * _BAR_IN + 0.13, 0.3)
    height = len(categories) * group_in + 0.6 + _legend_height([s.label for s in series])

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        _scale_axis(ax, scale, axis_label, bands)
        _category_axis(ax, categories)
        _draw_groups(ax, series, scale[0], bar_share=len(series) * _BAR_IN / group_in)
        _mark_empty_rows(ax, [s.values for s in series], scale, missing_label)
        _legend_below(fig, [_patch(s.colour) for s in series], [s.label for s in series])

    return _render(height, draw)


def trust_panels(pillars: Sequence[str], panels: Sequence[TrustPanel], scale: tuple[int, int],
                 *, others_label: str, own_label: str, bands: Bands | None = None,
                 missing_label: str = "—") -> bytes:
    """Small multiples of trust ratings, one panel per rated partner, two per row.

    Each panel shows the pillars as horizontal bars of the other partners' mean rating in the
    partner's colour and the partner's self-rating as a black diamond. One shared legend below
    (``others_label`` for the bar, ``own_label`` for the diamond). ``None`` draws nothing; a
    pillar with neither value shows ``missing_label``.

    Raises ValueError, a caller's mistake, when pillars or panels are empty, a panel has the wrong
    length, or the scale is not (low, high) or misses a value.
    """
    rows = [(f"{p.title} (others)", p.others) for p in panels]
    rows += [(f"{p.title} (own)", p.own) for p in panels]
    _check_rows("trust_panels", "pillars", pillars, "panels", rows)
    _check_scale("trust_panels", scale, rows)
    labels = [others_label, own_label]
    columns = min(2, len(panels))
    panel_in = len(pillars) * 0.26 + 0.5
    height = math.ceil(len(panels) / columns) * panel_in + _legend_height(labels)

    def draw(fig: Figure) -> None:
        axes = _panel_grid(fig, len(panels), columns)
        for index, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
            _draw_trust_panel(ax, pillars, panel, scale, bands)
            _mark_empty_rows(ax, [panel.others, panel.own], scale, missing_label)
            ax.tick_params(labelleft=index % columns == 0)
        _legend_below(fig, [_patch(_NEUTRAL_BAR), _line_key(**_DIAMOND)], labels)

    return _render(height, draw)


def trend_lines(rounds: Sequence[str], series: Sequence[Series], scale: tuple[int, int],
                *, axis_label: str, bands: Bands | None = None) -> bytes:
    """Lines with markers over the evaluation rounds, y spanning ``scale``.

    Each series has its own line style and marker besides its colour, so the chart also reads in
    black and white. A ``None`` value leaves a gap in its line.

    Raises ValueError, a caller's mistake, when rounds or series are empty, a series has the wrong
    length, or the scale is not (low, high) or misses a value.
    """
    rows = [(s.label, s.values) for s in series]
    _check_rows("trend_lines", "rounds", rounds, "series", rows)
    _check_scale("trend_lines", scale, rows)
    height = 2.6 + _legend_height([s.label for s in series])

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        _round_axis(ax, rounds)
        _scale_axis(ax, scale, axis_label, bands, vertical=True)
        handles = [_draw_trend(ax, index, len(series), s) for index, s in enumerate(series)]
        _legend_below(fig, handles, [s.label for s in series])

    return _render(height, draw)


def kpi_panels(panels: Sequence[KpiPanel], rounds: Sequence[str], *, target_label: str,
               band_label: str, actual_label: str, decimal: str = ",") -> bytes:
    """One small panel per KPI, two per row, with the actual values over the rounds.

    Each panel shows the tolerance band as a pale green span, the target as a dashed line and the
    actual values per round as connected, labelled markers; an actual outside the band on the
    worse side (above it when lower is better, below it otherwise) is a red marker. Without a band
    an actual worse than the target is red. Each panel's y range fits its own band, target and
    actuals; numbers use ``decimal`` as decimal separator. The band has a legend entry only when
    a panel has a band.

    Raises ValueError, a caller's mistake, when panels or rounds are empty, a panel has the wrong
    number of actuals, or its band is not (low, high).
    """
    _check_kpis(panels, rounds)
    with_band = any(panel.band is not None for panel in panels)
    labels = [*([band_label] if with_band else []), target_label, actual_label]
    columns = min(2, len(panels))
    height = math.ceil(len(panels) / columns) * 1.75 + _legend_height(labels)

    def draw(fig: Figure) -> None:
        axes = _panel_grid(fig, len(panels), columns)
        for ax, panel in zip(axes, panels, strict=True):
            _draw_kpi_panel(ax, panel, rounds, decimal)
        handles = [*([_patch(BAND_GREEN)] if with_band else []), _line_key(**_TARGET),
                   _line_key(**_ACTUAL_LINE, **_actual_marker(_INK))]
        _legend_below(fig, handles, labels)

    return _render(height, draw)


# --- validation ------------------------------------------------------------------------------


def _require(condition: bool, message: str) -> None:
    # Wrong shapes are programming errors of the caller, not user input: ValueError, not a
    # CoopdocsError.
    if not condition:
        raise ValueError(message)


def _check_scale(chart: str, scale: tuple[int, int],
                 rows: Sequence[tuple[str, tuple[float | None, ...]]]) -> None:
    """The scale is (low, high) and holds every value.

    A value off the scale would be clipped out of sight and read as missing.
    """
    low, high = scale
    _require(low < high, f"{chart}: scale {scale} must be (low, high) with low < high")
    for name, values in rows:
        outside = [v for v in values if v is not None and not low <= v <= high]
        _require(not outside, f"{chart}: {name!r} has values {outside} outside the scale {scale}")


def _check_rows(chart: str, axis: str, labels: Sequence[str], what: str,
                rows: Sequence[tuple[str, tuple[float | None, ...]]]) -> None:
    _require(bool(labels), f"{chart}: {axis} is empty; pass at least one")
    _require(bool(rows), f"{chart}: {what} is empty; pass at least one")
    for name, values in rows:
        _require(len(values) == len(labels),
                 f"{chart}: {name!r} has {len(values)} values for {len(labels)} {axis}")


def _check_kpis(panels: Sequence[KpiPanel], rounds: Sequence[str]) -> None:
    _check_rows("kpi_panels", "rounds", rounds, "panels", [(p.title, p.actuals) for p in panels])
    for panel in panels:
        _require(panel.band is None or panel.band[0] <= panel.band[1],
                 f"kpi_panels: {panel.title!r} has band {panel.band}; it must be (low, high)")


# --- figure, style, output -------------------------------------------------------------------


def _render(height_in: float, draw: Callable[[Figure], None]) -> bytes:
    """Draw a figure of the print width and ``height_in`` inches, return it as PNG bytes."""
    import matplotlib  # noqa: PLC0415 -- lazy: keep `import coopdocs.compose.charts` free of matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    buffer = io.BytesIO()
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(_WIDTH_IN, height_in), layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig)
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style() -> dict[RcKeyType, Any]:
    return {
        "font.family": [_font_family()],
        "font.size": _FONT_PT,
        "axes.titlesize": 9,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": _FONT_PT,
        "axes.edgecolor": _INK,
        "axes.labelcolor": _INK,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "xtick.color": _INK,
        "ytick.color": _INK,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.constrained_layout.h_pad": 0.04,
        "figure.constrained_layout.w_pad": 0.04,
        "figure.constrained_layout.wspace": 0.06,  # keeps "5 | 1" of neighbouring panels apart
    }


@functools.cache
def _font_family() -> str:
    """Liberation Sans when installed, else DejaVu Sans (bundled with matplotlib).

    Looked up in the font list rather than through ``findfont``, which warns on a miss.
    """
    from matplotlib import font_manager  # noqa: PLC0415

    names = {font.name for font in font_manager.fontManager.ttflist}
    return "Liberation Sans" if "Liberation Sans" in names else "DejaVu Sans"


def _panel_grid(fig: Figure, count: int, columns: int) -> list[Axes]:
    """``count`` axes in rows of ``columns``; unused cells of the last row stay empty."""
    rows = math.ceil(count / columns)
    return [fig.add_subplot(rows, columns, index + 1) for index in range(count)]


def _legend_height(labels: Sequence[str]) -> float:
    return math.ceil(len(labels) / _legend_columns(labels)) * _LEGEND_ROW_IN + 0.1


def _legend_below(fig: Figure, handles: Sequence[Artist], labels: Sequence[str]) -> None:
    columns = _legend_columns(labels)
    fig.legend(_row_major(handles, columns), _row_major([_literal(t) for t in labels], columns),
               loc="outside lower center", ncols=columns, handlelength=1.6, columnspacing=1.6,
               borderaxespad=0.2)


def _legend_columns(labels: Sequence[str]) -> int:
    """As many columns as the longest label allows on the print width.

    Estimated from the label length (about half an em per glyph at 8 pt, plus handle and
    spacing) rather than measured, which would need a drawn figure.
    """
    entry_pt = max(len(label) for label in labels) * 0.5 * 8 + 34
    return max(1, min(len(labels), int(_WIDTH_IN * 72 // entry_pt)))


def _row_major(items: Sequence[_T], columns: int) -> list[_T]:
    """Reorder so matplotlib's column-by-column legend reads left to right, row by row."""
    return [items[k] for column in range(columns) for k in range(column, len(items), columns)]


def _patch(colour: str) -> Artist:
    from matplotlib.patches import Patch  # noqa: PLC0415

    return Patch(facecolor=colour, edgecolor=_INK, linewidth=0.4)


def _line_key(**style: Any) -> Artist:
    """A legend key drawn like a line or marker of the chart."""
    from matplotlib.lines import Line2D  # noqa: PLC0415

    return Line2D([], [], **style)


def _wrap(label: str, width: int = _LABEL_WIDTH) -> str:
    """``label`` in at most ``_MAX_LINES`` lines of ``width`` characters, then "…".

    A word longer than a line is broken too. Unbroken or in full, a long name (a title of 200
    characters, a URL) would squeeze the plot to nothing; the alt text and the tables of the
    document keep the full text.
    """
    return textwrap.fill(label, width=width, break_long_words=True, max_lines=_MAX_LINES,
                         placeholder=" …")


def _literal(text: str) -> str:
    r"""``text`` as matplotlib must be given it to draw it as written, never as a formula.

    matplotlib parses a text with an even number of unescaped ``$`` as mathtext (which fails on
    "$\frac$" and draws "$5 and $6" in italics); with every ``$`` escaped it parses nothing
    and draws each ``\$`` as ``$``.
    """
    return text.replace("$", r"\$")


def _number(value: float | None) -> float:
    """``None`` as NaN, which matplotlib leaves out (a gap, never a zero)."""
    return math.nan if value is None else value


# --- axes ------------------------------------------------------------------------------------


def _scale_axis(ax: Axes, scale: tuple[int, int], label: str, bands: Bands | None,
                *, vertical: bool = False) -> None:
    """Integer ticks over the scale, light grid lines, optional traffic-light bands.

    A rating scale gets a tick at every value; a long one (counts in a large network) gets at
    most ``_MAX_TICKS`` round ones.
    """
    low, high = scale
    axis = ax.yaxis if vertical else ax.xaxis
    if high - low <= _MAX_TICKS:
        axis.set_ticks(list(range(low, high + 1)))
    else:
        from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 -- lazy, as in _render

        axis.set_major_locator(MaxNLocator(nbins=_MAX_TICKS, integer=True))
    axis.set_label_text(_literal(label))
    if vertical:
        ax.set_ylim(low - 0.15, high + 0.15)  # room for markers on the scale's ends
    else:
        ax.set_xlim(low, high)
    ax.grid(axis="y" if vertical else "x", color=_GRID, linewidth=0.4, linestyle=":")
    ax.set_axisbelow(True)
    if bands is not None:
        _draw_bands(ax, bands, scale, vertical=vertical)


def _draw_bands(ax: Axes, bands: Bands, scale: tuple[int, int], *, vertical: bool) -> None:
    low, high = scale
    red, green = min(max(bands.red_below, low), high), min(max(bands.green_from, low), high)
    span = ax.axhspan if vertical else ax.axvspan
    for start, end, colour in ((low, red, BAND_RED), (red, green, BAND_AMBER),
                               (green, high, BAND_GREEN)):
        if end > start:
            span(start, end, facecolor=colour, linewidth=0, zorder=0)


def _category_axis(ax: Axes, labels: Sequence[str]) -> None:
    """One row per label, the first at the top."""
    ax.set_yticks(range(len(labels)), [_literal(_wrap(label)) for label in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def _round_axis(ax: Axes, rounds: Sequence[str]) -> None:
    ax.set_xticks(range(len(rounds)), [_literal(_wrap(label)) for label in rounds])
    ax.set_xlim(-0.4, len(rounds) - 0.6)


# --- chart bodies ----------------------------------------------------------------------------


def _draw_groups(ax: Axes, series: Sequence[Series], start: float, *, bar_share: float) -> None:
    """One bar per series in each row; ``bar_share`` of a row's height holds the bars."""
    slot = bar_share / len(series)
    for index, item in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * slot
        _draw_bars(ax, item.values, item.colour, start, offset=offset, height=slot * 0.85)


def _draw_bars(ax: Axes, values: Sequence[float | None], colour: str, start: float, *,
               offset: float, height: float) -> None:
    """Bars from ``start``, one per row; ``None`` is left out.

    The dark edge keeps a bar at the scale's minimum (zero length) visible as a stroke and pale
    partner colours visible on the bands.
    """
    rows = [(row, value) for row, value in enumerate(values) if value is not None]
    ax.barh([row + offset for row, _ in rows], [value - start for _, value in rows], height=height,
            left=start, color=colour, edgecolor=_INK, linewidth=0.4, zorder=2)


def _mark_empty_rows(ax: Axes, columns: Sequence[Sequence[float | None]],
                     scale: tuple[int, int], label: str) -> None:
    """``label`` at the start of every row that has no value in any column."""
    indent = (scale[1] - scale[0]) * 0.015
    for row, values in enumerate(zip(*columns, strict=True)):
        if all(value is None for value in values):
            ax.text(scale[0] + indent, row, _literal(label), color=_MUTED, va="center",
                    ha="left", fontsize=8, zorder=3)


def _draw_trust_panel(ax: Axes, pillars: Sequence[str], panel: TrustPanel,
                      scale: tuple[int, int], bands: Bands | None) -> None:
    _scale_axis(ax, scale, "", bands)
    _category_axis(ax, pillars)
    ax.set_title(_literal(_wrap(panel.title, _TITLE_WIDTH)))
    _draw_bars(ax, panel.others, panel.colour, scale[0], offset=0.0, height=0.6)
    rows = [(row, value) for row, value in enumerate(panel.own) if value is not None]
    (diamonds,) = ax.plot([value for _, value in rows], [row for row, _ in rows], **_DIAMOND,
                          zorder=3, clip_on=False)
    # Unclipped so a diamond on the scale's end shows whole; kept out of the layout, which would
    # otherwise reserve room for it (and for an empty line at the figure's origin).
    diamonds.set_in_layout(False)


def _draw_trend(ax: Axes, index: int, count: int, series: Series) -> Artist:
    from matplotlib.transforms import ScaledTranslation  # noqa: PLC0415

    # Each series shifted sideways by a fixed distance on paper (whatever the number of rounds),
    # so series with equal values stay visible side by side.
    offset_in = (index - (count - 1) / 2) * _TREND_DODGE_PT / 72
    shift = ScaledTranslation(offset_in, 0, ax.figure.dpi_scale_trans)
    (line,) = ax.plot(range(len(series.values)), [_number(v) for v in series.values],
                      transform=ax.transData + shift, color=series.colour, linewidth=1.4,
                      linestyle=_LINE_STYLES[index % len(_LINE_STYLES)],
                      marker=_MARKERS[index % len(_MARKERS)], markersize=5,
                      markeredgecolor=_INK, markeredgewidth=0.5, zorder=3)
    return line


def _draw_kpi_panel(ax: Axes, panel: KpiPanel, rounds: Sequence[str], decimal: str) -> None:
    ax.set_title(_literal(_wrap(panel.title, _TITLE_WIDTH)))
    _round_axis(ax, rounds)
    ax.set_ylim(*_kpi_limits(panel))
    _number_axis(ax, decimal)
    if panel.band is not None:
        ax.axhspan(*panel.band, facecolor=BAND_GREEN, linewidth=0, zorder=0)
    ax.axhline(panel.target, **_TARGET, zorder=1)
    _draw_actuals(ax, panel, decimal)


def _number_axis(ax: Axes, decimal: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: PLC0415

    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: _literal(_format_number(value, decimal))))
    ax.grid(axis="y", color=_GRID, linewidth=0.4, linestyle=":")
    ax.set_axisbelow(True)


def _kpi_limits(panel: KpiPanel) -> tuple[float, float]:
    """The panel's band, target and actuals with a margin; the top margin holds value labels."""
    values = [panel.target, *(panel.band or ()), *(v for v in panel.actuals if v is not None)]
    low, high = min(values), max(values)
    span = high - low or max(abs(high), 1.0) * 0.2
    return low - span * 0.2, high + span * 0.3


def _draw_actuals(ax: Axes, panel: KpiPanel, decimal: str) -> None:
    xs = range(len(panel.actuals))
    ax.plot(xs, [_number(v) for v in panel.actuals], **_ACTUAL_LINE, zorder=2)
    for x, value in zip(xs, panel.actuals, strict=True):
        if value is None:
            continue
        colour = _ALERT if _is_off_target(panel, value) else _INK
        ax.plot([x], [value], linestyle="none", **_actual_marker(colour), zorder=3)
        label = ax.annotate(_literal(_format_number(value, decimal)), (x, value), xytext=(0, 5),
                            textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                            color=colour)
        label.set_path_effects([_halo()])


def _halo() -> AbstractPathEffect:
    """A white outline that keeps a value label readable where it crosses the target line."""
    from matplotlib.patheffects import withStroke  # noqa: PLC0415

    return withStroke(linewidth=2.5, foreground="white")


def _actual_marker(colour: str) -> dict[str, Any]:
    return {"marker": "o", "markersize": 5.5, "markerfacecolor": colour,
            "markeredgecolor": "white", "markeredgewidth": 0.6}


def _is_off_target(panel: KpiPanel, value: float) -> bool:
    """Outside the band on the worse side; without a band, worse than the target."""
    if panel.band is None:
        limit_low, limit_high = panel.target, panel.target
    else:
        limit_low, limit_high = panel.band
    return value > limit_high if panel.lower_is_better else value < limit_low


def _format_number(value: float, decimal: str) -> str:
    """``2.5`` → "2,5", ``12000`` → "12.000", ``3.0`` → "3" (German with ``decimal=","``)."""
    rounded = round(value, 6) or 0.0  # no "-0" and no float noise from tick positions
    integer, _, fraction = f"{rounded:,.6f}".rstrip("0").rstrip(".").partition(".")
    if abs(rounded) < 10_000:
        integer = integer.replace(",", "")
    integer = integer.replace(",", "." if decimal == "," else ",")
    return f"{integer}{decimal}{fraction}" if fraction else integer
