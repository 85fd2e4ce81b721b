"""A generated corpus of hostile inputs (issue 15): every attack class on every input kind.

Deterministic: each case is made by a ``random.Random`` seeded with its kind, attack and number,
so a failing case has a stable id and is made again by ``case(kind, attack, number)``. Variant
0 of a cell is its most telling example; higher numbers pick other fragments and other places.

A case is a set of files (a cooperation; a cooperation with an evaluation round; a network with
two member cooperations, one with a round) in which one place was attacked, and what the CLI
must do with it: refuse it (exit 1 with located errors), build it, or either, and for network
members fail that member while the others are built.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import gzip
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml

KINDS = ("cooperation", "evaluation", "network")


class Expect(Enum):
    """What the CLI must do with a case."""

    REFUSED = "refused"  # validate and every build exit 1 (a batch: 1, or 4 for a member)
    BUILT = "built"  # validate and every build exit 0
    EITHER = "either"  # refused or built, and validate agrees with the build


@dataclass(frozen=True)
class Case:
    kind: str
    attack: str
    number: int
    what: str  # the variant, for the test id and the failure message
    files: dict[str, bytes]
    expect: Expect
    literal: str | None = None  # a text that a built document must show as written
    attacked: tuple[str, ...] = ()  # the files that differ from the unattacked input

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.attack}-{self.number}-{self.what}"


# --- the inputs attacked ------------------------------------------------------------------------

COOPERATION: dict[str, Any] = yaml.safe_load("""\
format: 1
id: mini
title: Mini-Kooperation
date: 2026-03-01
purpose: Gemeinsamer Einkauf von Verpackungsmaterial.
fields: [purchasing]
legal_nature: coordination
term: {start: 2026-04-01, end: 2028-03-31}
partners:
  - id: alpha
    name: Alpha GmbH
    short_name: Alpha
    legal_form: GmbH
    role: coordinator
    address: {street: Hauptstraße 1, postal_code: "10115", city: Berlin}
    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]
    contributions: [{type: money, description: Startkapital, value: 5000, due: 2026-05-01}]
  - id: beta
    name: Beta KG
    short_name: Beta
    legal_form: KG
    address: {street: Nebenweg 2, postal_code: "20095", city: Hamburg}
    represented_by: [{name: Bernd Beta, function: Geschäftsführer}]
  - id: gamma
    name: Gamma UG
    short_name: Gamma
    legal_form: UG
    address: {street: Gartenweg 3, postal_code: "50667", city: Köln}
    represented_by: [{name: Gisela Gamma, function: Geschäftsführerin}]
goals:
  - {id: g1, description: Einkaufsvolumen bündeln, kpi: volume, deadline: 2027-03-31}
milestones:
  - {id: m1, description: Rahmenvertrag mit dem ersten Lieferanten, due: 2026-09-30}
kpis:
  - {id: volume, name: Gebündeltes Volumen, unit: t, target: 100, tolerance: [90, 120]}
  - {id: savings, name: Einsparung, unit: "%", target: 8, tolerance: [5, 12], better: higher}
activities:
  - id: einkauf
    type: joint_purchasing
    description: Gemeinsamer Einkauf von Verpackungsmaterial
    lead: alpha
    model: framework_direct
    categories: [Kartonagen, Folien]
governance:
  steering_committee: {members_per_partner: 1, meetings_per_year: 4, notice_days: 14}
clauses:
  profit_sharing:
    model: pool
    shares: {alpha: 40, beta: 35, gamma: 25}
  costs:
    model: allocation
    allocation: {alpha: 50, beta: 30, gamma: 20}
""")

ROUND: dict[str, Any] = yaml.safe_load("""\
format: 1
cooperation: mini
number: 1
period: {start: 2026-04-01, end: 2026-09-30}
date: 2026-10-15
ratings:
  win_win: {alpha: 4, beta: 3, gamma: 5}
  schedule: {alpha: 2, beta: 3, gamma: 4}
trust:
  alpha: {beta: {competence: 4, integrity: 4, benevolence: 3}}
  beta: {alpha: {competence: 5, integrity: 3, benevolence: 4}}
kpis: {volume: 95, savings: 4.5}
goals: {g1: partial}
milestones: {m1: {status: done, date: 2026-09-12}}
highlights: [Rahmenvertrag früher als geplant]
difficulties: [Abstimmung der Liefertermine]
measures:
  - id: e1
    text: Lenkungskreis öfter
    owner: alpha
    due: 2026-12-31
    change: {set: governance.steering_committee.meetings_per_year, to: 6}
