"""Valid cases from input files, for tests that build documents through the build API."""

from __future__ import annotations

from pathlib import Path

from coopdocs.build import Case, check_case
from coopdocs.clauses.library import Library, catalog, load_library


def case_of(cooperation: Path, *rounds: Path, library: Library | None = None) -> Case:
    """The case of a cooperation with its rounds; an AssertionError names the findings."""
    checking = check_case(cooperation, rounds, catalog(library or load_library()))
    assert checking.ok, [f.format() for c in checking.checked for f in c.findings]
    [case] = checking.cases
    return case
