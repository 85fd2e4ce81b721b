"""Issue 17, item 15: visible assumptions instead of invented facts.

No clause text states a period the input did not give without the draft listing it. Every
"14 Tagen", "drei Monaten", "zehn Arbeitstagen" in the §§ and annexes of the modules audited here
is either a value the input gave, or a value the draft lists in its "Offene Punkte und Annahmen"
(a schema default with ``meta.assumption``, or a value the module states through ``assumes``), or
quotes the law, on the short allow-list below with its legal basis. The periods a cooperation
sets for itself (payment, statement, audit, objection periods, instalments, interest) are input
fields: setting one changes the text and takes it off the list of assumptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coopdocs.build import prepare, template_file
from coopdocs.clauses.library import load_library
from coopdocs.compose.agreement import agreement_outline
from coopdocs.wording import load_terms
from tests.conftest import GAMMA, MINIMAL, ROOT, WriteYaml
from tests.support.agreement import Agreement, assumed, assumptions, read_agreement
from tests.support.cases import case_of

LIBRARY = load_library()

AUDITED = {
    "annex_processing", "annex_joint_control", "annex_accession", "accession", "contributions",
    "costs", "data_protection", "decisions", "exit", "term", "profit_sharing", "trade_secrets",
    "liability", "dispute", "compliance", "force_majeure", "final_provisions", "competition_law",
    "external", "legal_nature", "op_supply", "op_supply_annex", "op_joint_purchasing",
    "op_joint_purchasing_annex", "op_shared_resources", "op_shared_resources_annex",
    "op_joint_marketing", "op_joint_marketing_annex", "op_joint_sales", "op_joint_sales_annex",
}

SAMPLE_FILES = sorted((ROOT / "samples").glob("*/cooperation.yaml")) + sorted(
    (ROOT / "samples" / "network" / "cooperations").glob("*/cooperation.yaml"))

NUMBERS = {
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "eines": 1, "one": 1, "zwei": 2, "two": 2,
    "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5, "five": 5, "sechs": 6, "six": 6,
    "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwölf": 12, "twelve": 12, "vierzehn": 14, "fourteen": 14,
    "fünfzehn": 15, "fifteen": 15, "dreißig": 30, "thirty": 30,
}
UNITS = {
    "arbeitstag": "working_days", "working day": "working_days", "tag": "days", "day": "days",
    "woche": "weeks", "week": "weeks", "monat": "months", "month": "months", "jahr": "years",
    "year": "years", "stunde": "hours", "hour": "hours",
}
_NUMBER = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_UNIT = (r"Arbeitstag(?:e|en|es)?|Tag(?:e|en|es)?|Woche(?:n)?|Monat(?:e|en|s)?|Jahr(?:e|en|es)?"
         r"|Stunde(?:n)?|working days?|days?|weeks?|months?|years?|hours?")
PHRASE = re.compile(rf"\b({_NUMBER})[ \u00a0]({_UNIT})\b", re.IGNORECASE)

# Statutory periods a text quotes, with the legal basis the text cites (class (a) of the audit):
# (module, pattern of the quoting sentence part, basis). A phrase is allowed when it lies inside
# the match. Keep this list short: anything else is a value the parties choose.
STATUTORY = [
    ("dispute", r"frühestens drei Monate nach dem Ende der Hemmung ein \(entsprechend § 203 Satz 2 "
                r"BGB\)", "§ 203 Satz 2 BGB"),
    ("dispute", r"not expire earlier than three months after the suspension has ended \(in "
                r"accordance with section 203, second sentence, of the German Civil Code \(BGB\)\)",
     "§ 203 Satz 2 BGB"),
    ("data_protection", r"Frist von 72 Stunden nach Art\. 33 Abs\. 1 DSGVO", "Art. 33(1) GDPR"),
    ("data_protection", r"72[- ]hour deadline under Art\. 33\(1\) GDPR", "Art. 33(1) GDPR"),
    ("op_supply", r"mindestens zehn Jahre nach der jeweiligen Lieferung auf, weil Ansprüche nach "
                  r"dem Produkthaftungsgesetz erst zehn Jahre nach dem Inverkehrbringen erlöschen "
                  r"\(§ 13 ProdHaftG\)", "§ 13 ProdHaftG"),
    ("op_supply", r"at least ten years after the relevant delivery, because claims under the "
                  r"German Product\s+Liability Act \(Produkthaftungsgesetz\) expire only ten years "
                  r"after the product was put into\s+circulation \(section 13 ProdHaftG\)",
     "§ 13 ProdHaftG"),
    # a contract year is a year: the definition, not a period the parties choose
    ("liability", r"Vertragsjahr ist jeder Zeitraum von zwölf Monaten", "definition"),
    ("liability", r"A contract year is each period of twelve months", "definition"),
    ("op_joint_sales", r"\(höchstens drei Monate\)[^.]*\((?:entsprechend )?§ 87c Abs\. 1 HGB\)",
     "§ 87c Abs. 1 HGB"),
    ("op_joint_sales", r"\(not more than three months\)[^.]*section 87c\(1\) HGB",
     "§ 87c Abs. 1 HGB"),
]


@dataclass(frozen=True)
class Quantity:
    number: int
    unit: str


def quantity(number: str, unit: str) -> Quantity:
    n = int(number) if number.isdigit() else NUMBERS[number.lower()]
    word = unit.lower()
    base = next(k for k in sorted(UNITS, key=len, reverse=True) if word.startswith(k))
    return Quantity(n, UNITS[base])


def quantities(text: str) -> set[Quantity]:
    return {quantity(m.group(1), m.group(2)) for m in PHRASE.finditer(text)}


def parts(agreement: Agreement) -> Iterator[tuple[str, str]]:
    """(label, text) of each § ("§ 7") and annex ("Anlage 5") of the agreement's body."""
    label, lines = "", list[str]()
    for line in agreement.lines:
        head = re.match(r"(§ \d+[a-z]?) |((?:Anlage|Annex) \d+)\b|Unterschriften|Signatures", line)
        if head:
            if label:
                yield label, "\n".join(lines)
            label, lines = head.group(1) or head.group(2) or "", []
        else:
            lines.append(line)
    if label:
        yield label, "\n".join(lines)


