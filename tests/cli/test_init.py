"""coopdocs init --answers: a four-shop cooperation from an answers file, written and built.

The file ``coopdocs init`` writes must validate without errors and build an agreement; a second
run never overwrites it without --force; a missing or bad answer is an error at its key.
"""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from coopdocs.cli import main
from tests.support.agreement import blank_places

# A bakery, a café, a bookshop and a flower shop with a shared customer card (issue 19).
FOUR_SHOPS = """\
language: de
title: Kundenkarte Altstadt
background: >-
  Die Kundschaft kauft in mehreren Geschäften der Altstadt ein, wird aber von keinem gebunden.
purpose: >-
  Eine gemeinsame Kundenkarte, mit der Kundinnen und Kunden in allen vier Geschäften Punkte
  sammeln und einlösen.
excluded: [Gemeinsamer Einkauf, Absprachen über Preise]
kind: lateral
partners:
  - name: Bäckerei Korn GmbH
    legal_form: GmbH
    id: baeckerei
    register: Amtsgericht Charlottenburg, HRB 123456 B
    representative: {name: Anna Korn, function: Geschäftsführerin}
    address: {street: Hauptstraße 1, postal_code: "10115", city: Berlin}
    contact: {name: Anna Korn, email: anna@korn.example}
    tasks: [Ausgabe der Karten, Pflege der Kundendatenbank]
    competitor_of: [cafe]
  - name: Café Bohne e.K.
    legal_form: e.K.
    id: cafe
    register: Amtsgericht Charlottenburg, HRA 4711
    representative: {name: Bea Bohne, function: Inhaberin}
    address: {street: Hauptstraße 3, postal_code: "10115", city: Berlin}
  - name: Buchhandlung Seite
    legal_form: Einzelunternehmen
    id: buch
    merchant: false
    representative: {name: Carl Seite}
    address: {street: Hauptstraße 5, postal_code: "10115", city: Berlin}
  - name: Blumen Flora GbR
    legal_form: GbR
    id: blumen
    address: {street: Hauptstraße 7, postal_code: "10115", city: Berlin}
coordinator: baeckerei
market_share_percent: 2
activities:
  - type: joint_marketing
    description: Gemeinsame Kundenkarte, mit der die Kundschaft in allen Geschäften Punkte sammelt
    brand: {name: Altstadt-Karte, owner: baeckerei}
  - type: shared_platform
    operator: baeckerei
    components: [Kartenterminals, Kunden-App]
governance:
  steering_committee: {meetings_per_year: 4}
goals:
  - description: 500 Karteninhaber im ersten Jahr
    deadline: 2027-03-31
    owner: baeckerei
    kpi: {name: Karteninhaber, unit: Personen, target: 500, tolerance: [400, 800]}
date: 2026-03-01
term: {start: 2026-04-01, minimum_months: 12}
evaluation: {first_due: 2027-04-15}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def init(folder: Path, answers: str, *more: str) -> tuple[int, str, str]:
    file = folder.parent / f"{folder.name}-answers.yaml"
    file.write_text(textwrap.dedent(answers), encoding="utf-8")
    return invoke("init", str(folder), "--answers", str(file), *more)


def test_the_four_shops_validate_and_build(tmp_path: Path) -> None:
    folder = tmp_path / "kundenkarte"
    code, stdout, stderr = init(folder, FOUR_SHOPS)
    assert code == 0, stderr
    written = folder / "cooperation.yaml"
    assert stdout.splitlines() == [str(written), str(folder / "cooperation.schema.json")]
    assert f"coopdocs validate {written}" in stderr  # the next steps
    assert "Offene Punkte und Annahmen" in stderr
    assert written.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=cooperation.schema.json\n")

    code, _, stderr = invoke("validate", str(written))
    assert code == 0
    assert stderr.splitlines()[-1].startswith("0 errors")

    code, stdout, stderr = invoke("agreement", str(written), "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    [built] = [Path(line) for line in stdout.splitlines()]
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    for name in ("Bäckerei Korn GmbH", "Café Bohne e.K.", "Buchhandlung Seite",
                 "Blumen Flora GbR", "Altstadt-Karte"):
        assert name in text


def test_the_file_holds_the_answers_where_the_format_wants_them(tmp_path: Path) -> None:
    assert init(tmp_path / "k", FOUR_SHOPS)[0] == 0
    data = yaml.safe_load((tmp_path / "k" / "cooperation.yaml").read_text(encoding="utf-8"))
    baeckerei, cafe, buch, blumen = data["partners"]
    assert baeckerei["role"] == "coordinator"
    assert baeckerei["represented_by"] == [{"name": "Anna Korn",
                                            "function": "Geschäftsführerin"}]
    assert buch["represented_by"] == [{"name": "Carl Seite", "function": "Inhaber"}]
    assert baeckerei["address"]["postal_code"] == "10115"
    assert "register" not in buch and blumen["merchant"] is False
    assert "merchant" not in cafe  # an e.K. is a merchant by its form: nobody asked
    assert [a["type"] for a in data["activities"]] == ["joint_marketing", "shared_platform"]
    # the bakery and the café compete: the marketing states the market share for the assessment
    assert data["activities"][0]["competition"] == {"market_share_percent": 2}
    assert data["goals"] == [{"id": "g1", "description": "500 Karteninhaber im ersten Jahr",
                              "kpi": "karteninhaber", "deadline": datetime.date(2027, 3, 31),
                              "owner": "baeckerei"}]
    assert data["kpis"][0]["tolerance"] == [400, 800]
    assert data["clauses"] == {"competition_law": {"market_share_percent": 2}}


def test_what_was_not_asked_is_an_open_point_of_the_draft(tmp_path: Path) -> None:
    assert init(tmp_path / "k", FOUR_SHOPS)[0] == 0
    written = tmp_path / "k" / "cooperation.yaml"
    text = written.read_text(encoding="utf-8")
    # the flower shop has no signatory yet: the comment says so, the draft lists it as a blank
    assert "# Blumen Flora GbR – still open, shown as [●] in the draft: represented_by" in text
    assert "partners[3].represented_by" in blank_places(written)


@pytest.mark.parametrize(("activity", "extra"), [
    ("{type: joint_purchasing, categories: [Mehl, Kaffee]}", ""),
    ("{type: joint_sales, mode: referral, commission: {rate_percent: 5}}", ""),
    ("{type: joint_sales, mode: joint_catalogue, necessity: {case_group: capacity_bound, "
     "rationale: Keiner hat die Kapazität allein.}}", ""),
    ("{type: shared_resources, resources: [{name: Laden Hauptstraße 3, kind: premises, "
     "holder: cafe, legal_basis: lease}]}", ""),
    ("{type: supply, supplier: baeckerei, buyer: cafe, goods: Brot und Brötchen}", ""),
    ("{type: joint_development, results_ownership: creator}", ""),
    ("{type: joint_marketing}", ""),
    ("{type: shared_platform, operator: buch}", ""),
    ("{type: joint_purchasing}", "competitors"),
    ("{type: joint_development}", "competitors"),
])
def test_every_activity_type_gives_a_valid_file(tmp_path: Path, activity: str,
                                                extra: str) -> None:
    answers = FOUR_SHOPS[:FOUR_SHOPS.index("activities:")] + f"activities:\n  - {activity}\n" \
        + FOUR_SHOPS[FOUR_SHOPS.index("governance:"):]
    if not extra:
        answers = answers.replace("    competitor_of: [cafe]\n", "").replace(
            "market_share_percent: 2\n", "")
    code, _, stderr = init(tmp_path / "k", answers)
    assert code == 0, stderr
    code, _, stderr = invoke("validate", str(tmp_path / "k" / "cooperation.yaml"))
    assert code == 0, stderr
    assert ": error:" not in stderr


def test_an_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    folder.mkdir()
    existing = folder / "cooperation.yaml"
    existing.write_text("# my own work\n", encoding="utf-8")
    code, stdout, stderr = init(folder, FOUR_SHOPS)
    assert code == 1
    assert stdout == ""
    assert stderr == (f"{existing}: error: cooperation.yaml exists already; nothing was "
                      "written\n  hint: use --force to overwrite it, or choose another folder\n")
    assert existing.read_text(encoding="utf-8") == "# my own work\n"
    assert not (folder / "cooperation.schema.json").exists()

    code, _, stderr = init(folder, FOUR_SHOPS, "--force")
    assert code == 0, stderr
    assert existing.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_a_missing_required_answer_is_an_error_naming_its_key(tmp_path: Path) -> None:
    answers = FOUR_SHOPS.replace("    legal_form: GbR\n", "")
    code, stdout, stderr = init(tmp_path / "k", answers)
    assert code == 1
    assert stdout == ""
    file = tmp_path / "k-answers.yaml"
    line = answers.splitlines().index("  - name: Blumen Flora GbR") + 1
    assert stderr.splitlines() == [
        f"{file}:{line}:5: error: partners[3].legal_form: missing answer (Legal form of "
        "Blumen Flora GbR)"]
    assert not (tmp_path / "k").exists()


def test_a_bad_answer_is_an_error_at_its_key(tmp_path: Path) -> None:
    answers = FOUR_SHOPS.replace('postal_code: "10115", city: Berlin}\n  - name: Blumen',
                                 'postal_code: 10115, city: Berlin}\n  - name: Blumen', 1)
    code, _, stderr = init(tmp_path / "k", answers)
    assert code == 1
    assert stderr.endswith("error: partners[2].address.postal_code: a postal code is text: put "
                           "it in quotes, e.g. \"01067\"\n")


def test_an_answer_no_question_asks_for_is_a_warning(tmp_path: Path) -> None:
    answers = FOUR_SHOPS.replace("    legal_form: GbR\n", "    legal_form: GbR\n    registr: x\n")
    code, _, stderr = init(tmp_path / "k", answers)
    assert code == 0, stderr
    assert "warning: partners[3].registr: no question asks for this answer, so it is not used" \
        in stderr
