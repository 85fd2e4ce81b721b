from __future__ import annotations

import hashlib
import io
import logging
import os
import struct
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from coopdocs.compose.charts import (
    PARTNER_COLOURS,
    Bands,
    KpiPanel,
    Series,
    TrustPanel,
    _format_number,
    grouped_bars,
    kpi_panels,
    partner_colour,
    trend_lines,
    trust_panels,
)

ROOT = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SCALE = (1, 5)
BANDS = Bands(red_below=2.33, green_from=3.67)
CRITERIA = ("Win-win-Situation", "Kosten/Nutzen", "Individuelle Ziele", "Gemeinsame Ziele",
            "Zeitplan", "Aufgabenverteilung")
PILLARS = ("Kompetenz", "Integrität", "Wohlwollen")
ROUNDS = ("2025", "2026")
PARTNERS = ("GEFERTEC", "flying-parts", "Werkzeugbau Müller", "IPA Fraunhofer", "Lasertec Süd")
RATINGS = ((4.0, 3.5, 4.5, 2.0, 3.0, 1.0), (3.5, None, 4.0, 2.5, None, 3.0),
           (5.0, 4.0, 3.0, 3.5, 2.0, 2.5), (4.5, 4.5, 3.5, None, 4.0, 3.0),
           (None, None, 2.0, 1.5, 5.0, 4.0))
KPIS = (KpiPanel("Durchlaufzeit (Arbeitstage)", 10, (8, 12), (13, 11), lower_is_better=True),
        KpiPanel("Ausschussquote (%)", 3, (2, 4), (3.5, 4.6), lower_is_better=True))

Values = tuple[float | None, ...]


def series(values: Sequence[Values]) -> list[Series]:
    return [Series(PARTNERS[i], v, partner_colour(i)) for i, v in enumerate(values)]


def bars(values: Sequence[Values], **options: str) -> bytes:
    return grouped_bars(CRITERIA, series(values), SCALE, axis_label="Bewertung", bands=BANDS,
                        **options)


def trust(others: Values, own: Values, count: int = 2) -> bytes:
    panels = [TrustPanel(PARTNERS[i], partner_colour(i), others, own) for i in range(count)]
    return trust_panels(PILLARS, panels, SCALE, others_label="Einschätzung der anderen",
                        own_label="Selbsteinschätzung", bands=BANDS)


def trend(values: Sequence[Values]) -> bytes:
    return trend_lines(("2024", "2025", "2026"), series(values), SCALE,
                       axis_label="Gesamtbewertung", bands=BANDS)


def kpis(actuals: Values, decimal: str = ",") -> bytes:
    panels = [KpiPanel(KPIS[0].title, 10, (8, 12), actuals, lower_is_better=True), KPIS[1]]
    return kpi_panels(panels, ROUNDS, target_label="Zielwert", band_label="Toleranzbereich",
                      actual_label="Istwert", decimal=decimal)


# Typical inputs of a report; the subprocess test renders the same table.
CHARTS: dict[str, Callable[[], bytes]] = {
    "grouped_bars_2": lambda: bars(list(RATINGS[:2])),
    "grouped_bars_6x5": lambda: bars(list(RATINGS)),
    "trust_panels_5": lambda: trust((4.5, None, 3.5), (5.0, 4.0, None), count=5),
    "trend_lines": lambda: trend([(3.0, 3.5, 4.0), (2.5, None, 3.5), (4.0, 4.0, 4.5)]),
    "kpi_panels": lambda: kpis((13, 11)),
}


def png_size(data: bytes) -> tuple[int, int, float]:
    """Width and height in pixels and the resolution in dpi, read from the PNG chunks."""
    assert data[:8] == PNG_MAGIC
    width = height = 0
    dpi = 0.0
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind, body = data[offset + 4:offset + 8], data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            dpi = struct.unpack(">I", body[:4])[0] * 0.0254
        offset += length + 12
    return width, height, dpi