def written_numbers(data: Any, reads: tuple[str, ...], path: str = "") -> set[float]:
    """Numbers the user wrote at the fields a module reads (list indices dropped)."""
    if isinstance(data, Mapping):
        return set().union(*(written_numbers(v, reads, f"{path}.{k}" if path else str(k))
                             for k, v in data.items()))
    if isinstance(data, list):
        return set().union(*(written_numbers(v, reads, path) for v in data))
    if isinstance(data, (int, float)) and not isinstance(data, bool) and any(
            path == r or path.startswith(r + ".") for r in reads):
        return {data}
    return set()


def unlisted(path: Path) -> list[str]:
    """Every period in an audited § or annex that is neither input nor listed nor statutory."""
    case = case_of(path)
    state = case.states[0]
    prepared = prepare(state, LIBRARY)
    terms = load_terms(template_file("terms.yaml", None), prepared.coop.language)
    outline = agreement_outline(prepared.coop, prepared.choices, terms)
    modules = {f"§ {number}": key.split(".")[0] for key, number in outline.numbers.items()}
    modules.update({label.replace("\u00a0", " "): key.split(".")[0]
                    for key, label in outline.annexes.items()})
    agreement = read_agreement(path, library=LIBRARY)
    rows = agreement.assumptions
    problems = []
    for label, text in parts(agreement):
        module = modules.get(label)
        if module not in AUDITED:
            continue
        given = written_numbers(prepared.written, LIBRARY[module].reads)
        listed = set().union(*(quantities(f"{r.what} {r.value}") for r in rows
                               if label in r.places()))
        allowed = [m.span() for mod, pattern, _ in STATUTORY if mod == module
                   for m in re.finditer(pattern, text)]
        for match in PHRASE.finditer(text):
            q = quantity(match.group(1), match.group(2))
            if q.number in given or q in listed:
                continue
            if any(start <= match.start() and match.end() <= end for start, end in allowed):
                continue
            context = text[max(0, match.start() - 60):match.end() + 30].replace("\n", " ")
            problems.append(f"{label} ({module}): „{match.group(0)}“ in …{context}…")
    return problems


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.parent.name for p in SAMPLE_FILES])
def test_every_period_is_given_listed_or_statutory(path: Path) -> None:
    assert unlisted(path) == []


