"""The editors' hover texts speak the interface language: `coopdocs --lang de schema` is German.

The descriptions of the keys are written in English in schemas/*.yaml; tools/i18n.py collects
them into the catalog and `coopdocs schema` (and `coopdocs init`, which writes the schema beside
a new cooperation.yaml) translates them. The README's format reference stays English.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coopdocs.check.json_schema import KINDS
from coopdocs.check.schema import load_schema
from coopdocs.cli import main
from tests.cli.test_init import FOUR_SHOPS
from tools.i18n import schema_descriptions, template
from tools.reference import format_reference


def schema(kind: str, lang: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["--lang", lang, "schema", kind])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout_bytes)
    return loaded


def descriptions(node: object) -> list[str]:
    """Every ``description`` of a JSON Schema, in document order."""
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [text for value in node.values() for text in descriptions(value)]
    if isinstance(node, list):
        return [text for item in node for text in descriptions(item)]
    return []


def test_german_hover_texts_for_a_german_interface() -> None:
    properties = schema("cooperation", "de")["properties"]
    term = properties["term"]["properties"]
    assert term["notice_months"]["description"] == (
        "Kündigungsfrist für die ordentliche Kündigung, in Monaten (1 bis 60).")
    assert term["minimum_months"]["description"].startswith("Mindestlaufzeit in Monaten")
    partner = properties["partners"]["items"]["properties"]
    assert partner["contact"]["description"].startswith(
        "Ansprechpartner für die Kooperation; Mitteilungen gehen an diese Person")
    processing = properties["clauses"]["properties"]["data_protection"]["properties"][
        "processing"]["items"]["properties"]
    assert "Art. 28 Abs. 3 DSGVO" in processing["data_subjects"]["description"]
    assert schema("evaluation", "de")["properties"]["measures"]["items"]["properties"][
        "change"]["properties"]["remove_partner"]["anyOf"][1]["properties"]["settlement"][
        "description"].startswith("Wie das laufende Geschäftsjahr")


def test_the_english_interface_keeps_the_texts_of_the_schemas() -> None:
    properties = schema("cooperation", "en")["properties"]
    assert properties["term"]["properties"]["notice_months"]["description"] == (
        load_schema("cooperation")["term"]["schema"]["notice_months"]["meta"]["description"])
    assert schema("network", "en")["description"].startswith("A network of cooperations")
    assert "Kündigungsfrist" not in format_reference("cooperation")  # the README stays English


@pytest.mark.parametrize("kind", KINDS)
def test_every_description_is_german_and_the_rest_is_unchanged(kind: str) -> None:
    english, german = schema(kind, "en"), schema(kind, "de")
    texts = list(zip(descriptions(english), descriptions(german), strict=True))
    assert texts and {en for en, de in texts if en == de} <= {"Name."}  # the same in German

    def without(node: object) -> object:
        if isinstance(node, dict):
            return {key: without(value) for key, value in node.items() if key != "description"}
        if isinstance(node, list):
            return [without(item) for item in node]
        return node

    assert without(english) == without(german)
    assert schema(kind, "de") == german  # the same every time


def test_every_description_is_in_the_catalog_template() -> None:
    collected = {message.id for message in template()}
    assert set(schema_descriptions()) <= collected
    assert "Notice period for ordinary termination, in months (1 to 60)." in collected
    assert "A cooperation of companies: partners, activities, goals, governance and the " \
           "options of the agreement's clauses." in collected


def test_init_writes_the_schema_in_the_interface_language(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(textwrap.dedent(FOUR_SHOPS), encoding="utf-8")
    folder = tmp_path / "kundenkarte"
    result = CliRunner().invoke(main, ["--lang", "de", "init", str(folder), "--answers",
                                       str(answers)])
    assert result.exit_code == 0, result.output
    written = json.loads((folder / "cooperation.schema.json").read_bytes())
    assert written == schema("cooperation", "de")
    assert written["properties"]["term"]["properties"]["notice_months"]["description"] \
        .startswith("Kündigungsfrist")
