"""`coopdocs schema`: the JSON Schema that editors check YAML with, generated from cerberus.

Every sample validates with jsonschema; the structural mistakes are refused by jsonschema and by
`coopdocs validate` alike, at the same key paths; the places where JSON cannot tell what YAML
can (a date from its text, 1.0 from 1) are pinned, so that the README's list stays true.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cerberus
import pytest
import regress
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from coopdocs.check import json_schema as module
from coopdocs.check.json_schema import KINDS, ecma_pattern, json_schema, render
from coopdocs.check.schema import SLUG
from coopdocs.check.sources import load
from coopdocs.check.validate import detect_kind
from coopdocs.cli import main
from coopdocs.errors import KeyPath
from tests.conftest import MINIMAL, ROOT
from tests.support.verdicts import as_json, compared, coopdocs_errors, json_errors, validator

SAMPLES = sorted((ROOT / "samples").rglob("*.yaml"))

EVALUATION = """\
format: 1
cooperation: mini
number: 1
period: {start: 2026-04-01, end: 2026-09-30}
date: 2026-10-15
ratings:
  win_win: {alpha: 4, beta: 3}
trust:
  alpha: {beta: {competence: 4, integrity: 5, benevolence: 4}}
kpis: {volume: 95}
goals: {g1: partial}
milestones: {m1: {status: done, date: 2026-09-01}}
measures:
  - id: m-1
    text: Lieferanten erweitern
    owner: alpha
    due: 2027-01-31
  - id: m-2
    change: {remove_partner: {id: beta, effective: 2026-12-31, reason: mutual}}
"""

NETWORK = """\
format: 1
network: {id: netz, name: Netzwerk Nord}
cooperations:
  - cooperation: a/cooperation.yaml
    evaluations: [a/evaluation-1.yaml]
"""

TEXTS = {"cooperation": MINIMAL, "evaluation": EVALUATION, "network": NETWORK}

# (kind, what is changed: old → new, the key paths with an error)
BAD: dict[str, tuple[str, str, str, set[KeyPath]]] = {
    "unknown key": ("cooperation", "title:", "titel:", {("title",), ("titel",)}),
    "unknown nested key": ("cooperation", "    legal_form: KG", "    legal_fom: KG",
                           {("partners", 1, "legal_form"), ("partners", 1, "legal_fom")}),
    "wrong type": ("cooperation", 'postal_code: "10115"', "postal_code: 10115",
                   {("partners", 0, "address", "postal_code")}),
    "a list where a mapping belongs": ("cooperation", "address: {street: Hauptstraße 1, "
                                       'postal_code: "10115", city: Berlin}', "address: []",
                                       {("partners", 0, "address")}),
    "true where a number belongs": ("cooperation", "purpose:", "term: {notice_months: true}\n"
                                    "purpose:", {("term", "notice_months")}),
    "missing required key": ("cooperation", "purpose: Gemeinsamer Einkauf von "
                             "Verpackungsmaterial.\n", "", {("purpose",)}),
    "empty value": ("cooperation", "purpose: Gemeinsamer Einkauf von Verpackungsmaterial.",
                    "purpose:", {("purpose",)}),
    "empty text": ("cooperation", "title: Mini-Kooperation", 'title: ""', {("title",)}),
    "value not allowed": ("cooperation", "purpose:", "kind: vertikal\npurpose:", {("kind",)}),
    "value not allowed in a list": ("cooperation", "purpose:", "fields: [einkauf]\npurpose:",
                                    {("fields", 0)}),
    "bad id pattern": ("cooperation", "id: mini", "id: Mini Kooperation", {("id",)}),
    "id with a line break at its end": ("cooperation", "id: mini", 'id: "mini\\n"', {("id",)}),
    "reserved device name as id": ("cooperation", "id: mini", "id: con", {("id",)}),
    "bad pattern of a text": ("cooperation", "purpose:", "currency: euro\npurpose:",
                              {("currency",)}),
    "number out of range": ("cooperation", "purpose:", "term: {notice_months: 61}\npurpose:",
                            {("term", "notice_months")}),
    "text too long": ("cooperation", "title: Mini-Kooperation", "title: " + "x" * 201,
                      {("title",)}),
    "too few entries": ("cooperation", "purpose:", "kpis: [{id: k, name: K, target: 1, "
                        "tolerance: [1]}]\npurpose:", {("kpis", 0, "tolerance")}),
    "a date that is a text": ("cooperation", "date: 2026-03-01", "date: im März", {("date",)}),
    "a timestamp for a date": ("cooperation", "date: 2026-03-01", "date: 2026-03-01T10:00:00",
                               {("date",)}),
    "bad key of a mapping": ("evaluation", "win_win:", "winwin:", {("ratings", "winwin")}),
    "bad id as a key": ("evaluation", "kpis: {volume: 95}", "kpis: {Volume: 95}",
                        {("kpis", "Volume")}),
    "score out of range": ("evaluation", "win_win: {alpha: 4", "win_win: {alpha: 11",
                           {("ratings", "win_win", "alpha")}),
    "status not allowed": ("evaluation", "status: done", "status: fertig",
                           {("milestones", "m1", "status")}),
    "no alternative fits": ("evaluation", "reason: mutual", "grund: mutual",
                            {("measures", 1, "change", "remove_partner")}),
    "evaluation without its period": ("evaluation", "period: {start: 2026-04-01, end: "
                                      "2026-09-30}\n", "", {("period",)}),
    "network: unknown key": ("network", "evaluations:", "evaluation:",
                             {("cooperations", 0, "evaluation")}),
    "network: no cooperations": ("network", "cooperations:\n  - cooperation: a/cooperation.yaml"
                                 "\n    evaluations: [a/evaluation-1.yaml]\n", "cooperations: []"
                                 "\n", {("cooperations",)}),
}


def parsed(text: str, tmp_path: Path, name: str = "input.yaml") -> Any:
    """The data of ``text`` as coopdocs reads it (positions and limits included)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path).data