def test_the_allow_list_cites_its_basis_in_the_text() -> None:
    for module, pattern, basis in STATUTORY:
        assert module in AUDITED and basis, pattern
        if basis != "definition":
            assert re.search(r"§|section|Art", pattern), pattern


# --- new fields: setting one changes the text and takes it off the list -----------------------

def test_costs_periods_are_fields(write_yaml: WriteYaml) -> None:
    base = MINIMAL + "clauses:\n  costs: {model: allocation}\n"
    agreement = read_agreement(write_yaml(base))
    rows = agreement.assumed
    costs = agreement.section("Kosten")
    assert "innerhalb von 30 Tagen nach Zugang der Abrechnung" in costs
    assert "innerhalb von 15 Tagen nach dem Ende jedes Kalenderjahres" in costs
    assert "innerhalb von 2 Monaten nach dem Ende jedes Kalenderjahres" in costs
    assert "innerhalb von 6 Monaten nach ihrem Zugang" in costs
    assert "mindestens 10 Arbeitstagen" in costs
    assert rows["clauses.costs.payment_days"].value == "30 Tage"
    assert rows["clauses.costs.expense_report_days"].value == "15 Tage"
    assert "2 Monate" in rows["clauses.costs.statement_months"].value
    assert rows["clauses.costs.audit_months"].value == "6 Monate"
    set_all = ("clauses:\n  costs: {model: allocation, payment_days: 14, expense_report_days: 10,"
               " statement_months: 1, audit_months: 3, audit_notice_working_days: 5}\n")
    agreement = read_agreement(write_yaml(MINIMAL + set_all))
    rows = agreement.assumed
    costs = agreement.section("Kosten")
    assert "innerhalb von 14 Tagen nach Zugang der Abrechnung" in costs
    assert "innerhalb von 10 Tagen nach dem Ende" in costs
    assert "innerhalb eines Monats nach dem Ende jedes Kalenderjahres" in costs
    assert "innerhalb von 3 Monaten nach ihrem Zugang" in costs
    assert "mindestens 5 Arbeitstagen" in costs
    assert not {k for k in rows if k.startswith("clauses.costs.")
                and k not in {"clauses.costs.settlement", "clauses.costs.audit"}}
    # without an audit right, its periods are not listed
    rows = assumed(write_yaml(MINIMAL + "clauses:\n  costs: {audit: false}\n"))
    assert "clauses.costs.audit_months" not in rows
    assert "clauses.costs.expense_report_days" not in rows  # model own: no expense reports


def test_a_budget_statement_keeps_three_months_by_default(write_yaml: WriteYaml) -> None:
    budget = MINIMAL + "clauses:\n  costs: {model: budget, budget: 10000}\n"
    costs = read_agreement(write_yaml(budget)).section("Kosten")
    assert "innerhalb von 3 Monaten nach dem Ende jedes Kalenderjahres" in costs
    assert "jede Zahlung ist 30 Tage nach Zugang der Anforderung fällig" in costs


