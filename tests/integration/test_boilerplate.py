"""No orphan boilerplate: a term that only makes sense for an activity or an option appears only
when the input has that activity or option (issue "The operating core", item 5).

The catalogue below names each such term with a German and an English pattern and the trigger
that makes it meaningful: a predicate over the cooperation as the user wrote it (the YAML file,
without defaults, so "given" means the user wrote the key). The test builds every sample's
agreement, reads the text of every paragraph (python-docx) and fails naming the sample, the
term, the § or annex and the paragraph, and the trigger that is missing.

Text the user wrote (purpose, background, tasks, descriptions, names, …) is removed from a
paragraph before it is searched: a term the user chose is not boilerplate.

When a clause text gains a term of the catalogue, guard it with the same condition as the
trigger here (or widen the trigger, with a reason, if the term is meaningful in more cases).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import docx
import pytest
import yaml

from coopdocs.build import Options, build_outputs
from coopdocs.clauses.library import Library, load_library
from tests.conftest import ROOT
from tests.support.cases import case_of

# Every cooperation of the samples, the single ones and those of the network sample.
SAMPLES = sorted((ROOT / "samples").rglob("cooperation.yaml"))

Data = dict[str, Any]


# --- the predicates the triggers are made of ---------------------------------------------------

def activities(coop: Data, kind: str) -> list[Data]:
    return [a for a in coop.get("activities") or [] if a.get("type") == kind]


def option(coop: Data, *path: str) -> Any:
    """The value the user wrote at clauses.<path> (None when not given)."""
    node: Any = coop.get("clauses") or {}
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def given(coop: Data, *path: str) -> bool:
    node: Any = coop
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def included_by_user(coop: Data, module: str) -> bool:
    return module in (option(coop, "include") or [])


def fields(coop: Data) -> set[str]:
    return set(coop.get("fields") or [])


def commission(coop: Data) -> bool:
    """Someone earns a commission: the profit model, a referral or a purchasing commission."""
    return (option(coop, "profit_sharing", "model") == "commission"
            or any(a.get("mode") == "referral" for a in activities(coop, "joint_sales"))
            or any(a.get("model") == "commission" for a in activities(coop, "joint_purchasing")))


def supplier_bonuses(coop: Data) -> bool:
    """The partners buy together: a joint_purchasing activity or the field purchasing."""
    return bool(activities(coop, "joint_purchasing")) or "purchasing" in fields(coop)


def customer_orders(coop: Data) -> bool:
    """The partners serve customers together: joint sales, a customer-facing field, commissions
    for referred orders, or joint or general-contractor contracting."""
    return (bool(activities(coop, "joint_sales"))
            or bool(fields(coop) & {"sales", "services", "production"})
            or option(coop, "profit_sharing", "model") == "commission"
            or option(coop, "external", "contracting") in ("general_contractor", "joint"))


def interfaces(coop: Data) -> bool:
    """IT interfaces: interfaces in clauses.it_security or a shared_platform activity."""
    return bool(option(coop, "it_security", "interfaces")) or bool(
        activities(coop, "shared_platform"))


def results(coop: Data) -> bool:
    """Results of development (IP): a joint_development activity, clauses.ip given (or
    included), or the field research."""
    return (bool(activities(coop, "joint_development")) or option(coop, "ip") is not None
            or included_by_user(coop, "ip") or "research" in fields(coop))


def network(coop: Data) -> bool:
    """Accession and exclusion machinery: more than two partners, admission or exclusion rules
    given, or the accession module asked for."""
    return (len(coop.get("partners") or []) > 2
            or option(coop, "accession") is not None
            or included_by_user(coop, "accession")
            or given(coop, "governance", "decisions", "admission")
            or given(coop, "governance", "decisions", "exclusion"))


def voting_partners(coop: Data) -> int:
    return sum(1 for p in coop.get("partners") or [] if p.get("role") != "associated")


def many_voters(coop: Data) -> bool:
    """Quorum and rotation machinery for more than two: more than two voting partners, or a
    cooperation that partners may join (network)."""
    return voting_partners(coop) > 2 or network(coop)


# --- the catalogue -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    name: str
    de: str                      # regular expression over a German paragraph
    en: str                      # regular expression over an English paragraph
    trigger: Callable[[Data], bool]
    needs: str                   # the trigger in words, for the failure message

    def pattern(self, language: str) -> re.Pattern[str]:
        return re.compile(self.de if language == "de" else self.en)


CATALOGUE = [
    Term("commission",
         r"[Pp]rovision",
         # the fee, not the European Commission (“Commission Recommendation”, “the
         # Commission’s Guidelines”) nor the verb (“commissions that Partner”)
         r"\bcommissions?\b(?! (that|the|a|it|them)\b)|\bCommissions\b|Commissionable",
         commission,
         "clauses.profit_sharing.model: commission, a joint_sales activity with mode: referral "
         "or a joint_purchasing activity with model: commission"),
    Term("supplier bonuses",
         r"(?<!Rabatte, )\bBoni\b|\bBonus|Rückvergütung",
         r"(?<!discounts, )(?<!no-claims )\bbonus(es)?\b|\brebates?\b",
         supplier_bonuses,
         "a joint_purchasing activity or the field purchasing"),
    Term("customer order",
         r"Kundenauftr|aufeinander abgestimmte Angebote",
         r"[Cc]ustomer orders?\b|coordinated offers",
         customer_orders,
         "a joint_sales activity, a field sales, services or production, "
         "clauses.profit_sharing.model: commission, or clauses.external.contracting: "
         "general_contractor or joint"),
    Term("interface",
         r"Schnittstelle",
         r"\b[Ii]nterfaces?\b",
         interfaces,
         "clauses.it_security.interfaces or a shared_platform activity"),
    Term("results of development",
         r"Arbeitsergebnis|Entwicklungsergebnis|Projektergebnis|„Ergebnisse“"
         r"|Rechte an (den )?Ergebnissen|an den Ergebnissen|\bAltrechte?\b|Erfindung",
         r"[Ww]ork results?|(?<!Joint Business )\bResults?\b|“Background”|\b[Ii]nventions?\b",
         results,
         "a joint_development activity, clauses.ip or the field research"),
    Term("accession",
         r"Beitritt|\bbeitr(itt|eten)\b",
         r"\b[Aa]ccession|\baccede",
         network,
         "more than two partners, clauses.accession, governance.decisions.admission or "
         ".exclusion, or clauses.include: [accession]"),
    Term("admission of partners",
         r"Aufnahme (weiterer|neuer|eines (neuen|weiteren)) Partner|Aufnahmebeschluss",
         r"[Aa]dmission of (further|new|a new|a further) Partners?|admission decision",
         network,
         "more than two partners, clauses.accession, governance.decisions.admission or "
         ".exclusion, or clauses.include: [accession]"),
    Term("exclusion of a partner",
         r"Ausschluss (eines|des) (\w+ )?Partners|seinen Ausschluss|ausgeschlossenen? Partner"
         r"|auszuschließende",
         r"[Ee]xclusion of (a|the) (\w+ )?Partner|its exclusion|excluded Partner",
         network,
         "more than two partners, clauses.accession, governance.decisions.admission or "
         ".exclusion, or clauses.include: [accession]"),
    Term("quorum of more than two",
         r"mehr als die Hälfte der stimmberechtigten Partner|zuletzt aufgeführten "
         r"stimmberechtigten Partner",
         r"more than half of the voting Partners|after the last voting Partner",
         many_voters,
         "more than two voting partners, or the accession trigger"),
]


# --- the agreements ------------------------------------------------------------------------------

@dataclass
class Paragraph:
    where: str                   # "§ 10 Ergebnisverteilung", "Anlage 3: …", "Präambel"
    text: str


@dataclass
class Built:
    name: str                    # the sample's folder name
    language: str
    data: Data                   # the cooperation as written
    paragraphs: list[Paragraph]


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _user_text(data: Data) -> list[str]:
    """The texts the user wrote, as printed (paragraphs, whitespace folded), longest first.

    Only prose and names (a text with a space in it): ids and option values such as
    ``commission`` or ``partner`` are single words and must not hide a catalogued term.
    """
    pieces = {" ".join(part.split()) for text in _strings(data)
              for part in re.split(r"\n\s*\n", text)}
    return sorted((p for p in pieces if " " in p and len(p) >= 8), key=len, reverse=True)


def _paragraphs(document: Any) -> Iterator[str]:
    """The agreement's paragraphs and table cells; the draft's open points are left out (they
    name every assumed setting, whether or not the user chose an option, and belong to no §)."""
    yield from (p.text for p in document.paragraphs)
    for table in document.tables:
        if [c.text for c in table.rows[0].cells[:2]] in (["Nr.", "Stelle"], ["No.", "Place"]):
            continue
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)


_HEADING = re.compile(r"(§ \d+ .*|Präambel|Preamble|(Anlage|Annex) \d+: .*)$")


def _read(content: bytes, data: Data) -> list[Paragraph]:
    user = _user_text(data)
    found, where = [], "Eingang"
    for raw in _paragraphs(docx.Document(io.BytesIO(content))):
        text = " ".join(raw.replace("\u00a0", " ").split())
        if _HEADING.match(text):
            where = text  # the heading is searched too, as a paragraph of its own
        for piece in user:
            text = text.replace(piece, "…")
        if text.strip():
            found.append(Paragraph(where, text))
    return found


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def built(library: Library) -> list[Built]:
    agreements = []
    for sample in SAMPLES:
        data = yaml.safe_load(sample.read_text(encoding="utf-8"))
        [(_, content)] = build_outputs(case_of(sample, library=library), library, "agreement",
                                       Options())
        agreements.append(Built(str(sample.parent.relative_to(ROOT / "samples")),
                                data.get("language", "de"), data, _read(content, data)))
    return agreements


def orphans(agreement: Built) -> list[str]:
    """Each catalogued term in the agreement whose trigger its input lacks, as a message."""
    found = []
    for term in CATALOGUE:
        if term.trigger(agreement.data):
            continue
        pattern = term.pattern(agreement.language)
        for paragraph in agreement.paragraphs:
            match = pattern.search(paragraph.text)
            if match:
                start = max(match.start() - 100, 0)
                found.append(f"{agreement.name}: “{match.group(0)}” ({term.name}) in "
                             f"{paragraph.where}: …{paragraph.text[start:match.end() + 100]}… "
                             f"— missing trigger: {term.needs}")
    return found


def test_no_catalogued_term_without_its_trigger(built: list[Built]) -> None:
    problems = [message for agreement in built for message in orphans(agreement)]
    assert not problems, "\n\n".join(problems)


def test_every_term_is_seen_with_its_trigger(built: list[Built]) -> None:
    """The catalogue is live: each term's pattern matches some sample that has the trigger
    (a pattern that never matches would let every orphan through)."""
    for term in CATALOGUE:
        assert any(term.trigger(a.data) and any(term.pattern(a.language).search(p.text)
                                                for p in a.paragraphs) for a in built), term.name


def test_samples_cover_both_sides() -> None:
    """Small and large cooperations both exist among the samples, so the test bites."""
    data = [yaml.safe_load(s.read_text(encoding="utf-8")) for s in SAMPLES]
    assert any(not network(d) for d in data) and any(network(d) for d in data)


@pytest.mark.parametrize("name", ["imbiss-cafe", "handwerk-empfehlung"])
def test_two_party_lateral_samples_stay_small(built: list[Built], name: str) -> None:
    """The two-party samples carry no accession §, no accession annex and no exclusion."""
    [agreement] = [a for a in built if a.name == name]
    assert not network(agreement.data)
    headings = {p.where for p in agreement.paragraphs}
    assert not any(re.search(r"Beitritt|Ausschluss|Austritt", h) for h in headings), headings


def _term(name: str) -> Term:
    return next(term for term in CATALOGUE if term.name == name)


@pytest.mark.parametrize(("language", "text", "name", "found"), [
    ("de", "soweit nach § 10 Provisionen gezahlt werden", "commission", True),
    ("en", "Commission Recommendation 2003/361/EC", "commission", False),
    ("en", "the European Commission’s Guidelines", "commission", False),
    ("en", "it commissions that Partner with that part", "commission", False),
    ("en", "Claims to commission under § 6 are settled", "commission", True),
    ("de", "Preise und Preisbestandteile, Rabatte, Boni, Margen", "supplier bonuses", False),
    ("de", "Rückvergütungen und Boni von Lieferanten", "supplier bonuses", True),
    ("en", "loss of no-claims bonus resulting from losses", "supplier bonuses", False),
    ("en", "the Joint Business Result is distributed", "results of development", False),
    ("de", "Rechte an Arbeitsergebnissen, die einem Partner zustehen", "results of development",
     True),
    ("de", "unter Ausschluss des Übereinkommens der Vereinten Nationen", "exclusion of a partner",
     False),
])
def test_patterns_tell_the_term_from_its_namesakes(language: str, text: str, name: str,
                                                   found: bool) -> None:
    assert bool(_term(name).pattern(language).search(text)) is found


def test_an_orphan_is_reported_with_sample_term_paragraph_and_trigger() -> None:
    lonely = Built("example", "de", {"partners": [{"id": "a"}, {"id": "b"}]},
                   [Paragraph("§ 17 Abwicklung bei Beendigung",
                              "Soweit nach § 10 Provisionen gezahlt werden, …")])
    [message] = orphans(lonely)
    for part in ("example", "Provision", "commission", "§ 17 Abwicklung", "missing trigger",
                 "clauses.profit_sharing.model"):
        assert part in message, (part, message)