def bad_text(case: str) -> tuple[str, str]:
    kind, old, new, _ = BAD[case]
    assert TEXTS[kind].count(old) == 1, case
    return kind, TEXTS[kind].replace(old, new)


def patterns(node: Any) -> list[str]:
    """Every ``pattern`` in a JSON Schema."""
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for key, value in node.items() if key != "enum" for p in patterns(value)]
    if isinstance(node, list):
        return [p for item in node for p in patterns(item)]
    return []


def subschemas(node: Any) -> list[dict[str, Any]]:
    """Every schema object under ``properties`` (the keys an editor completes)."""
    if isinstance(node, dict):
        found = list(node.get("properties", {}).values())
        return found + [s for key, value in node.items() if key != "enum"
                        for s in subschemas(value)]
    if isinstance(node, list):
        return [s for item in node for s in subschemas(item)]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:coopdocs:schema:{kind}:1"
    assert schema["additionalProperties"] is False
    assert "format" in schema["required"]


KEYWORDS = {"$schema", "$id", "$comment", "title", "description", "default", "type", "format",
            "enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
            "maxItems", "minProperties", "properties", "required", "additionalProperties",
            "propertyNames", "items", "anyOf", "not"}


def keywords(schema: dict[str, Any]) -> set[str]:
    """Every keyword used in a JSON Schema (the names of its properties are no keywords)."""
    found = set(schema)
    inner = [*schema.get("properties", {}).values(), *schema.get("anyOf", [])]
    inner += [schema[key] for key in ("items", "propertyNames", "additionalProperties", "not")
              if isinstance(schema.get(key), dict)]
    return found.union(*(keywords(s) for s in inner))


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_is_described_and_meta_stays_out(kind: str) -> None:
    schema = json_schema(kind)
    assert all(s.get("description") for s in subschemas(schema))
    assert keywords(schema) <= KEYWORDS
    assert "Kündigungsfrist" not in render(kind).decode()  # a label of meta.assumption


def test_keys_keep_the_order_of_the_cerberus_schema() -> None:
    schema = json_schema("cooperation")
    assert list(schema["properties"])[:5] == ["format", "id", "title", "language", "date"]
    partner = schema["properties"]["partners"]["items"]
    assert list(partner["properties"])[:3] == ["id", "name", "short_name"]
    assert partner["required"] == ["id", "name", "legal_form", "address"]