def test_sub_processor_periods_are_fields(write_yaml: WriteYaml) -> None:
    processing = ("clauses:\n  data_protection:\n    processing:\n"
                  "      - {purpose: Kundenverwaltung, data: Kontaktdaten, data_subjects: Kunden,"
                  " partners: [alpha, beta], role: processor}\n")
    agreement = read_agreement(write_yaml(MINIMAL + processing))
    rows = agreement.assumed
    annex = agreement.annex("Vertrag über die Auftragsverarbeitung")
    assert "mindestens 30 Tage, bevor dieser" in annex
    assert "innerhalb von 14 Tagen nach Zugang der Information" in annex
    notice = rows["clauses.data_protection.sub_processor_notice_days"]
    assert notice.value == "30 Tage" and notice.where.startswith("Anlage")
    assert rows["clauses.data_protection.sub_processor_objection_days"].value == "14 Tage"
    assert any(r.what.startswith("Ankündigungsfrist für Inspektionen") and r.value == "14 Tage"
               and r.where == notice.where for r in agreement.assumptions)
    chosen = processing + ("    sub_processor_notice_days: 45\n"
                           "    sub_processor_objection_days: 21\n")
    agreement = read_agreement(write_yaml(MINIMAL + chosen))
    rows = agreement.assumed
    annex = agreement.annex("Vertrag über die Auftragsverarbeitung")
    assert "mindestens 45 Tage, bevor dieser" in annex
    assert "innerhalb von 21 Tagen nach Zugang der Information" in annex
    assert "clauses.data_protection.sub_processor_notice_days" not in rows
    specific = processing + "    sub_processor_approval: specific\n"
    rows = assumed(write_yaml(MINIMAL + specific))
    assert "clauses.data_protection.sub_processor_objection_days" not in rows


def test_what_a_module_states_without_a_field_is_listed(write_yaml: WriteYaml) -> None:
    rows = assumptions(write_yaml(MINIMAL))
    decisions = [r for r in rows if r.key.endswith("„decisions“ (eigene Fassung mit --clauses)")]
    assert {r.value for r in decisions} >= {"3 Tage", "2 Sitzungen"}
    contributions = [r for r in rows if "„contributions“" in r.key]
    # the 7 days for the reminder stand only in the text for more than two partners
    assert {r.value for r in contributions} == {"14 Tage"}


def test_confidentiality_defaults_are_listed_and_settable(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(MINIMAL))
    rows = agreement.assumed
    secrets = agreement.section("Vertraulichkeit")
    assert "innerhalb von 14 Tagen nach der Offenlegung" in secrets.replace("\n", " ")
    assert rows["clauses.trade_secrets.confirmation_days"].value == "14 Tage"
    assert rows["clauses.trade_secrets.years_after_end"].value == "5 Jahre"
    assert rows["clauses.trade_secrets.reverse_engineering_ban"].value == "ja"
    assert "clauses.trade_secrets.penalty_repeat_months" not in rows  # no penalty agreed
    chosen = ("clauses:\n  trade_secrets: {confirmation_days: 7, years_after_end: 3,"
              " reverse_engineering_ban: false, penalty: 10000, penalty_cap: 50000,"
              " penalty_repeat_months: 3, penalty_mode: fixed,"
              " tiers: [public, partnership, need_to_know]}\n")
    agreement = read_agreement(write_yaml(MINIMAL + chosen))
    rows = agreement.assumed
    secrets = agreement.section("Vertraulichkeit").replace("\n", " ")
    assert "innerhalb von 7 Tagen nach der Offenlegung" in secrets
    assert "jeden vollen Zeitraum von 3 Monaten" in secrets
    assert not [k for k in rows if k.startswith("clauses.trade_secrets.")]