@pytest.mark.parametrize("name", CHARTS)
def test_png_at_print_size(name: str) -> None:
    width, height, dpi = png_size(CHARTS[name]())
    assert round(dpi) == 200
    assert width / dpi * 2.54 == pytest.approx(16.0, abs=0.05)  # the text width
    assert 3.0 <= height / dpi * 2.54 <= 12.0


@pytest.mark.parametrize("name", CHARTS)
def test_same_input_same_bytes(name: str) -> None:
    assert CHARTS[name]() == CHARTS[name]()


def test_same_bytes_in_another_process() -> None:
    script = ("import hashlib, sys\n"
              "from tests.unit.test_charts import CHARTS\n"
              "for name, chart in CHARTS.items():\n"
              "    print(name, hashlib.sha256(chart()).hexdigest())\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    here = [f"{name} {hashlib.sha256(chart()).hexdigest()}" for name, chart in CHARTS.items()]
    assert result.stdout.splitlines() == here


def test_import_does_not_load_matplotlib() -> None:
    script = "import sys, coopdocs.compose.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_global_matplotlib_settings_stay_untouched() -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    CHARTS["trust_panels_5"]()
    assert dict(matplotlib.rcParams) == before


def test_no_font_warnings(caplog: pytest.LogCaptureFixture) -> None:
    # matplotlib reports a missing font through logging, not through warnings.
    with caplog.at_level(logging.WARNING):
        for chart in CHARTS.values():
            chart()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


@pytest.mark.parametrize(("name", "render", "stand_ins"), [
    ("grouped_bars", lambda v: bars([(v, *RATINGS[0][1:]), RATINGS[1]]), [1.0, 3.0]),
    ("trust others", lambda v: trust((v, 3.0, 4.0), (4.0, 4.0, 4.0)), [1.0, 3.0]),
    ("trust own", lambda v: trust((3.0, 3.0, 4.0), (v, 4.0, 4.0)), [1.0, 3.0]),
    ("trend_lines", lambda v: trend([(3.0, v, 4.0)]), [1.0, 3.0]),
    ("kpi_panels", lambda v: kpis((13, v)), [0.0, 13.0]),
])
def test_missing_value_is_not_drawn(
        name: str, render: Callable[[float | None], bytes], stand_ins: list[float]) -> None:
    # On a rating scale the nearest thing to "drawn as 0" is the scale minimum (a zero-length
    # bar); a KPI can be 0 itself.
    missing = render(None)
    assert missing[:8] == PNG_MAGIC
    for value in stand_ins:
        assert missing != render(value), f"{name}: None drawn like {value}"


def test_missing_label_only_for_a_category_without_values() -> None:
    some_missing = list(RATINGS[:2])
    assert bars(some_missing, missing_label="—") == bars(some_missing, missing_label="k. A.")
    all_missing = [(None, *r[1:]) for r in RATINGS[:2]]
    assert bars(all_missing, missing_label="—") != bars(all_missing, missing_label="k. A.")


def test_height_grows_with_categories_and_series() -> None:
    def height(categories: int, partners: int) -> int:
        values = [r[:categories] for r in RATINGS[:partners]]
        chart = grouped_bars(CRITERIA[:categories], series(values), SCALE, axis_label="Bewertung")
        return png_size(chart)[1]

    assert height(3, 2) < height(6, 2) < height(6, 5)


def test_decimal_separator_changes_kpi_labels() -> None:
    assert kpis((13.5, 11.25), decimal=",") != kpis((13.5, 11.25), decimal=".")


@pytest.mark.parametrize(("value", "decimal", "expected"), [
    (2.5, ",", "2,5"),
    (3.0, ",", "3"),
    (0.30000000000000004, ",", "0,3"),
    (-0.0, ",", "0"),
    (4.6, ".", "4.6"),
    (9999.5, ",", "9999,5"),
    (250000, ",", "250.000"),
    (265000.5, ",", "265.000,5"),
    (250000, ".", "250,000"),
])
def test_number_format(value: float, decimal: str, expected: str) -> None:
    assert _format_number(value, decimal) == expected


@pytest.mark.parametrize(("render", "message"), [
    (lambda: grouped_bars(CRITERIA, [], SCALE, axis_label="x"), "grouped_bars: series is empty"),
    (lambda: grouped_bars([], series([()]), SCALE, axis_label="x"),
     "grouped_bars: categories is empty"),
    (lambda: grouped_bars(CRITERIA, series([(1.0, 2.0)]), SCALE, axis_label="x"),
     "grouped_bars: 'GEFERTEC' has 2 values for 6 categories"),
    (lambda: grouped_bars(CRITERIA, series([RATINGS[0]]), (5, 1), axis_label="x"),
     r"grouped_bars: scale \(5, 1\) must be \(low, high\)"),
    (lambda: grouped_bars(CRITERIA, series([(0.0, *RATINGS[0][1:])]), SCALE, axis_label="x"),
     r"grouped_bars: 'GEFERTEC' has values \[0.0\] outside the scale \(1, 5\)"),
    (lambda: trend_lines(ROUNDS, series([(3.0, 5.5)]), SCALE, axis_label="x"),
     r"trend_lines: 'GEFERTEC' has values \[5.5\] outside the scale \(1, 5\)"),
    (lambda: trust_panels(PILLARS, [], SCALE, others_label="a", own_label="b"),
     "trust_panels: panels is empty"),
    (lambda: trust_panels(PILLARS, [TrustPanel("A", "#000000", (1.0,), (1.0, 2.0, 3.0))], SCALE,
                          others_label="a", own_label="b"),
     r"trust_panels: 'A \(others\)' has 1 values for 3 pillars"),
    (lambda: trend_lines(ROUNDS, [], SCALE, axis_label="x"), "trend_lines: series is empty"),
    (lambda: trend_lines([], series([()]), SCALE, axis_label="x"), "trend_lines: rounds is empty"),
    (lambda: kpi_panels([], ROUNDS, target_label="a", band_label="b", actual_label="c"),
     "kpi_panels: panels is empty"),
    (lambda: kpi_panels([KpiPanel("K", 1, (2, 1), (1, 1), False)], ROUNDS, target_label="a",
                        band_label="b", actual_label="c"),
     r"kpi_panels: 'K' has band \(2, 1\); it must be \(low, high\)"),
])
def test_wrong_shapes_raise(render: Callable[[], bytes], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render()


def test_bands_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="red_below"):
        Bands(red_below=4.0, green_from=3.0)


def test_partner_colours_cycle() -> None:
    assert len(set(PARTNER_COLOURS)) == len(PARTNER_COLOURS) == 8
    assert partner_colour(0) == "#0072B2"
    assert partner_colour(1) == "#E69F00"
    assert partner_colour(len(PARTNER_COLOURS)) == partner_colour(0)


def red_pixels(data: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return sum(count for count, colour in colours if colour == (0xCC, 0, 0))


@pytest.mark.parametrize(("actual", "lower_is_better", "red"), [
    (11.0, True, False),   # inside the band
    (13.0, True, True),    # above the band, lower is better: worse
    (7.0, True, False),    # below the band, lower is better: better than the band
    (7.0, False, True),    # below the band, higher is better: worse
    (13.0, False, False),
])
def test_kpi_red_marker_only_on_the_worse_side(actual: float, lower_is_better: bool,
                                               red: bool) -> None:
    panel = KpiPanel("Durchlaufzeit (Arbeitstage)", 10, (8, 12), (actual,), lower_is_better)
    chart = kpi_panels([panel], ("2026",), target_label="Zielwert", band_label="Toleranzbereich",
                       actual_label="Istwert")
    assert (red_pixels(chart) > 0) is red
