"""Issue 18 items 8 and 10: the report and the Nachtrag agree on what each change amends.

Before, the report derived "where a change lands" from the fields each § reads and said
"§§ 2, 14 und 19; Anlage 2" for a KPI target, while the Nachtrag only replaced Anlage 2. Both
now read amend.landing, which attributes the units the Nachtrag actually changes to the
measures whose data they print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.amend.commands import commands
from coopdocs.amend.diff import PARTIES
from coopdocs.amend.landing import measure_units, places
from coopdocs.build import case_versions, compose_report_document
from coopdocs.clauses.library import load_library
from coopdocs.model.document import Grid
from coopdocs.resources import resource_dir
from coopdocs.wording import load_terms
from tests.conftest import ROOT
from tests.support.cases import case_of
from tests.unit.test_evaluation_rules import COOPERATION, ROUND

SAMPLE_ROUNDS = [(path.parent.name, path) for path in
                 sorted((ROOT / "samples").glob("*/evaluation-*.yaml"))]


def report_landings(tmp_path: Path, cooperation: str, *rounds: str) -> tuple[dict[str, str],
                                                                              set[str]]:
    """The report's "Änderung" column of the last round, and the units its Nachtrag amends."""
    coop = tmp_path / "cooperation.yaml"
    coop.write_text(cooperation, encoding="utf-8")
    paths = []
    for i, text in enumerate(rounds, start=1):
        paths.append(tmp_path / f"evaluation-{i}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    return _landings(coop, paths)


def _landings(coop: Path, paths: list[Path]) -> tuple[dict[str, str], set[str]]:
    library = load_library()
    case = case_of(coop, *paths, library=library)
    versions = case_versions(case, library, None)
    document = compose_report_document(case.rounds, case.states[-2], library, templates=None,
                                       after=versions[-1])
    [table] = [b for b in document.blocks if isinstance(b, Grid) and "Vertragsänderung" in b.header]
    column = list(table.header).index("Vertragsänderung")
    landings = {row[0]: row[column] for row in table.rows}
    words = load_terms(resource_dir("templates") / "addendum.yaml", "de")
    amended = {unit for _, unit in commands(versions[-1].changes, words).numbers}
    return landings, amended


def test_a_kpi_target_lands_only_where_the_text_changes(tmp_path: Path) -> None:
    changed = ROUND.replace("due: 2026-12-31}", "due: 2026-12-31, change: {set: "
                            "kpis.volume.target, to: 110}}")
    landings, amended = report_landings(tmp_path, COOPERATION, changed)
    assert amended == {"goals"}
    assert landings["e1-rhythmus"] == "Anlage\u00a02"


def test_the_evaluation_schedule_changes_the_annex_that_states_it(tmp_path: Path) -> None:
    """Item 10: an annex whose text depends on a changed value is amended with it.

    The competition-law self-assessment (an annex) says when it is first reviewed: at the first
    evaluation. Moving that date changes the § and the annex, and the report says so.
    """
    sample = ROOT / "samples" / "einkaufsverbund"
    first = (sample / "evaluation-1.yaml").read_text(encoding="utf-8") + (
        "  - id: e1-termin\n    text: Die nächste Evaluation findet am 15. September 2027 "
        "statt.\n    change: {set: evaluation.first_due, to: 2027-09-15}\n")
    path = tmp_path / "evaluation-1.yaml"
    path.write_text(first, encoding="utf-8")
    landings, amended = _landings(sample / "cooperation.yaml", [path])
    assert {"evaluation", "annex_competition"} <= amended
    assert landings["e1-termin"].startswith("§")
    assert "Anlage\u00a05" in landings["e1-termin"]


@pytest.mark.parametrize(("sample", "path"), SAMPLE_ROUNDS, ids=[f"{s}-{p.stem}" for s, p in
                                                                 SAMPLE_ROUNDS])
def test_the_report_names_exactly_what_the_nachtrag_amends(sample: str, path: Path) -> None:
    """Every unit a Nachtrag amends is named for a measure in the report, and no other."""
    number = int(path.stem.split("-")[1])
    rounds = [path.parent / f"evaluation-{n}.yaml" for n in range(1, number + 1)]
    library = load_library()
    case = case_of(path.parent / "cooperation.yaml", *rounds, library=library)
    versions = case_versions(case, library, None)
    current = versions[-1]
    words = load_terms(resource_dir("templates") / "addendum.yaml", "de")
    amended = {unit for _, unit in commands(current.changes, words).numbers}
    named = {unit for units in measure_units(current.sources).values() for unit in units}
    assert named == amended
    assert current.round is not None
    report_terms = load_terms(resource_dir("templates") / "report.yaml", "de")
    for measure, units in measure_units(current.sources).items():
        text = places(units, current.document, report_terms)
        assert text != "–", measure
        if PARTIES in units:
            assert "Rubrum" in text