def test_exit_settlement_and_severance_are_fields(write_yaml: WriteYaml) -> None:
    network = MINIMAL + GAMMA + "legal_nature: internal_partnership\n"
    agreement = read_agreement(write_yaml(network))
    rows = agreement.assumed
    ending = agreement.section("Abwicklung").replace("\n", " ")
    assert "innerhalb von 3 Monaten nach dem Stichtag" in ending
    assert "in vier gleichen vierteljährlichen Raten" in ending
    assert "mit 2 Prozentpunkten über dem Basiszinssatz" in ending
    assert rows["clauses.exit.severance_instalments"].value == "4"
    assert rows["clauses.exit.payment_days"].value == "30 Tage"
    chosen = network + ("clauses:\n  exit: {settlement_months: 2, payment_days: 14,"
                        " review_months: 1, severance_instalments: 1,"
                        " severance_interest_points: 3}\n")
    agreement = read_agreement(write_yaml(chosen))
    rows = agreement.assumed
    ending = agreement.section("Abwicklung").replace("\n", " ")
    assert "innerhalb von 2 Monaten nach dem Stichtag" in ending
    assert "Ausgleichszahlungen sind 14 Tage nach Zugang" in ending
    assert "innerhalb eines Monats nach Zugang auf eigene Kosten" in ending
    assert "in einer Summe, die drei Monate nach Zugang" in ending
    assert "Basiszinssatz" not in ending
    assert not [k for k in rows if k.startswith("clauses.exit.") and k not in (
        "clauses.exit.wind_down_months", "clauses.exit.return_days",
        "clauses.exit.severance_interest_points")]
    # a coordination agreement has no severance: the severance terms are not listed
    rows = assumed(write_yaml(MINIMAL + GAMMA))
    assert "clauses.exit.severance_instalments" not in rows


def test_the_right_to_join_a_notice_stands_in_the_accession_section(
        write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(MINIMAL + GAMMA))
    rows = agreement.assumed
    joining = agreement.section("Beitritt").replace("\n", " ")
    assert "innerhalb eines Monats nach ihrem Zugang bei ihm" in joining
    assert "innerhalb eines Monats" not in agreement.section("Laufzeit").replace("\n", " ")
    assert rows["clauses.accession.join_months"].value == "1 Monat"
    two = read_agreement(write_yaml(MINIMAL + GAMMA + "clauses:\n  accession: {join_months: 2}\n"))
    assert "innerhalb von 2 Monaten nach ihrem Zugang bei ihm" in two.section("Beitritt")
    rows = assumed(write_yaml(MINIMAL))  # two partners: no accession §, nothing listed
    assert "clauses.accession.join_months" not in rows


def test_pool_periods_are_listed_only_for_a_pool(write_yaml: WriteYaml) -> None:
    rows = assumed(write_yaml(MINIMAL))
    assert not [k for k in rows if k.startswith("clauses.profit_sharing.")
                and k != "clauses.profit_sharing.model"]
    pool = MINIMAL + ("legal_nature: coordination\n"
                      "clauses:\n  profit_sharing: {model: pool, shares: {alpha: 50, beta: 50}}\n")
    agreement = read_agreement(write_yaml(pool))
    rows = agreement.assumed
    result = agreement.section("Ergebnisverteilung").replace("\n", " ")
    assert "innerhalb von 3 Monaten nach dem Ende jedes Kalenderjahres" in result
    assert "innerhalb von 6 Wochen nach dem Ende des Kalenderjahres" in result
    assert rows["clauses.profit_sharing.data_weeks"].value == "6 Wochen"
    chosen = MINIMAL + ("legal_nature: coordination\n"
                        "clauses:\n  profit_sharing: {model: pool, shares: {alpha: 50, beta: 50},"
                        " statement_months: 4,"
                        " data_weeks: 8, payment_days: 21, audit_months: 12,"
                        " audit_notice_working_days: 15}\n")
    agreement = read_agreement(write_yaml(chosen))
    rows = agreement.assumed
    result = agreement.section("Ergebnisverteilung").replace("\n", " ")
    assert "innerhalb von 4 Monaten nach dem Ende jedes Kalenderjahres" in result
    assert "innerhalb von 8 Wochen" in result and "21 Tage nach Zugang der Abrechnung" in result
    assert "innerhalb von 12 Monaten nach ihrem Zugang" in result
    assert "mindestens 15 Arbeitstagen" in result