""")

NETWORK: dict[str, Any] = {
    "format": 1,
    "network": {"id": "netz", "name": "Netzwerk Nord", "coordinator": "Netzbüro GmbH"},
    "cooperations": [{"cooperation": "a/cooperation.yaml", "evaluations": ["a/evaluation-1.yaml"]},
                     {"cooperation": "b/cooperation.yaml"}],
}

# The file each kind's attack goes into by default, and the files of each kind.
TARGETS = {"cooperation": "cooperation.yaml", "evaluation": "evaluation-1.yaml",
           "network": "network.yaml"}


def second_cooperation() -> dict[str, Any]:
    """Member b of the network: the cooperation with its own id and title, and no round."""
    data = copy.deepcopy(COOPERATION)
    data["id"], data["title"] = "zweite", "Zweite Kooperation"
    return data


def base(kind: str, language: str = "de") -> dict[str, Any]:
    """The data of every file of a kind, by name (a fresh copy to attack)."""
    if kind == "cooperation":
        files = {"cooperation.yaml": copy.deepcopy(COOPERATION)}
    elif kind == "evaluation":
        files = {"cooperation.yaml": copy.deepcopy(COOPERATION),
                 "evaluation-1.yaml": copy.deepcopy(ROUND)}
    else:
        files = {"network.yaml": copy.deepcopy(NETWORK),
                 "a/cooperation.yaml": copy.deepcopy(COOPERATION),
                 "a/evaluation-1.yaml": copy.deepcopy(ROUND),
                 "b/cooperation.yaml": second_cooperation()}
    if language != "de":  # documents, file names and chart labels in the other language
        for data in files.values():
            if "partners" in data:
                data["language"] = language
            elif "network" in data:
                data["network"]["language"] = language
    return files


# --- writing data with raw YAML in it ----------------------------------------------------------

@dataclass(frozen=True)
class Raw:
    """YAML text put in as written (an escape, a tag, a number Python would not keep)."""

    text: str


@dataclass
class Files:
    """The data of a case's files, with raw YAML placed in them, and files given as bytes."""

    data: dict[str, Any]
    raw: dict[str, bytes] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, text: str) -> str:
        """A plain scalar that stands for ``text`` until the file is written."""
        name = f"RAWTOKEN{len(self._tokens)}X"
        self._tokens[name] = text
        return name

    def put(self, name: str, path: tuple[Any, ...], value: Any) -> None:
        """Set the value at ``path`` in file ``name`` (a Raw is written as it is)."""
        parent = walk(self.data[name], path[:-1])
        parent[path[-1]] = self.token(value.text) if isinstance(value, Raw) else value

    def put_key(self, name: str, path: tuple[Any, ...], key: Raw, value: Any) -> None:
        """Add the key ``key`` (raw YAML) with ``value`` (or raw) to the mapping at ``path``."""
        raw = self.token(value.text) if isinstance(value, Raw) else value
        walk(self.data[name], path)[self.token(key.text)] = raw

    def written(self) -> dict[str, bytes]:
        files = {name: self._text(data).encode("utf-8") for name, data in self.data.items()}
        return {**files, **self.raw}

    def _text(self, data: Any) -> str:
        text = dump(data)
        for name, raw in self._tokens.items():  # RAWTOKEN1X is no part of RAWTOKEN11X
            text = text.replace(name, raw)
        return text


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**6)


