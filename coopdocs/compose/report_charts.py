"""The report's figures: data of the rounds → chart inputs → PNG bytes plus alt text.

Partner i of the cooperation has colour i in every chart. The alt text says what the chart shows
and lists its values, so a reader without the image loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coopdocs.compose import charts
from coopdocs.fmt import Formatter
from coopdocs.model.evaluation import (
    CRITERIA,
    PILLARS,
    bands,
    criterion_score,
    trust_others,
    trust_self,
)
from coopdocs.wording import Terms

if TYPE_CHECKING:
    from coopdocs.compose.report import ReportInput


def _colour(inp: ReportInput, partner_id: str) -> str:
    order = [p.id for p in inp.coop.partners]
    return charts.partner_colour(order.index(partner_id) if partner_id in order else len(order))


def _bands(scale: tuple[int, int]) -> charts.Bands:
    red, green = bands(scale)
    return charts.Bands(red, green)


def _name(inp: ReportInput, partner_id: str) -> str:
    return inp.coop.short_name(partner_id)


def _score(value: float | None, fmt: Formatter) -> str:
    return fmt.score(value) if value is not None else "–"


def criteria_figure(inp: ReportInput, order: Sequence[str], t: Terms, fmt: Formatter
                    ) -> tuple[bytes, str]:
    """Grouped bars: the six criteria, one bar per rating partner."""
    r = inp.current
    series = [charts.Series(_name(inp, p), tuple(r.ratings.get(c, {}).get(p) for c in CRITERIA),
                            _colour(inp, p)) for p in order]
    png = charts.grouped_bars([t.label("criteria", c) for c in CRITERIA], series, r.scale,
                              axis_label=t.label("figures", "axis_score"), bands=_bands(r.scale),
                              missing_label=t.label("lights", "none"))
    values = "; ".join(
        f"{t.label('criteria', c)}: " + ", ".join(
            f"{_name(inp, p)} {_score(r.ratings.get(c, {}).get(p), fmt)}" for p in order)
        for c in CRITERIA)
    alt = t.words["figures"]["criteria_alt"].format(
        names=t.join([_name(inp, p) for p in order]), low=r.scale[0], high=r.scale[1],
        values=values)
    return png, alt


def trust_figure(inp: ReportInput, rated: Sequence[str], t: Terms, fmt: Formatter
                 ) -> tuple[bytes, str]:
    """One panel per rated partner: others' mean per pillar as bars, self-rating as a diamond."""
    r = inp.current
    panels = [charts.TrustPanel(_name(inp, p), _colour(inp, p),
                                tuple(trust_others(r, p, pillar) for pillar in PILLARS),
                                tuple(trust_self(r, p, pillar) for pillar in PILLARS))
              for p in rated]
    png = charts.trust_panels([t.label("pillars", p) for p in PILLARS], panels, r.scale,
                              others_label=t.label("figures", "others"),
                              own_label=t.label("figures", "own"), bands=_bands(r.scale),
                              missing_label=t.label("lights", "none"))
    values = "; ".join(
        f"{panel.title}: " + ", ".join(
            f"{t.label('pillars', pillar)} {_score(o, fmt)} ({t.label('figures', 'own')} "
            f"{_score(s, fmt)})" for pillar, o, s in zip(PILLARS, panel.others, panel.own,
                                                           strict=True))
        for panel in panels)
    alt = t.words["figures"]["trust_alt"].format(low=r.scale[0], high=r.scale[1], values=values)
    return png, alt


def kpi_figure(inp: ReportInput, t: Terms, fmt: Formatter) -> tuple[bytes, str]:
    """One panel per KPI with its actual value in every round."""
    rounds = [t.label("figures", "round").format(number=e.number) for e in inp.rounds]
    panels = []
    for kpi in inp.coop.kpis:
        unit = f" ({kpi.unit})" if kpi.unit else ""
        band = (float(kpi.tolerance[0]), float(kpi.tolerance[1])) if kpi.tolerance else None
        actuals = tuple(float(e.kpis[kpi.id]) if kpi.id in e.kpis else None for e in inp.rounds)
        panels.append(charts.KpiPanel(f"{kpi.name}{unit}", float(kpi.target), band, actuals,
                                      kpi.better == "lower"))
    png = charts.kpi_panels(panels, rounds, target_label=t.label("figures", "target"),
                            band_label=t.label("figures", "band"),
                            actual_label=t.label("figures", "actual"),
                            decimal="," if inp.coop.language == "de" else ".")
    values = "; ".join(
        f"{panel.title}: {t.label('figures', 'target')} {fmt.number(panel.target)}, "
        + ", ".join(f"{label} {fmt.number(a) if a is not None else '–'}"
                    for label, a in zip(rounds, panel.actuals, strict=True))
        for panel in panels)
    return png, t.words["figures"]["kpis_alt"].format(values=values)


def trend_figure(inp: ReportInput, labels: Sequence[str], t: Terms, fmt: Formatter
                 ) -> tuple[bytes, str]:
    """Lines: the mean of each criterion over the rounds."""
    scale = inp.current.scale
    series = [charts.Series(t.label("criteria", c),
                            tuple(criterion_score(e, c) for e in inp.rounds),
                            charts.partner_colour(i)) for i, c in enumerate(CRITERIA)]
    png = charts.trend_lines(labels, series, scale, axis_label=t.label("figures", "axis_score"),
                             bands=_bands(scale))
    values = "; ".join(f"{s.label}: " + ", ".join(_score(v, fmt) for v in s.values)
                       for s in series)
    alt = t.words["figures"]["trends_alt"].format(
        rounds=t.join([str(e.number) for e in inp.rounds]), low=scale[0], high=scale[1],
        values=values)
    return png, alt