def test_rules_map_to_their_keywords() -> None:
    properties = json_schema("cooperation")["properties"]
    assert properties["format"] == {
        "description": "Format version of this file. Only 1 exists.",
        "maximum": 1, "minimum": 1, "type": "integer"}
    assert properties["date"]["type"] == "string"
    assert properties["date"]["format"] == "date"
    assert properties["title"]["minLength"] == 1
    assert properties["title"]["maxLength"] == 200
    # a key with a default may be left empty: cerberus puts the default in its place
    assert properties["language"]["enum"] == ["de", "en", None]
    assert properties["language"]["default"] == "de"
    assert properties["fields"]["items"]["enum"][:2] == ["purchasing", "sales"]
    weights = properties["governance"]["properties"]["decisions"]["properties"]["weights"]
    assert weights["propertyNames"]["pattern"] == ecma_pattern(SLUG.pattern)
    assert weights["additionalProperties"] == {"maximum": 100, "minimum": 0, "type": "number"}
    quorum = properties["governance"]["properties"]["decisions"]["properties"]["quorum_percent"]
    assert quorum["type"] == ["number", "null"]
    subjects = (properties["clauses"]["properties"]["data_protection"]["properties"]
                ["processing"]["items"]["properties"]["data_subjects"])
    assert [member["type"] for member in subjects["anyOf"]] == ["string", "array"]


def test_every_pattern_is_ecma_262_and_matches_the_whole_text() -> None:
    found = {p for kind in KINDS for p in patterns(json_schema(kind))}
    assert len(found) >= 5
    for pattern in found:
        regress.Regex(pattern, "u")  # raises on what ECMA-262 (the editors' dialect) refuses
    slug = regress.Regex(ecma_pattern(SLUG.pattern), "u")
    for text, ok in [("alpha", True), ("con-1", True), ("a" * 64, True), ("con", False),
                     ("a" * 65, False), ("alpha\n", False), (" alpha", False), ("Alpha", False)]:
        assert (slug.find(text) is not None) is ok, text
        assert json_errors("network", {"format": 1, "network": {"id": text, "name": "N"},
                                       "cooperations": [{"cooperation": "c.yaml"}]}
                           ) == (set() if ok else {("network", "id")}), text


@pytest.mark.parametrize("path", SAMPLES, ids=[str(p.relative_to(ROOT)) for p in SAMPLES])
def test_every_sample_validates(path: Path) -> None:
    data = load(path).data
    kind = detect_kind(data)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(kind).iter_errors(as_json(data))]
    assert errors == []
    assert coopdocs_errors(kind, data) == set()


def test_the_samples_are_all_there() -> None:
    names = [str(p.relative_to(ROOT / "samples")) for p in SAMPLES]
    assert "network/network.yaml" in names
    assert "network/cooperations/datenplattform/evaluation-2.yaml" in names
    assert sum(name.endswith("cooperation.yaml") for name in names) == 11
    assert {detect_kind(load(p).data) for p in SAMPLES} == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_unchanged_texts_validate(kind: str, tmp_path: Path) -> None:
    assert compared(kind, parsed(TEXTS[kind], tmp_path)) == (set(), set())


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_structural_mistakes_are_refused_by_both_at_the_same_keys(
        case: str, tmp_path: Path) -> None:
    kind, text = bad_text(case)
    theirs, ours = compared(kind, parsed(text, tmp_path))
    assert theirs == ours == BAD[case][3]


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_coopdocs_validate_refuses_them_too(case: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    kind, text = bad_text(case)
    (tmp_path / f"{kind}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", f"{kind}.yaml"])
    assert result.exit_code == 1, result.stderr
    assert " error: " in result.stderr


def test_an_empty_key_with_a_default_is_taken_by_both(tmp_path: Path) -> None:
    text = MINIMAL + "language:\nterm:\nfields:\n"
    assert compared("cooperation", parsed(text, tmp_path)) == (set(), set())


# What JSON cannot tell apart: the editor's verdict and coopdocs' differ here, and only here.
BLIND = {
    "a date in quotes": ('date: "2026-03-01"', ("date",)),
    "a date where a text belongs": ("title: 2026-03-01", ("title",)),
    "a whole float where an integer belongs": ("term: {notice_months: 3.0}",
                                               ("term", "notice_months")),
}


@pytest.mark.parametrize("case", BLIND, ids=list(BLIND))
def test_what_json_cannot_tell_is_refused_by_coopdocs_only(case: str, tmp_path: Path) -> None:
    line, path = BLIND[case]
    key = line.split(":")[0]
    lines = [row for row in MINIMAL.splitlines() if not row.startswith(f"{key}:")]
    data = parsed("\n".join([*lines, line]) + "\n", tmp_path)
    assert json_errors("cooperation", data) == set()
    assert coopdocs_errors("cooperation", data) == {path}
    assert compared("cooperation", data) == (set(), set())


