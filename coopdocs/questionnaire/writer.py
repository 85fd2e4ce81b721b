"""The cooperation → the text of a commented ``cooperation.yaml``.

The file is meant to be read and completed by a network manager, so it is grouped by the steps
of the questionnaire, each group under a comment that says what belongs there, and each partner
and activity names what is still open (the draft shows those details as [●]). The comments are
in the language coopdocs speaks to the user. The first line points editors with the YAML
language server (VS Code) to the JSON Schema, for completion and checking as one types.

The values are written by PyYAML's safe dumper, so quoting is always right (a postal code
stays text); texts with line breaks are written as literal blocks, long ones folded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from coopdocs.i18n import N_, _, translated
from coopdocs.model.cooperation import is_registered_form

WIDTH = 100
# Texts a YAML 1.2 reader (an editor) would take for a number: a postal code, a phone number.
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9 .,_:+-]*")

# Top-level keys in the order of the file, each group under its comment.
GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("format", "id", "title", "language", "date"),
     N_("The cooperation: its id (used in file names), short name, language of the documents "
        "and date of the agreement.")),
    (("kind", "background", "purpose", "excluded"),
     N_("Step 1 – Needs: the starting point (preamble), subject and aim of the cooperation, "
        "and what it expressly does not cover.")),
    (("partners",),
     N_("Step 2 – Partners: full legal name as in the register, legal form, address (the "
        "postal code in quotes), who signs (represented_by), the contact for notices. "
        "competitor_of works both ways: naming it on one partner is enough.")),
    (("activities",),
     N_("Step 3 – Structures: what the partners do together. Each activity becomes a § of "
        "the agreement and an annex (Betriebsordnung). Only the key fields were asked: the "
        "draft shows [●] for every other detail and lists it with its key under \"Offene "
        "Punkte und Annahmen\".")),
    (("governance",),
     N_("Steering committee (Lenkungskreis) and decisions; escalation stages, communication "
        "and working groups can be added.")),
    (("goals", "kpis"),
     N_("Step 4 – Business relationship: measurable goals, each with a key figure (KPI), its "
        "target and tolerance band [low, high]; outside the band the partners look for the "
        "cause and agree on measures.")),
    (("term",),
     N_("Term and notice. Without an end the cooperation runs until it is terminated.")),
    (("evaluation",),
     N_("Regular evaluation (step 5 of the Kreislauf): months between rounds and the first "
        "date; \"coopdocs report\" turns each round into an Evaluationsbericht.")),
    (("clauses",),
     N_("Options of the clause modules (\"coopdocs clauses list\" shows them all).")),
)

# What a partner needs for a signing version, by key, with what the comment calls it.
PARTNER_DETAILS = (
    ("register", N_("register court and number")),
    ("represented_by", N_("who signs")),
    ("contact", N_("contact person")),
)


def cooperation_yaml(cooperation: Mapping[str, Any], schema: str | None) -> str:
    """The commented YAML text of ``cooperation``; ``schema`` is the JSON Schema's URI."""
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += _comment(_("Description of the cooperation \"{title}\" for coopdocs, written by "
                        "\"coopdocs init\". Check it with \"coopdocs validate\", build the "
                        "draft agreement with \"coopdocs agreement\".").format(
                            title=cooperation.get("title", "")))
    for keys, comment in GROUPS:
        present = [key for key in keys if key in cooperation]
        if not present:
            continue
        lines += ["", *_comment(translated(comment))]
        for key in present:
            lines += _entry(key, cooperation[key])
    return "\n".join(lines) + "\n"


def _entry(key: str, value: Any) -> list[str]:
    if key == "partners":
        return [f"{key}:", *_items(value, _partner_note)]
    if key == "activities":
        return [f"{key}:", *_items(value, _activity_note)]
    return _dump({key: value})


def _items(items: Sequence[Mapping[str, Any]], note: Any) -> list[str]:
    lines: list[str] = []
    for index, item in enumerate(items):
        if index:
            lines.append("")
        lines += ["  " + line for line in _comment(note(item))]
        lines += ["  " + line for line in _dump([dict(item)])]
    return lines


def _partner_note(partner: Mapping[str, Any]) -> str:
    missing = [f"{key} ({translated(label)})" for key, label in PARTNER_DETAILS
               if key not in partner and (key != "register" or _registered(partner))]
    if not missing:
        return str(partner["name"])
    return _("{name} – still open, shown as [●] in the draft: {keys}").format(
        name=partner["name"], keys=", ".join(missing))


def _registered(partner: Mapping[str, Any]) -> bool:
    """Whether the partner is entered in a register (by its legal form, or as a merchant)."""
    return bool(partner.get("merchant")) or is_registered_form(str(partner["legal_form"]))


def _activity_note(activity: Mapping[str, Any]) -> str:
    return _("{id}: every field of this activity: \"coopdocs clauses show op_{type}\"").format(
        id=activity.get("id", activity["type"]), type=activity["type"])


def _comment(text: str) -> list[str]:
    """``text`` as comment lines of at most WIDTH characters."""
    lines: list[str] = []
    line = "#"
    for word in text.split():
        if len(line) + 1 + len(word) > WIDTH and line != "#":
            lines.append(line)
            line = "#"
        line += " " + word
    return [*lines, line]


class _Dumper(yaml.SafeDumper):
    """Safe dumping as the samples are written.

    List items are indented under their key, the upper levels are in block style, and small
    mappings and lists of plain values stay on one line.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def represent(self, data: Any) -> None:
        node = self.represent_data(data)
        _block(node, 0)
        self.serialize(node)
        self.represented_objects = {}
        self.object_keeper = []
        self.alias_key = None

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """A text in quotes when other YAML readers could take it for a number ("04229")."""
    style: str | None = None
    if "\n" in text:
        style = "|"
    elif _NUMBER_LIKE.fullmatch(text):
        style = '"'
    elif len(text) > WIDTH - 20:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def _block(node: yaml.Node, depth: int) -> None:
    """Block style for the top two levels; a list of mappings there has an item per line."""
    if not isinstance(node, yaml.nodes.CollectionNode) or depth > 1:
        return
    node.flow_style = False
    is_list = isinstance(node, yaml.SequenceNode)
    for child in node.value if is_list else [value for _key, value in node.value]:
        if is_list and isinstance(child, yaml.MappingNode):
            child.flow_style = False
        _block(child, depth + 1)


def _dump(data: Any) -> list[str]:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=WIDTH)
    return text.rstrip("\n").split("\n")
