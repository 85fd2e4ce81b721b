"""The network report keeps readable for a handful of cooperations and for hundreds."""

from __future__ import annotations

import io
import struct
from typing import Any

from coopdocs.compose.network import CHART_BARS, MATRIX_COLUMNS, compose_network_report
from coopdocs.model.document import Figure, Grid, ReportDocument, Text
from coopdocs.resources import resource_dir
from coopdocs.wording import load_terms

WORDS = load_terms(resource_dir("templates") / "report.yaml", "de")


def summary(i: int, partners: list[str], score: float | None) -> dict[str, Any]:
    """A cooperation as a batch job summarises it; ``score`` None: not evaluated yet."""
    last = None if score is None else {
        "number": 1, "date": "2027-03-01", "score": score, "scale": [1, 5],
        "light": "green" if score >= 3.5 else "amber" if score >= 2.5 else "red"}
    return {"id": f"k{i:03d}", "title": f"Kooperation {i}", "kind": "horizontal",
            "partners": [[p, p.upper()] for p in partners], "start": "2026-04-01", "end": "",
            "rounds": 0 if last is None else 1, "last": last, "open_measures": 0,
            "kpis": {"on_target": 1, "in_band": 2, "outside": i % 2, "not_measured": 0}}


def compose(summaries: list[dict[str, Any]]) -> ReportDocument:
    return compose_network_report("Testnetz", "Netzwerkbüro", summaries, [], WORDS)


def grids(document: ReportDocument) -> dict[str, Grid]:
    return {b.caption: b for b in document.blocks if isinstance(b, Grid)}


def figures(document: ReportDocument) -> dict[str, Figure]:
    return {b.caption: b for b in document.blocks if isinstance(b, Figure)}


def png_height(png: bytes) -> int:
    header = io.BytesIO(png).read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", header[20:24])[0])


def test_a_small_network_has_a_matrix_and_a_bar_per_cooperation() -> None:
    document = compose([summary(1, ["a", "b"], 4.0), summary(2, ["b", "c"], 2.0),
                        summary(3, ["c"], None)])
    matrix = grids(document)["Partner und Kooperationen"]
    assert matrix.header == ("Partner", "k001", "k002", "k003")
    assert ("B", "●", "●", "") in matrix.rows
    charts = figures(document)
    assert "Gesamtbewertung je Kooperation" in charts
    assert "Kooperation 1: 4,0; Kooperation 2: 2,0" in charts["Gesamtbewertung je Kooperation"].alt
    assert "Kennzahlen je Kooperation nach Stand" in charts


def test_a_large_network_lists_partners_and_shows_distributions() -> None:
    count = max(MATRIX_COLUMNS, CHART_BARS) + 5
    scores = [4.2, 3.0, 1.8]
    document = compose([summary(i, [f"p{i % 12}", f"p{(i + 1) % 12}"], scores[i % 3])
                        for i in range(count)])
    partners = grids(document)["Partner und Kooperationen"]
    assert partners.header == ("Partner", "Anzahl", "Kooperationen")
    row = next(r for r in partners.rows if r[0] == "P0")
    members = [f"k{i:03d}" for i in range(count) if 0 in (i % 12, (i + 1) % 12)]
    assert row == ("P0", str(len(members)), ", ".join(members))
    counts = [int(r[1]) for r in partners.rows]
    assert counts == sorted(counts, reverse=True)  # who is in the most cooperations first
    charts = figures(document)
    distribution = charts["Kooperationen nach Ampelfarbe der Gesamtbewertung"]
    greens = sum(1 for i in range(count) if i % 3 == 0)
    assert f"grün: {greens}" in distribution.alt
    totals = charts["Kennzahlen des Netzwerks nach Stand"]
    assert f"{WORDS.label('kpi_status', 'in_band')}: {2 * count}" in totals.alt
    assert f"{WORDS.label('kpi_status', 'outside')}: {count // 2}" in totals.alt
    # one group of bars, not one per cooperation: lower than the chart of the largest network
    # that still gets a bar per cooperation
    per_cooperation = figures(compose([summary(i, ["a"], 3.0) for i in range(CHART_BARS)]))
    assert png_height(distribution.png) * 3 < png_height(
        per_cooperation["Gesamtbewertung je Kooperation"].png)
    # the overview still lists every cooperation
    assert len(grids(document)["Übersicht der Kooperationen"].rows) == count


def test_before_any_evaluation_the_kpis_get_a_note_instead_of_a_chart() -> None:
    unevaluated = [summary(i, ["a", "b"], None) for i in range(3)]
    for item in unevaluated:
        item["kpis"] = {"on_target": 0, "in_band": 0, "outside": 0, "not_measured": 2}
    document = compose(unevaluated)
    assert "Kennzahlen je Kooperation nach Stand" not in figures(document)
    assert not figures(document)  # nothing measured, nothing scored: no chart at all
    notes = [b.text for b in document.blocks if isinstance(b, Text) and b.style == "Vermerk"]
    assert "Noch ist keine Kennzahl gemessen (vereinbart sind 6); die erste Evaluation jeder " \
           "Kooperation erhebt sie." in notes
    assert grids(document)["Stand der Kennzahlen in der letzten Evaluation"].rows[0][-1] == "2"