def test_a_rule_without_a_counterpart_stops_the_generator(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "load_schema",
                        lambda kind: {"x": {"type": "string", "coerce": "int"}})
    with pytest.raises(ValueError, match="'coerce'"):
        json_schema("network")
    monkeypatch.setattr(module, "load_schema", lambda kind: {"x": {"type": "set"}})
    with pytest.raises(ValueError, match="'set'"):
        json_schema("network")


def test_the_pattern_reads_the_end_as_python_fullmatch_does() -> None:
    assert ecma_pattern("[A-Z]{3}") == r"^(?:[A-Z]{3})(?![\s\S])"
    assert ecma_pattern(r"(?!x\Z)y") == r"^(?:(?!x(?![\s\S]))y)(?![\s\S])"
    assert ecma_pattern(r"a\\Z") == r"^(?:a\\Z)(?![\s\S])"  # a backslash, then Z


# --- the command -------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["schema", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_schema_prints_the_cooperation_schema_by_default() -> None:
    code, out, err = run()
    assert (code, err) == (0, "")
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema == json_schema("cooperation")
    assert out == render("cooperation")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_prints_each_kind_the_same_every_time(kind: str) -> None:
    first, second = run(kind), run(kind)
    assert first == second
    assert first[0] == 0
    assert json.loads(first[1])["$id"] == f"urn:coopdocs:schema:{kind}:1"
    assert first[1].endswith(b"}\n")
    assert "Kündigungsfrist".encode() not in first[1]


def test_schema_writes_a_file_and_prints_its_path(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("evaluation", "-o", "editor/evaluation.schema.json")
    assert (code, err) == (0, "")
    assert out.decode().splitlines() == [str(Path("editor/evaluation.schema.json"))]
    written = tmp_path / "editor" / "evaluation.schema.json"
    assert written.read_bytes() == render("evaluation")
    assert [p.name for p in written.parent.iterdir()] == ["evaluation.schema.json"]
    written.write_text("old", encoding="utf-8")
    assert run("evaluation", "-o", str(written))[0] == 0
    assert written.read_bytes() == render("evaluation")


def test_schema_names_the_kinds_it_knows() -> None:
    code, _, err = run("agreement")
    assert code == 2
    assert "'agreement' is not one of 'cooperation', 'evaluation', 'network'" in err


def test_schema_says_why_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = run("-o", str(tmp_path / "file" / "cooperation.schema.json"))
    assert code == 1
    assert "cannot create the output folder" in err


def test_a_yaml_file_naming_the_written_schema_is_checked_with_it(tmp_path: Path) -> None:
    """The pair `init` writes: cooperation.yaml naming cooperation.schema.json beside it."""
    schema_file = tmp_path / "cooperation.schema.json"
    assert CliRunner().invoke(main, ["schema", "-o", str(schema_file)]).exit_code == 0
    text = "# yaml-language-server: $schema=cooperation.schema.json\n" + MINIMAL
    named = text.splitlines()[0].split("$schema=")[1]
    schema = json.loads((tmp_path / named).read_text(encoding="utf-8"))
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(checker.iter_errors(as_json(yaml.safe_load(text)))) == []
    assert not checker.is_valid(as_json(yaml.safe_load(text.replace("title:", "titel:"))))


def test_a_required_key_with_a_default_is_never_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = {"x": {"type": "string", "required": True, "default": "a"},
             "y": {"type": "string", "required": True}}
    assert cerberus.Validator(rules).validate({"y": "b"})  # cerberus fills x in first
    monkeypatch.setattr(module, "load_schema", lambda kind: rules)
    assert json_schema("network")["required"] == ["y"]


def test_inside_an_alternative_no_default_is_filled_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """cerberus does not normalize inside ``anyof``: there a key with a default is required
    when it is required, and an empty value stays empty."""
    rules = {"x": {"anyof": [{"type": "string"}, {"type": "dict", "schema": {
        "a": {"type": "string", "default": "d"},
        "b": {"type": "string", "required": True, "default": "e"}}}]}}
    checker = cerberus.Validator(rules)
    monkeypatch.setattr(module, "load_schema", lambda kind: rules)
    schema = Draft202012Validator(json_schema("network"))
    for document in [{"x": {}}, {"x": {"b": "v", "a": None}}, {"x": {"b": "v"}}, {"x": "t"}]:
        assert schema.is_valid(document) is checker.validate(document), document
