"""The draft's open points: blanks with their keys, assumed values with their words and units,
conditions on assumptions, and values a module's text proposes (``assumes``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from coopdocs.clauses.library import load_library
from coopdocs.compose.open_points import Blanks, _applies, _show
from coopdocs.fmt import Formatter
from coopdocs.resources import resource_dir
from coopdocs.wording import load_terms
from tests.conftest import MINIMAL, WriteYaml
from tests.support.agreement import assumed, open_points

TERMS = {lang: load_terms(resource_dir("templates") / "terms.yaml", lang) for lang in ("de", "en")}


@pytest.mark.parametrize(("value", "meta", "language", "shown"), [
    (3, {"assumption": {"unit": "months"}}, "de", "3 Monate"),
    (1, {"assumption": {"unit": "months"}}, "de", "1 Monat"),
    (1, {"assumption": {"unit": "years"}}, "en", "1 year"),
    (3, {"assumption": {"unit": "working_days"}}, "de", "3 Arbeitstage"),
    (20000, {"assumption": {"unit": "money"}}, "de", "20.000,00\u00a0€"),
    (True, {"assumption": {}}, "de", "ja"),
    (False, {"assumption": {}}, "en", "no"),
    (None, {"assumption": {}}, "de", "keine"),
    ("quarter_end", {"assumption": {}, "values": {"quarter_end": {"de": "zum Quartalsende",
                                                                  "en": "quarter end"}}},
     "de", "zum Quartalsende"),
    ("TLS 1.2+", {"assumption": {}}, "de", "TLS 1.2+"),
    (["a", "b"], {"assumption": {}}, "de", "a und b"),
    (None, {"assumption": {}, "values": {None: {"de": "das Fünffache", "en": "five times"}}},
     "de", "das Fünffache"),
])
def test_a_value_is_shown_in_words_with_its_unit(value: Any, meta: dict[str, Any],
                                                 language: str, shown: str) -> None:
    assert _show(value, meta, TERMS[language], Formatter(language)) == shown


def test_conditions_name_siblings_or_paths_from_the_top() -> None:
    data = {"legal_nature": "internal_partnership", "governance": {"escalation": []},
            "clauses": {"dispute": {"final": "court", "arbitrators": 1}}}
    path = ("clauses", "dispute", "arbitrators")
    assert not _applies({"if": {"final": "arbitration"}}, data, path)
    assert _applies({"if": {"final": "court"}}, data, path)
    assert _applies({"if": {"governance.escalation": []}}, data, path)
    assert _applies({"if": {"/legal_nature": "internal_partnership"}}, data, path)
    assert not _applies({"if": {"/legal_nature": "coordination"}}, data, path)
    assert _applies({"given": ["final"]}, data, path)
    assert not _applies({"given": ["penalty"]}, data, path)


def test_a_blank_key_is_relative_to_the_item_and_numbers_are_indexes() -> None:
    blanks = Blanks()
    env = Environment()
    env.globals["blank"] = blanks.function()
    env.from_string('{{ blank("quality.audit_days", "Audit") }}').render(
        item_path=("activities", 2))
    env.from_string('{{ blank("clauses.data_protection.processing.0.data_subjects", "B") }}'
                    ).render()
    assert [b.key for b in blanks.items] == [
        ("activities", 2, "quality", "audit_days"),
        ("clauses", "data_protection", "processing", 0, "data_subjects")]


def test_a_value_a_module_proposes_is_listed_with_where_to_change_it(
        write_yaml: WriteYaml, tmp_path: Path) -> None:
    own = tmp_path / "own"
    shutil.copytree(resource_dir("clauses") / "evaluation", own / "evaluation")
    meta = own / "evaluation" / "module.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + (
        "assumes:\n  - what: {de: Abstand der Berichte, en: Report interval}\n"
        "    value: {de: 12 Monate, en: 12 months}\n"
        "  - what: {de: 'Frist, die der Text nicht nennt', en: A period the text does not state}\n"
        "    value: {de: 45 Tage, en: 45 days}\n"), encoding="utf-8")
    rows = open_points(write_yaml(MINIMAL), library=load_library(own))
    [row] = [r for r in rows if "Abstand der Berichte" in r]
    assert row[1].startswith("§ ") and row[3] == "12 Monate"
    # a value only a variant of the text states is not listed where that variant is not used
    assert not [r for r in rows if "Frist, die der Text nicht nennt" in r]
    assert row[4] == "Klauseltext „evaluation“ (eigene Fassung mit --clauses)"


def test_a_value_without_effect_is_not_listed(write_yaml: WriteYaml) -> None:
    keys = assumed(write_yaml(MINIMAL))
    assert "clauses.dispute.final" in keys
    assert "clauses.dispute.arbitrators" not in keys  # only with arbitration