def walk(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def places(data: Any, test: Callable[[Any], bool], prefix: tuple[Any, ...] = ()
           ) -> Iterator[tuple[Any, ...]]:
    """The paths of every value in ``data`` for which ``test`` holds (not the root)."""
    if prefix and test(data):
        yield prefix
    children = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else ()
    for key, child in children:
        yield from places(child, test, (*prefix, key))


def texts(data: Any) -> list[tuple[Any, ...]]:
    return [p for p in places(data, lambda v: isinstance(v, str)) if p[-1] != "format"]


def numbers(data: Any) -> list[tuple[Any, ...]]:
    return list(places(data, lambda v: isinstance(v, int | float) and not isinstance(v, bool)))


def dates(data: Any) -> list[tuple[Any, ...]]:
    return list(places(data, lambda v: isinstance(v, datetime.date)))


def mappings(data: Any) -> list[tuple[Any, ...]]:
    return list(places(data, lambda v: isinstance(v, dict)))


# --- the attacks --------------------------------------------------------------------------------

@dataclass
class Attack:
    """One variant being made: the random source, the files, and the chosen target file."""

    kind: str
    rng: random.Random
    number: int
    files: Files
    target: str

    def pick(self, options: list[Any]) -> Any:
        """Variant 0 takes the first (most telling) option; the others a random one."""
        return options[0] if self.number == 0 else self.rng.choice(options)

    def member(self) -> str:
        """For a network: the network file itself or one of its member files, else the target."""
        if self.kind != "network":
            return self.target
        name: str = self.pick(["network.yaml", "a/cooperation.yaml", "a/evaluation-1.yaml"])
        return name

    def place(self, finder: Callable[[Any], list[tuple[Any, ...]]], name: str | None = None
              ) -> tuple[str, tuple[Any, ...]]:
        name = name or self.target
        found = finder(self.files.data[name])
        return name, found[0] if self.number == 0 else self.rng.choice(found)


Outcome = tuple[str, Expect] | tuple[str, Expect, str | None]
Maker = Callable[[Attack], Outcome]
ATTACKS: dict[str, Maker] = {}


def attack(name: str) -> Callable[[Maker], Maker]:
    def register(maker: Maker) -> Maker:
        ATTACKS[name] = maker
        return maker

    return register


# Raw YAML scalars with characters a document cannot hold.
BAD_CHARACTERS = ['"Text \\ud83c\\udf55"', '"Text \\ufffe"', '"Text \\udf55"', '"Text \\ud83c"',
                  '"Text \\uFFFF"', '"Text \\x07"', '"Text \\0"', '"Text \\e[31m"',
                  "Text\ufffe", "Text\x07", "Text\x1b", '"\\x0c"']
# Characters a document can hold, or that may be refused with a message.
ODD_CHARACTERS = ['"\\x7f"', '"\\x85 \\u2028 \\u2029"', '"\\u200b\\u202e\\u2066 rtl"',
                  '"\\ud7ff\\ue000\\ufffd"', '"\\U0010FFFF \\U0001F355"', '"\\uFDD0"',
                  '"a\\tb"', '"Zeile\\nzwei"', '"\\r"', "\u0301combining", '"\\U0010FFFE"',
                  "Text\ufeffin"]


@attack("characters")
def characters(a: Attack) -> Outcome:
    """Lone surrogates, noncharacters and control characters in a value or a key."""
    name = a.member()
    if a.rng.random() < 0.75 or a.number == 0:
        name, path = a.place(texts, name)
        if a.number % 5 == 4:
            fragment = a.pick(ODD_CHARACTERS)
            a.files.put(name, path, Raw(fragment))
            return f"odd {name}:{path_text(path)}", Expect.EITHER
        fragment = a.pick(BAD_CHARACTERS)
        a.files.put(name, path, Raw(fragment))
        return f"value {name}:{path_text(path)}", Expect.REFUSED
    name, path = a.place(lambda d: [(), *mappings(d)], name)
    a.files.put_key(name, path, Raw(a.pick(BAD_CHARACTERS)), 1)
    return f"key {name}:{path_text(path)}", Expect.REFUSED


def nested(levels: int, style: str) -> str:
    if style == "flow lists":
        return "[" * levels + "]" * levels
    if style == "flow maps":
        return "{a: " * levels + "1" + "}" * levels
    return "[" * (levels // 2) + "{a: " * (levels // 2) + "1" + "}" * (levels // 2) \
        + "]" * (levels // 2)


@attack("nesting")
def nesting(a: Attack) -> Outcome:
    """A thousand levels of lists or maps (or a block-nested tail) anywhere in a file."""
    name = a.member()
    levels = a.pick([1000, 100_000, 25, 500])
    style = a.pick(["flow lists", "flow maps", "mixed"])
    if a.rng.random() < 0.3 and a.number:
        block = "deep:\n" + "".join(" " * i + "-\n" for i in range(1, min(levels, 1000)))
        a.files.raw[name] = a.files.written()[name] + block.encode()
        return f"block lists at the end of {name}", Expect.REFUSED
    name, path = a.place(lambda d: [p for p in places(d, lambda v: True)
                                    if not isinstance(walk(d, p), dict | list)], name)
    a.files.put(name, path, Raw(nested(levels, style)))
    return f"{levels} {style} {name}:{path_text(path)}", Expect.REFUSED


HUGE = ["1" + "0" * 400, ".inf", "-.inf", ".nan", "1.0e+400", "9" * 5000, "-1.0e+400", ".NaN",
        "1e400"]
BORDER = ["-1", "0", "1.0e+15", "0x10", "0o17", "1_000", "+12", "3.0", "1e3", "0.0000001",
          "-0.0", "12.5", "2147483648", "-9223372036854775809"]


@attack("numbers")
def huge_numbers(a: Attack) -> Outcome:
    """Numbers without bounds (10**400, inf, nan, 5,000 digits) and odd numbers at a number."""
    name = a.member()
    finder = numbers if name != "network.yaml" else (lambda d: [("format",), *texts(d)])
    name, path = a.place(finder, name)
    if a.number % 3 == 2:
        fragment = a.pick(BORDER)
        a.files.put(name, path, Raw(fragment))
        return f"border {fragment[:12]} {name}:{path_text(path)}", Expect.EITHER
    fragment = a.pick(HUGE)
    a.files.put(name, path, Raw(fragment))
    # 1e400 without a dot is a string in YAML 1.1: refused as a number, or read as a text.
    expect = Expect.EITHER if fragment == "1e400" and path[-1] != "format" else Expect.REFUSED
    return f"{fragment[:12]} {name}:{path_text(path)}", expect


TIMESTAMPS = ["2026-05-01T10:00:00+02:00", "2026-05-01 10:00:00", "2026-05-01t10:00:00Z",
              "2026-05-01T10:00:00.5", "2026-05-01T00:00:00Z", "2026-05-01 00:00:00 -5"]
ODD_DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "20260501", "'2026-05-01'",
             "2026-5-1", "1900-02-28", "2024-02-29", "!!timestamp 2026-05-01"]


@attack("timestamps")
def timestamps(a: Attack) -> Outcome:
    """A timestamp (the time and zone would be lost) or an odd date where a date belongs."""
    name = a.member() if a.kind != "network" else a.pick(["a/evaluation-1.yaml",
                                                           "a/cooperation.yaml"])
    name, path = a.place(dates, name)
    if a.number % 3 == 2:
        fragment = a.pick(ODD_DATES)
        a.files.put(name, path, Raw(fragment))
        return f"date {fragment} {name}:{path_text(path)}", Expect.EITHER
    fragment = a.pick(TIMESTAMPS)
    a.files.put(name, path, Raw(fragment))
    return f"{fragment} {name}:{path_text(path)}", Expect.REFUSED


def year_9999(files: dict[str, Any]) -> None:
    """Every date of every file moved by the same number of years, the last one into 9999."""
    found = [(data, path) for data in files.values() for path in dates(data)]
    shift = 9999 - max(walk(data, path).year for data, path in found)
    for data, path in found:
        day = walk(data, path)
        walk(data, path[:-1])[path[-1]] = day.replace(year=day.year + shift)


@attack("edge-dates")
def edge_dates(a: Attack) -> Outcome:
    """The whole timeline at the end of the calendar (reports count months past it)."""
    year_9999(a.files.data)
    return "year 9999", Expect.EITHER


WORDS = "Gesellschaft für additive Fertigung und zerspanende Nachbearbeitung von Titanbauteilen "


def long_text(a: Attack, length: int) -> str:
    if a.rng.random() < 0.3 and a.number:
        return "x" * length  # one word: no place to break a line or cut a property
    return (WORDS * (length // len(WORDS) + 1))[:length].strip()


def many_partners(data: dict[str, Any], count: int) -> None:
    """``count`` partners (with a long name each); shares and activities follow them."""
    first = data["partners"][0]
    data["partners"] = [{**copy.deepcopy(first), "id": f"p{i}", "role": "partner",
                         "name": f"Partner {i} {WORDS}GmbH", "short_name": f"P{i}"}
                        for i in range(count)]
    data["partners"][0]["role"] = "coordinator"
    data["activities"][0]["lead"] = "p0"
    shares = {f"p{i}": 0 for i in range(count)}
    shares["p0"] = 100
    data["clauses"]["profit_sharing"]["shares"] = shares
    data["clauses"]["costs"]["allocation"] = dict(shares)


def rated_by_many(data: dict[str, Any], count: int) -> None:
    data["ratings"] = {"win_win": {f"p{i}": 1 + i % 5 for i in range(count)}}
    data["trust"] = {"p0": {f"p{i}": {"competence": 4} for i in range(1, count)}}
    data["measures"][0]["owner"] = "p0"


@attack("long-strings")
def long_strings(a: Attack) -> Outcome:
    """Property-sized names (over 255 characters), many partners, over-long strings and keys."""
    kind_of = a.number % 4 if a.number else 0
    if kind_of == 0:  # property-sized texts that reach titles, subjects, charts
        name = a.pick([n for n in a.files.data if not n.endswith("evaluation-1.yaml")])
        name, path = a.place(lambda d: [p for p in texts(d) if p[-1] in
                                        ("name", "title", "short_name", "coordinator")], name)
        a.files.put(name, path, long_text(a, a.pick([300, 1000, 256, 5000])))
        # Names have no limit; a title (200) or short name (60) may be refused with a message.
        expect = Expect.BUILT if path[-1] in ("name", "coordinator") else Expect.EITHER
        return f"{name}:{path_text(path)}", expect
    if kind_of == 1:  # many partners with long names
        # 60 and 200 partners (the issue's example) take seconds: only in the long run.
        count = [30, 12][a.number] if a.number < 2 else a.rng.choice([30, 12, 60, 200])
        coop = "cooperation.yaml" if a.kind != "network" else "a/cooperation.yaml"
        many_partners(a.files.data[coop], count)
        if a.kind != "cooperation":
            rated_by_many(a.files.data[coop.replace("cooperation", "evaluation-1")], count)
        return f"{count} partners", Expect.BUILT
    name = a.member()
    if kind_of == 2:  # a file over the size limit
        name, path = a.place(texts, name)
        a.files.put(name, path, "x" * (1024 * 1024 + a.rng.randrange(10)))
        return f"1 MB {name}:{path_text(path)}", Expect.REFUSED
    name, path = a.place(lambda d: [(), *mappings(d)], name)  # an over-long unknown key
    walk(a.files.data[name], path)["k" * a.pick([5000, 300, 70_000])] = 1
    return f"long key {name}:{path_text(path)}", Expect.REFUSED


# Texts that templates, XML or matplotlib could take for their own syntax.
HOSTILE = ["$x^2$ and {{ 7*7 }}", "Data $5 and $6 Ltd", "{% if true %}X{% endif %}",
           "</w:t></w:r></w:p><w:p><w:r><w:t>INJ", "<w:p/> & <![CDATA[x]]>", "{{ coop.id }}",
           "${HOME} %s %(x)s {0}", "\\textbf{x} \\\\ $\\alpha$", "_{x}^{y} $$", "{#", "%}",
           "a\\$b", "x' or '1'='1", "&amp; &lt; &#0; &#xFFFE;", "{{", "$"]
# Where a text is printed as written (so the built document must show it).
PRINTED = {"title", "name", "purpose", "description", "text"}


def hostile_places(a: Attack, name: str) -> list[tuple[Any, ...]]:
    data = a.files.data[name]
    wanted = {"title", "name", "short_name", "purpose", "description", "text", "highlights",
              "difficulties", "coordinator", "categories", "function", "city"}
    return [p for p in texts(data) if p[-1] in wanted or (len(p) > 1 and p[-2] in wanted)]


@attack("injection")
def injection(a: Attack) -> Outcome:
    """Template, XML and chart-math syntax in texts that reach documents and charts."""
    name = a.member()
    if a.number == 0:
        name, path = {"cooperation": ("cooperation.yaml", ("partners", 0, "short_name")),
                      "evaluation": ("cooperation.yaml", ("kpis", 0, "name")),
                      "network": ("b/cooperation.yaml", ("title",))}[a.kind]
    else:
        if a.kind == "evaluation" and a.rng.random() < 0.5:
            name = "cooperation.yaml"  # partner short names and KPI names reach the charts
        path = a.rng.choice(hostile_places(a, name))
    text = a.pick(HOSTILE)
    a.files.put(name, path, text)
    literal = text if path[-1] in PRINTED and name != "network.yaml" else None
    return f"{name}:{path_text(path)}", Expect.BUILT, literal


RESERVED = ["con", "nul", "aux", "prn", "com1", "lpt9", "com9", "lpt1"]


@attack("reserved-ids")
def reserved_ids(a: Attack) -> Outcome:
    """Windows device names as the ids that name files and folders."""
    word = a.pick(RESERVED)
    if a.kind == "cooperation" or (a.kind == "evaluation" and a.number % 2 == 0):
        for data in a.files.data.values():
            if data.get("format") == 1 and "cooperation" in data:
                data["cooperation"] = word
            elif "partners" in data:
                data["id"] = word
        return f"cooperation id {word}", Expect.REFUSED
    if a.kind == "network":
        if a.number % 2 == 0:
            a.files.data["network.yaml"]["network"]["id"] = word
            return f"network id {word}", Expect.REFUSED
        a.files.data["b/cooperation.yaml"]["id"] = word
        return f"member id {word}", Expect.REFUSED
    a.files.data["evaluation-1.yaml"]["cooperation"] = word  # no cooperation has it
    return f"round of {word}", Expect.REFUSED


PATH_IDS = ["../x", "..", ".", "a/b", "/etc", "a\\b", "C:x", "~root", "x y", "-x", "a" * 65, "",
            "Ä", "x\n", "con.x", ".hidden", "x.", "x:y", "nul\u0000"]


def id_places(data: Any) -> list[tuple[Any, ...]]:
    return [p for p in places(data, lambda v: isinstance(v, str))
            if p[-1] in ("id", "cooperation", "lead", "owner", "kpi")]


@attack("path-ids")
def path_ids(a: Attack) -> Outcome:
    """Ids that look like paths (../, absolute, separators, dots) or are no slug at all."""
    word = a.pick(PATH_IDS)
    name = a.member()
    if name == "network.yaml":
        path: tuple[Any, ...] = ("network", "id")
    elif a.number == 0:
        path = ("id",) if "partners" in a.files.data[name] else ("cooperation",)
    else:
        name, path = a.place(id_places, name)
    a.files.put(name, path, Raw(json.dumps(word)))
    return f"{word[:10]!r} {name}:{path_text(path)}", Expect.REFUSED


def duplicate_item(data: dict[str, Any], rng: random.Random, number: int) -> str:
    """A second list item with the id of the first, in a list of items with ids."""
    lists = [p for p in places(data, lambda v: isinstance(v, list) and bool(v) and
                               isinstance(v[0], dict) and "id" in v[0])]
    path = lists[0] if number == 0 else rng.choice(lists)
    items = walk(data, path)
    copied = copy.deepcopy(items[-1])
    copied["id"] = items[0]["id"]
    items.append(copied)
    return path_text(path)


@attack("duplicates")
def duplicates(a: Attack) -> Outcome:
    """The same id twice in a list, the same key twice in a mapping, the same member twice."""
    name = a.member()
    how = a.number % 3
    if name == "network.yaml" and how != 2:
        members = a.files.data[name]["cooperations"]
        if how == 0:  # a member listed twice
            members.append(copy.deepcopy(members[1]))
            return "member listed twice", Expect.REFUSED
        a.files.data["b/cooperation.yaml"]["id"] = "mini"  # two files, one id
        return "two members with one id", Expect.REFUSED
    if how == 0 and name != "network.yaml":
        return f"id {name}:{duplicate_item(a.files.data[name], a.rng, a.number)}", Expect.REFUSED
    name, path = a.place(lambda d: [p for p in [(), *mappings(d)] if walk(d, p)], name)
    key = a.rng.choice(list(walk(a.files.data[name], path)))
    a.files.put_key(name, path, Raw(json.dumps(key)), "zweimal")
    return f"key {name}:{path_text((*path, key))}", Expect.REFUSED


@attack("merge-keys")
def merge_keys(a: Attack) -> Outcome:
    """A YAML merge key (<<) with an alias of another mapping, or with a mapping of its own."""
    name = a.member()
    found = [p for p in mappings(a.files.data[name]) if walk(a.files.data[name], p)]
    target = found[0] if a.number == 0 else a.rng.choice(found)
    if a.number % 2 == 0:
        apart = [p for p in found if p[:len(target)] != target and target[:len(p)] != p]
        if apart:
            source = a.rng.choice(apart)
            text = json.dumps(walk(a.files.data[name], source), default=str, ensure_ascii=False)
            a.files.put(name, source, Raw(f"&merged {text}"))
            a.files.put_key(name, target, Raw("<<"), Raw("*merged"))
            return f"alias {name}:{path_text(target)}", Expect.REFUSED
    a.files.put_key(name, target, Raw("<<"), {"extra": 1})
    return f"inline {name}:{path_text(target)}", Expect.REFUSED


def laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


ALIASES = {  # raw value, expectation
    "billion laughs": (None, Expect.REFUSED),
    "undefined alias": ("*nowhere", Expect.REFUSED),
    "recursive alias": ("&loop [*loop]", Expect.REFUSED),
    "python tag": ("!!python/object/apply:os.system [echo pwned]", Expect.REFUSED),
    "binary tag": ("!!binary aGFsbG8=", Expect.EITHER),
    "set tag": ("!!set {a, b}", Expect.EITHER),
    "local tag": ("!custom x", Expect.EITHER),
    "alias as key": ("{*a: 1}", Expect.REFUSED),
    "anchored copy": (None, Expect.EITHER),
}


@attack("anchors")
def anchors(a: Attack) -> Outcome:
    """Aliases that expand, loop or point nowhere; tags; a legitimate anchored copy."""
    what = a.pick(list(ALIASES))
    raw, expect = ALIASES[what]
    name = a.member()
    if what == "billion laughs":
        text = a.files.written()[name].decode() + laughs(a.pick([9, 6, 12]))
        a.files.raw[name] = text.encode()
        return f"{what} in {name}", expect
    if what == "anchored copy":  # the address of partner 1 is that of partner 0
        coop = name if "partners" in a.files.data[name] else next(
            n for n, d in a.files.data.items() if "partners" in d)
        address = a.files.data[coop]["partners"][0]["address"]
        a.files.put(coop, ("partners", 0, "address"),
                    Raw("&address " + json.dumps(address, ensure_ascii=False)))
        a.files.put(coop, ("partners", 1, "address"), Raw("*address"))
        return f"{what} in {coop}", expect
    name, path = a.place(lambda d: [p for p in places(d, lambda v: True)
                                    if not isinstance(walk(d, p), dict | list)], name)
    assert raw is not None
    a.files.put(name, path, Raw(raw))
    return f"{what} {name}:{path_text(path)}", expect


def with_nul(raw: bytes, rng: random.Random) -> bytes:
    cut = rng.randrange(len(raw))
    return raw[:cut] + b"\x00" + raw[cut:]


ENCODERS: dict[str, Callable[[str, random.Random], bytes]] = {
    "utf-16": lambda text, rng: text.encode("utf-16"),
    "utf-16-le": lambda text, rng: text.encode("utf-16-le"),
    "utf-16-be": lambda text, rng: text.encode("utf-16-be"),
    "utf-16-le with BOM": lambda text, rng: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-32": lambda text, rng: text.encode("utf-32"),
    "utf-32-be": lambda text, rng: text.encode("utf-32-be"),
    "latin-1": lambda text, rng: text.encode("latin-1", "replace"),
    "cp1252": lambda text, rng: text.replace("ß", "ß€").encode("cp1252", "replace"),
    "utf-8 with BOM": lambda text, rng: codecs.BOM_UTF8 + text.encode(),
    "crlf": lambda text, rng: text.replace("\n", "\r\n").encode(),
    "cr only": lambda text, rng: text.replace("\n", "\r").encode(),
    "gzip": lambda text, rng: gzip.compress(text.encode(), mtime=0),
    "NUL inside": lambda text, rng: with_nul(text.encode(), rng),
    "random bytes": lambda text, rng: bytes(rng.randrange(256)
                                            for _ in range(rng.randrange(1, 400))),
    "truncated": lambda text, rng: text.encode()[: rng.randrange(1, len(text.encode()))],
    "two documents": lambda text, rng: (text + "---\n" + text).encode(),
    "empty": lambda text, rng: b"",
    "blank": lambda text, rng: b" \n\t\n",
    "comment only": lambda text, rng: b"# nur ein Kommentar\n",
    "null": lambda text, rng: b"~\n",
    "a list": lambda text, rng: b"- format: 1\n",
    "a text": lambda text, rng: b"format\n",
}


ENCODINGS = {"utf-16": Expect.REFUSED, "latin-1": Expect.REFUSED, "utf-16-be": Expect.REFUSED,
             "utf-16-le": Expect.REFUSED, "utf-16-le with BOM": Expect.REFUSED,
             "utf-32": Expect.REFUSED, "utf-32-be": Expect.REFUSED, "cp1252": Expect.REFUSED,
             "gzip": Expect.REFUSED, "NUL inside": Expect.REFUSED,
             "random bytes": Expect.REFUSED, "empty": Expect.REFUSED, "blank": Expect.REFUSED,
             "comment only": Expect.REFUSED, "null": Expect.REFUSED, "a list": Expect.REFUSED,
             "a text": Expect.REFUSED, "two documents": Expect.REFUSED,
             "utf-8 with BOM": Expect.BUILT, "crlf": Expect.BUILT, "cr only": Expect.EITHER,
             "truncated": Expect.EITHER, "json": Expect.EITHER}  # JSON has no dates


@attack("encodings")
def encodings(a: Attack) -> Outcome:
    """A whole file in another encoding, compressed, cut, empty, binary or as JSON."""
    how = a.pick(list(ENCODINGS))
    name = a.member()
    if how == "json":
        a.files.raw[name] = json.dumps(a.files.data[name], default=str,
                                       ensure_ascii=a.rng.random() < 0.5).encode()
    else:
        a.files.raw[name] = ENCODERS[how](a.files.written()[name].decode(), a.rng)
    return f"{how} {name}", ENCODINGS[how]


PARTNER = {"id": "delta", "name": "Delta AG", "legal_form": "AG",
           "address": {"street": "Ring 4", "postal_code": "80331", "city": "München"},
           "represented_by": [{"name": "Dora Delta", "function": "Vorständin"}]}
MALFORMED_CHANGES: list[Any] = [
    {"add": {"goals": {"id": "g9", "description": "Neu"}, "kpis": {"id": "k9", "name": "K"}}},
    {"set": "format", "to": 2},
    {"set": "id", "to": "andere"},
    {"set": "partners.nope.role", "to": "partner"},
    {"set": "clauses.liability.cap", "to": Raw("1" + "0" * 400)},
    {"set": "term.end", "to": Raw("2026-05-01T10:00:00")},
    {"set": "title", "to": Raw('"\\ud83c"')},
    {"set": "governance.steering_committee.meetings_per_year"},
    {"to": 6},
    {"set": "title", "to": "Neu", "remove_partner": "beta"},
    {"remove": {"goals": "ghost"}},
    {"remove_partner": "ghost"},
    {"remove_partner": "alpha"},
    {"add_partner": {}},
    {"add_partner": {"id": "delta", "name": "Delta"}},
    {"add_partner": {**PARTNER, "id": "alpha"}},
    {"set": "partners.alpha.name", "to": [1, 2]},
    {"set": "kpis", "to": None},
    {"set": "", "to": 1},
    {"set": "partners.0.name", "to": "X"},
    {"set": "partners..name", "to": "X"},
    {"set": "__class__", "to": "x"},
    "set title",
    [],
    {},
    {"add": {"goals": {"id": "g1", "description": "doppelt"}}},
    {"add": {"kpis": {"id": "k2"}}},
    {"set": "activities.einkauf.lead", "to": "ghost"},
    {"add": {"partners": PARTNER}},
    {"add": {"goals": [{"id": "g9", "description": "Liste"}]}},
    {"set": "partners.alpha", "to": None},
    {"set": "clauses.profit_sharing.shares.alpha", "to": 41},
    {"set": "term.start", "to": Raw("2029-01-01")},
]
VALID_CHANGES: list[Any] = [
    {"set": "title", "to": "Neuer Titel"},
    {"add": {"goals": {"id": "g9", "description": "Neu"}}},
    {"set": "partners.beta.short_name", "to": "$x$ {{ y }}"},
    {"remove": {"milestones": "m1"}},
    {"set": "kpis.volume.name", "to": "Data $5 and $6 Ltd"},
    {"add_partner": PARTNER},
]


def with_raw(files: Files, value: Any) -> Any:
    """``value`` with each Raw in it replaced by its token."""
    if isinstance(value, Raw):
        return files.token(value.text)
    if isinstance(value, dict):
        return {k: with_raw(files, v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_raw(files, v) for v in value]
    return copy.deepcopy(value)


@attack("changes")
def changes(a: Attack) -> Outcome:
    """A measure's change that is malformed (two operations, none, a bad path or value)."""
    name = "evaluation-1.yaml" if a.kind == "evaluation" else "a/evaluation-1.yaml"
    measure = a.files.data[name]["measures"][0]
    if a.number % 4 == 3:
        change, expect = a.pick(VALID_CHANGES), Expect.EITHER
    else:
        change, expect = a.pick(MALFORMED_CHANGES), Expect.REFUSED
    measure["change"] = with_raw(a.files, change)
    return f"{json.dumps(change, default=lambda r: r.text)[:40]}", expect


SHARES = [  # (shares of alpha, beta, gamma), sum exactly 100 as decimals
    ((40, 35, 24.99), False), ((40, 35, 25.0000001), False), ((33.3, 33.3, 33.3), False),
    ((33.33, 33.33, 33.34), True), ((10.1, 20.2, 69.7), True), ((-10, 60, 50), False),
    ((150, -25, -25), False), (("40", "35", "25"), False), ((40.0, 35.0, 25.0), True),
    ((100, 0, 0), None), ((Raw("1e2"), 0, 0), False), ((0.1, 0.2, 99.7), True),
    ((Raw(".nan"), 50, 50), False), ((1 / 3 * 100, 1 / 3 * 100, 1 / 3 * 100), False),
]


@attack("shares")
def shares(a: Attack) -> Outcome:
    """Profit, cost, work and use shares that do not sum to exactly 100, or are no numbers."""
    values, exact = a.pick(SHARES)
    expect = Expect.EITHER if exact is None else Expect.BUILT if exact else Expect.REFUSED
    given = dict(zip(("alpha", "beta", "gamma"), values, strict=True))
    if a.kind == "evaluation" and a.number % 2 == 1:  # shares set by a measure of the round
        change = {"set": "clauses.profit_sharing.shares", "to": given}
        a.files.data["evaluation-1.yaml"]["measures"][0]["change"] = with_raw(a.files, change)
        return f"set shares {values}", expect
    coop = "a/cooperation.yaml" if a.kind == "network" else "cooperation.yaml"
    where = a.pick([("clauses", "profit_sharing", "shares"), ("clauses", "costs", "allocation")])
    a.files.put(coop, where, with_raw(a.files, given))
    return f"{where[-1]} {values}", expect


def other_kind(value: Any, rng: random.Random) -> Any:
    options: list[Any] = [[1, "x"], {"a": 1}, "text", 7, 2.5, True, None,
                          datetime.date(2026, 1, 1), [], {}, [[[]]], [{"id": "x"}]]
    return rng.choice([o for o in options if type(o) is not type(value)])


NETWORK_LISTS: list[tuple[str, Any]] = [
    ("cooperations a text", "a/cooperation.yaml"), ("cooperations a number", 5),
    ("cooperations null", None), ("cooperations empty", []),
    ("a path instead of a member", ["a/cooperation.yaml"]),
    ("a nested list", [[{"cooperation": "a/cooperation.yaml"}]]),
    ("a number as path", [{"cooperation": 5}]),
    ("a list as path", [{"cooperation": ["a/cooperation.yaml"]}]),
    ("a map as path", [{"cooperation": {"a": "b"}}]),
    ("evaluations a text", [{"cooperation": "a/cooperation.yaml",
                             "evaluations": "a/evaluation-1.yaml"}]),
    ("evaluations of numbers", [{"cooperation": "a/cooperation.yaml", "evaluations": [5]}]),
    ("evaluations nested", [{"cooperation": "a/cooperation.yaml", "evaluations": [["x"]]}]),
    ("an empty path", [{"cooperation": ""}]),
    ("no such file", [{"cooperation": "c/cooperation.yaml"}]),
    ("the network itself", [{"cooperation": "network.yaml"}]),
    ("an unknown key", [{"cooperation": "a/cooperation.yaml", "evaluation": []}]),
]
NETWORK_MEMBERS: list[tuple[str, Any]] = [  # lists that are well-formed but name the wrong file
    ("a round as cooperation", [{"cooperation": "a/evaluation-1.yaml"}]),
    ("a cooperation as round", [{"cooperation": "b/cooperation.yaml",
                                 "evaluations": ["a/cooperation.yaml"]}]),
    ("a folder", [{"cooperation": "a"}]),
    ("/dev/null", [{"cooperation": "/dev/null"}]),
    ("a file outside", [{"cooperation": "../../../../../../etc/hostname"}]),
    ("a round of another cooperation", [{"cooperation": "b/cooperation.yaml",
                                         "evaluations": ["a/evaluation-1.yaml"]}]),
]


@attack("wrong-kinds")
def wrong_kinds(a: Attack) -> Outcome:
    """A value of another kind (a list for a map, a text for a number ...); in a network file,
    lists of members that are no such list, or name files of the wrong kind."""
    name = a.member()
    if name == "network.yaml":
        table = NETWORK_LISTS if a.number % 3 != 2 else NETWORK_MEMBERS
        what, value = a.pick(table)
        members = a.files.data[name]["cooperations"]
        a.files.data[name]["cooperations"] = (value + members[1:]
                                              if isinstance(value, list) and value else value)
        return what, Expect.REFUSED
    if a.number % 3 == 1:  # a key that YAML reads as no text, or as no hashable value
        name, path = a.place(lambda d: [(), *mappings(d)], name)
        key = a.rng.choice(ODD_KEYS)
        a.files.put_key(name, path, Raw(key), 1)
        return f"key {key} {name}:{path_text(path)}", Expect.EITHER
    name, path = a.place(lambda d: list(places(d, lambda v: True)), name)
    old = walk(a.files.data[name], path)
    a.files.put(name, path, other_kind(old, a.rng))
    return f"{name}:{path_text(path)}", Expect.EITHER


ODD_KEYS = ["1", "~", "true", "2026-01-01", "1.5", "[a, b]", "{a: 1}", "!!binary aGk=", "yes",
            "''", '"x\\u2028y"', "? complex", "0x1F", ".inf"]


def path_text(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "(top)"


# Cells that make no sense: a cooperation alone has no measures whose changes could be wrong.
NOT_APPLICABLE = {("cooperation", "changes")}


def cells() -> list[tuple[str, str]]:
    return [(kind, name) for name in ATTACKS for kind in KINDS
            if (kind, name) not in NOT_APPLICABLE]


def case(kind: str, name: str, number: int) -> Case:
    """Variant ``number`` of attack ``name`` on input kind ``kind``."""
    rng = random.Random(f"{kind}/{name}/{number}")
    language = "en" if number % 4 == 1 else "de"
    made = Attack(kind, rng, number, Files(base(kind, language)), TARGETS[kind])
    what, expect, *rest = ATTACKS[name](made)
    literal = rest[0] if rest else None
    files = made.files.written()
    unattacked = Files(base(kind, language)).written()
    attacked = tuple(n for n, content in files.items() if content != unattacked.get(n))
    what = f"{what} ({language})" if language != "de" else what
    return Case(kind, name, number, safe_id(what), files, expect, literal, attacked)


def safe_id(text: str) -> str:
    """A test id: printable ASCII, short."""
    return re.sub(r"[^A-Za-z0-9._:/+-]+", "_", text)[:60]


def corpus(per_cell: int) -> list[Case]:
    return [case(kind, name, number) for kind, name in cells() for number in range(per_cell)]
