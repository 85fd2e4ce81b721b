"""Issue 17, item 9: the data-protection rules fit the roles controller → processor → sub-processor.

R-DS-2 counts different partners; R-DS-3 refuses a partner listed twice (a processor is not its
own controller); R-DS-5 warns when a processor competes with a partner whose data it processes
(hub-and-spoke); CD-DS-1 keeps the processing ids of FORMAT.md §1b unique, so a measure can
address one processing (``set: clauses.data_protection.processing.<id>.…``). The schema accepts
``data_subjects`` as a text (FORMAT.md §1b) or a list of texts and ``sub_processor_approval``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.check.findings import Finding, Level, format_path
from coopdocs.check.schema import load_schema
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from coopdocs.model.changes import target
from tests.conftest import GAMMA, MINIMAL

PROCESSING = "clauses:\n  data_protection:\n    processing:\n"


def findings(tmp_path: Path, text: str) -> list[Finding]:
    path = tmp_path / "cooperation.yaml"
    path.write_text(text, encoding="utf-8")
    return check_cooperation(path, catalog(load_library())).findings


def hits(found: list[Finding], code: str) -> list[tuple[Level, str, int]]:
    return [(f.level, format_path(f.path), (f.location.line or 0) if f.location else 0)
            for f in found if f.code == code]


def compete(text: str, one: str, other: str) -> str:
    marker = f"  - id: {one}\n"
    return text.replace(marker, f"{marker}    competitor_of: [{other}]\n", 1) + (
        "  competition_law: {market_share_percent: 5}\n")


@pytest.mark.rule("R-DS-3")
def test_processor_listed_as_its_own_controller(tmp_path: Path) -> None:
    found = findings(tmp_path, MINIMAL + PROCESSING + "      - {purpose: X, data: Y, partners: "
                     "[alpha, beta, alpha], role: processor}\n")
    assert hits(found, "R-DS-3") == [
        (Level.ERROR, "clauses.data_protection.processing[0].partners[2]", 20)]
    message = next(f.message for f in found if f.code == "R-DS-3")
    assert "the processor cannot be its own controller" in message


@pytest.mark.rule("R-DS-3")
def test_controller_listed_twice(tmp_path: Path) -> None:
    found = findings(tmp_path, MINIMAL + GAMMA + PROCESSING + "      - {purpose: X, data: Y, "
                     "partners: [alpha, alpha, gamma], role: processor}\n")
    assert [message for message in (f.message for f in found if f.code == "R-DS-3")] == [
        "'alpha' is listed twice; name each controller once"]


@pytest.mark.rule("R-DS-2")
def test_joint_control_needs_two_different_partners(tmp_path: Path) -> None:
    found = findings(tmp_path, MINIMAL + PROCESSING + "      - {purpose: X, data: Y, partners: "
                     "[alpha, alpha], role: joint_controllers}\n")
    assert hits(found, "R-DS-2") == [
        (Level.ERROR, "clauses.data_protection.processing[0].partners", 20)]


@pytest.mark.rule("R-DS-5")
def test_processor_competing_with_its_controller_warns(tmp_path: Path) -> None:
    text = MINIMAL + GAMMA + PROCESSING + ("      - {purpose: Kundenplattform, data: Namen, "
                                           "partners: [alpha, beta, gamma], role: processor}\n")
    found = findings(tmp_path, compete(text, "gamma", "beta"))
    assert hits(found, "R-DS-5") == [
        (Level.WARNING, "clauses.data_protection.processing[0].partners", 26)]
    message = next(f.message for f in found if f.code == "R-DS-5")
    assert "'gamma' processes the data of its competitor(s) 'beta'" in message
    assert "hub-and-spoke" in message


@pytest.mark.rule("R-DS-5")
def test_competing_controllers_alone_do_not_warn(tmp_path: Path) -> None:
    """The text keeps their data apart; the processor itself has no interest in them."""
    text = MINIMAL + GAMMA + PROCESSING + ("      - {purpose: Kundenplattform, data: Namen, "
                                           "partners: [alpha, beta, gamma], role: processor}\n")
    assert hits(findings(tmp_path, compete(text, "alpha", "beta")), "R-DS-5") == []


def test_processing_ids_are_unique(tmp_path: Path) -> None:
    found = findings(tmp_path, MINIMAL + PROCESSING + (
        "      - {id: kunden, purpose: X, data: Y, partners: [alpha, beta], role: processor}\n"
        "      - {id: kunden, purpose: Z, data: Y, partners: [alpha, beta], "
        "role: separate_controllers}\n"))
    assert hits(found, "CD-DS-1") == [
        (Level.ERROR, "clauses.data_protection.processing[1].id", 21)]


def test_a_measure_addresses_a_processing_by_its_id() -> None:
    data = {"clauses": {"data_protection": {"processing": [
        {"id": "termine", "purpose": "A"}, {"id": "kunden", "purpose": "B"}]}}}
    path = target(data, load_schema("cooperation"),
                  "clauses.data_protection.processing.kunden.data_subjects")
    assert path == ("clauses", "data_protection", "processing", 1, "data_subjects")


@pytest.mark.parametrize("value", ["Kunden der Partner", "[Kunden, Interessenten]"])
def test_data_subjects_as_text_or_list(tmp_path: Path, value: str) -> None:
    found = findings(tmp_path, MINIMAL + PROCESSING + (
        f"      - {{id: kunden, purpose: X, data: Y, data_subjects: {value}, "
        "partners: [alpha, beta], role: processor, sub_processors: [Hosting GmbH]}\n"))
    assert [f for f in found if f.level is Level.ERROR] == []


@pytest.mark.parametrize(("value", "where"), [("5", "data_subjects"), ("[]", "data_subjects"),
                                              ("[Kunden, 3]", "data_subjects[1]")])
def test_data_subjects_of_the_wrong_shape(tmp_path: Path, value: str, where: str) -> None:
    found = findings(tmp_path, MINIMAL + PROCESSING + (
        f"      - {{purpose: X, data: Y, data_subjects: {value}, partners: [alpha, beta], "
        "role: processor}\n"))
    paths = {format_path(f.path) for f in found if f.level is Level.ERROR}
    assert f"clauses.data_protection.processing[0].{where}" in paths


def test_sub_processor_approval_values(tmp_path: Path) -> None:
    found = findings(tmp_path, MINIMAL + "clauses:\n  data_protection:\n"
                     "    sub_processor_approval: generell\n")
    [error] = [f for f in found if f.level is Level.ERROR]
    assert format_path(error.path) == "clauses.data_protection.sub_processor_approval"
    assert "must be one of general, specific; found 'generell'; did you mean 'general'?" in (
        error.message)
    meta = load_schema("cooperation")["clauses"]["schema"]["data_protection"]["schema"][
        "sub_processor_approval"]["meta"]
    assert meta["assumption"]["de"] == "Genehmigung von Unterauftragsverarbeitern"