def test_the_common_name_removal_period_is_a_field(write_yaml: WriteYaml) -> None:
    named = MINIMAL + "clauses:\n  external: {appearance: joint_name, name: Verpackung Nord}\n"
    agreement = read_agreement(write_yaml(named))
    rows = agreement.assumed
    assert "innerhalb eines Monats nach dem Ende seines Nutzungsrechts" in \
        agreement.section("Außenauftritt").replace("\n", " ")
    assert rows["clauses.external.removal_months"].value == "1 Monat"
    chosen = named.replace("name: Verpackung Nord}", "name: Verpackung Nord, removal_months: 3}")
    agreement = read_agreement(write_yaml(chosen))
    rows = agreement.assumed
    assert "innerhalb von 3 Monaten" in agreement.section("Außenauftritt").replace("\n", " ")
    assert "clauses.external.removal_months" not in rows


def test_the_deadlock_period_without_the_dispute_section_is_a_field(
        write_yaml: WriteYaml) -> None:
    without = MINIMAL + "clauses:\n  exclude: [dispute]\n"
    agreement = read_agreement(write_yaml(without))
    rows = agreement.assumed
    decisions = agreement.section("Beschlussfassung").replace("\n", " ")
    assert "innerhalb von 30 Tagen nach Zugang des Verlangens" in decisions
    assert rows["clauses.decisions.deadlock_days"].value == "30 Tage"
    chosen = without + "  decisions: {deadlock_days: 14}\n"
    agreement = read_agreement(write_yaml(chosen))
    rows = agreement.assumed
    decisions = agreement.section("Beschlussfassung").replace("\n", " ")
    assert "innerhalb von 14 Tagen nach Zugang des Verlangens" in decisions
    assert "clauses.decisions.deadlock_days" not in rows


def test_amendment_exit_periods_are_fields(write_yaml: WriteYaml) -> None:
    majority = MINIMAL + "governance: {decisions: {amendments: two_thirds}}\n"
    final = read_agreement(write_yaml(majority)).section("Schlussbestimmungen")
    assert "innerhalb eines Monats nach Zugang des Nachtrags mit einer Frist von einem Monat" in \
        final.replace("\n", " ")
    chosen = majority + ("clauses:\n  final_provisions: {amendment_exit_months: 2,"
                         " amendment_notice_months: 3}\n")
    agreement = read_agreement(write_yaml(chosen))
    rows = agreement.assumed
    final = agreement.section("Schlussbestimmungen").replace("\n", " ")
    assert "innerhalb von 2 Monaten nach Zugang des Nachtrags mit einer Frist von 3 Monaten" \
        in final
    assert "clauses.final_provisions.amendment_exit_months" not in rows


# The two values above apply only under a condition: amendments by majority (``one_of``), the
# dispute module excluded (``contains``).
def test_conditional_periods_are_listed_only_when_they_apply(write_yaml: WriteYaml) -> None:
    rows = assumed(write_yaml(MINIMAL))  # unanimous amendments, dispute section in
    assert "clauses.final_provisions.amendment_exit_months" not in rows
    assert "clauses.decisions.deadlock_days" not in rows


def test_conditional_periods_are_listed_when_they_apply(write_yaml: WriteYaml) -> None:
    majority = MINIMAL + ("governance: {decisions: {amendments: simple}}\n"
                          "clauses:\n  exclude: [dispute]\n")
    rows = assumed(write_yaml(majority))
    assert rows["clauses.final_provisions.amendment_exit_months"].value == "1 Monat"
    assert rows["clauses.final_provisions.amendment_notice_months"].value == "1 Monat"
    assert rows["clauses.decisions.deadlock_days"].value == "30 Tage"


def test_english_periods_follow_the_fields(write_yaml: WriteYaml) -> None:
    english = MINIMAL.replace("title: Mini-Kooperation", "title: Mini-Kooperation\nlanguage: en")
    chosen = english + ("clauses:\n  costs: {model: allocation, payment_days: 14}\n"
                        "  trade_secrets: {confirmation_days: 7}\n")
    agreement = read_agreement(write_yaml(chosen))
    assert "within 14 days after receipt of the statement" in agreement.section("Costs")
    assert "within 7 days after the disclosure" in agreement.section(
        "Confidentiality").replace("\n", " ")
