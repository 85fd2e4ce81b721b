"""Every domain rule: triggered once, asserting code, level, key path and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.check.findings import Level, format_path
from coopdocs.check.rules import RULES, Hit, RuleInput, core
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from coopdocs.errors import InternalError
from tests.conftest import GAMMA, MINIMAL
from tests.unit.test_review_liability_rules import OWN as LIABILITY_RULES

POOL = "clauses:\n  profit_sharing:\n    model: pool\n"
COMPETE = ("name: Beta KG\n", "name: Beta KG\n    competitor_of: [alpha]\n")

# name: (YAML appended to MINIMAL or a (old, new) replacement, code, level, key path, line)
CASES: dict[str, tuple[str | tuple[str, str], str, Level, str, int]] = {
    "one partner": (("  - id: beta\n    name: Beta KG\n    legal_form: KG\n    address: "
                     "{street: Nebenweg 2, postal_code: \"20095\", city: Hamburg}\n    "
                     "represented_by: [{name: Bernd Beta, function: Geschäftsführer}]\n", ""),
                    "CD-PART-1", Level.ERROR, "partners", 7),
    "duplicate goal id": ("goals:\n  - {id: g1, description: A}\n  - {id: g1, description: B}\n",
                          "CD-ID-1", Level.ERROR, "goals[1].id", 19),
    "unknown competitor": (("name: Beta KG\n", "name: Beta KG\n    competitor_of: [delta]\n"),
                           "CD-REF-1", Level.ERROR, "partners[1].competitor_of[0]", 14),
    "contribution without description": (
        ("name: Beta KG\n", "name: Beta KG\n    contributions: [{type: personnel, value: 100}]\n"),
        "CD-CONTRIB-1", Level.ERROR, "partners[1].contributions[0]", 14),
    "unknown KPI": ("goals:\n  - {id: g1, description: A, kpi: speed}\n",
                    "CD-REF-1", Level.ERROR, "goals[0].kpi", 18),
    "unknown chair": ("governance:\n  steering_committee: {chair: delta}\n",
                      "CD-REF-1", Level.ERROR, "governance.steering_committee.chair", 18),
    "unknown module": ("clauses:\n  include: [haftung]\n",
                       "CD-REF-1", Level.ERROR, "clauses.include[0]", 18),
    "commission without percent": ("clauses:\n  profit_sharing: {model: commission}\n",
                                   "CD-OPT-1", Level.ERROR, "clauses.profit_sharing.model", 18),
    "kpi band": ("kpis:\n  - {id: k, name: K, target: 10, tolerance: [11, 12]}\n",
                 "CD-KPI-1", Level.ERROR, "kpis[0].tolerance", 18),
    "mandatory excluded": ("clauses:\n  exclude: [term]\n",
                           "CD-MOD-1", Level.ERROR, "clauses.exclude[0]", 18),
    "processor of a competitor": (COMPETE, "R-DS-5", Level.WARNING,
                                  "clauses.data_protection.processing[0].partners", 21),
    "duplicate processing id": (
        "clauses:\n  data_protection:\n    processing:\n"
        "      - {id: p, purpose: X, data: Y, partners: [alpha, beta], role: processor}\n"
        "      - {id: p, purpose: Z, data: Y, partners: [alpha, beta],"
        " role: separate_controllers}\n",
        "CD-DS-1", Level.ERROR, "clauses.data_protection.processing[1].id", 21),
    "standstill shorter than the stages": ("clauses:\n  dispute: {standstill_days: 40}\n",
                                           "R-STD-8", Level.WARNING,
                                           "clauses.dispute.standstill_days", 18),
    "a stage called mediation": ("governance:\n  escalation:\n    - {body: Mediation, days: 30}\n",
                                 "R-STD-9", Level.INFO, "governance.escalation[0].body", 19),
    "loss cap without pool": ("clauses:\n  profit_sharing: {loss_cap: 1000}\n",
                              "R-FIN-6", Level.WARNING, "clauses.profit_sharing.loss_cap", 18),
    "no-russia clause excluded": (
        "clauses:\n  compliance: {exports_third_countries: true}\n  exclude: [compliance]\n",
        "R-STD-2", Level.ERROR, "clauses.exclude[0]", 19),
    "pool shares": (POOL + "    shares: {alpha: 50, beta: 49}\n",
                    "R-FIN-2", Level.ERROR, "clauses.profit_sharing.shares", 20),
    "pool partner missing": (POOL + "    shares: {alpha: 100}\n",
                             "R-FIN-2", Level.ERROR, "clauses.profit_sharing.shares", 20),
    "term end before start": ("term: {start: 2026-04-01, end: 2026-03-01}\n",
                              "R-LZ-1", Level.ERROR, "term.end", 17),
    "notice longer than term": ("term: {start: 2026-04-01, end: 2026-07-01, notice_months: 3}\n",
                                "R-LZ-1", Level.ERROR, "term.notice_months", 17),
    "venue with non-merchant": (("legal_form: KG", "legal_form: Einzelunternehmen"),
                                "R-FORM-4", Level.ERROR, "clauses.dispute.venue", 18),
    "competition law excluded": (("name: Beta KG\n", "name: Beta KG\n    competitor_of: [alpha]\n"),
                                 "R-KART-0", Level.ERROR, "clauses.exclude[0]", 19),
    "no coordinator": (("", GAMMA), "R-GOV-1", Level.WARNING, "partners", 7),
    "pool without legal nature": (POOL + "    shares: {alpha: 50, beta: 50}\n",
                                  "R-GBR-1", Level.WARNING, "clauses.profit_sharing.model", 19),
    "pool in coordination": ("legal_nature: coordination\n" + POOL
                             + "    shares: {alpha: 50, beta: 50}\n",
                             "R-GBR-2", Level.WARNING, "clauses.profit_sharing.model", 20),
    "agent for all": ("clauses:\n  external: {agent: alpha}\n",
                      "R-GBR-3", Level.WARNING, "clauses.external.agent", 18),
    "joint name and contracts": ("clauses:\n  external: {appearance: joint_name, name: X, "
                                 "contracting: joint}\n",
                                 "R-GBR-4", Level.WARNING, "clauses.external.contracting", 18),
    "budget without amount": ("clauses:\n  costs: {model: budget}\n",
                              "CD-OPT-1", Level.ERROR, "clauses.costs.model", 18),
    "unknown cost partner": ("clauses:\n  costs:\n    model: allocation\n    allocation: "
                             "{alpha: 50, gamma: 50}\n",
                             "CD-REF-1", Level.ERROR, "clauses.costs.allocation.gamma", 20),
    "cost shares": ("clauses:\n  costs:\n    model: allocation\n    allocation: "
                    "{alpha: 60, beta: 30}\n",
                    "R-FIN-1", Level.ERROR, "clauses.costs.allocation", 20),
    "majority amendments": ("governance:\n  decisions: {amendments: two_thirds}\n",
                            "R-GOV-4", Level.WARNING, "governance.decisions.amendments", 18),
    "vote weights": ("governance:\n  decisions:\n    weights: {alpha: 70, beta: 20}\n",
                     "R-GOV-6", Level.ERROR, "governance.decisions.weights", 19),
    "network without accession": (("", GAMMA), "R-NET-1", Level.WARNING, "clauses.exclude[0]",
                                  23),
    "minimum above partners": ("clauses:\n  accession: {min_partners: 3}\n",
                               "R-NET-4", Level.WARNING, "clauses.accession.min_partners", 18),
    "exit excluded": ("clauses:\n  exclude: [exit]\n",
                      "R-LZ-3", Level.WARNING, "clauses.exclude[0]", 18),
    "land contributed": (("name: Beta KG\n", "name: Beta KG\n    contributions: [{type: other, "
                          "description: Grundstück in Hamburg, due: 2026-05-01}]\n"),
                         "R-FORM-2", Level.ERROR, "partners[1].contributions[0].description", 14),
    "processor alone": ("clauses:\n  data_protection:\n    processing:\n      - {purpose: X, "
                        "data: Y, partners: [alpha], role: processor}\n",
                        "R-DS-3", Level.ERROR,
                        "clauses.data_protection.processing[0].partners", 20),
    "data protection excluded": ("clauses:\n  exclude: [data_protection]\n  data_protection:\n"
                                 "    processing:\n      - {purpose: X, data: Y, partners: "
                                 "[alpha, beta], role: joint_controllers}\n",
                                 "R-DS-1", Level.ERROR, "clauses.exclude[0]", 18),
    "processor and joint controller": ("clauses:\n  data_protection:\n    processing:\n"
                                       "      - {purpose: X, data: Y, partners: [alpha, beta], "
                                       "role: joint_controllers}\n      - {purpose: X, data: Y, "
                                       "partners: [alpha, beta], role: processor}\n",
                                       "R-DS-4", Level.WARNING,
                                       "clauses.data_protection.processing[1].role", 21),
    "cap above insurance": ("clauses:\n  liability: {cap: 2000000, insurance: [{type: "
                            "Betriebshaftpflicht, sum: 1000000}]}\n",
                            "R-HAFT-7", Level.WARNING, "clauses.liability.cap", 18),
    "secrets excluded": ("fields: [research]\nclauses:\n  exclude: [trade_secrets]\n",
                         "R-GEH-1", Level.WARNING, "clauses.exclude[0]", 19),
    "reverse engineering allowed": ("fields: [research]\nclauses:\n  trade_secrets: "
                                    "{reverse_engineering_ban: false}\n", "R-GEH-2",
                                    Level.WARNING,
                                    "clauses.trade_secrets.reverse_engineering_ban", 19),
    "short confidentiality": ("clauses:\n  trade_secrets: {years_after_end: 1}\n",
                              "R-GEH-3", Level.WARNING, "clauses.trade_secrets.years_after_end",
                              18),
    "interface without auth": ("clauses:\n  it_security:\n    interfaces:\n      - {name: API, "
                               "provider: alpha, users: [beta], purpose: Aufträge}\n",
                               "R-IT-1", Level.WARNING, "clauses.it_security.interfaces[0]", 20),
    "interface short notice": ("clauses:\n  it_security:\n    interfaces:\n      - {name: API, "
                               "provider: alpha, users: [beta], purpose: Aufträge, auth: mTLS, "
                               "spec: OpenAPI, deprecation_months: 1}\n", "R-IT-2", Level.INFO,
                               "clauses.it_security.interfaces[0].deprecation_months", 20),
    "prices through interface": (COMPETE, "R-IT-3", Level.ERROR,
                                 "clauses.it_security.interfaces[0].data_kinds", 21),
    "no clean team": (COMPETE, "R-KART-2", Level.WARNING,
                      "clauses.competition_law.clean_team", 19),
    "cross-border competitors": (COMPETE, "R-KART-3", Level.WARNING,
                                 "clauses.competition_law.cross_border", 19),
    "market share above safe harbour": (COMPETE, "R-KART-4", Level.WARNING,
                                        "clauses.competition_law.market_share_percent", 20),
    "market share above sme practice": (COMPETE, "R-KART-4", Level.WARNING,
                                        "clauses.competition_law.market_share_percent", 20),
    "prices between competing users": (("", GAMMA.replace("Gamma AG", "Gamma AG\n    "
                                                          "competitor_of: [beta]")),
                                       "R-IT-3", Level.ERROR,
                                       "clauses.it_security.interfaces[0].data_kinds", 26),
    "partnership without shares": ("legal_nature: internal_partnership\n",
                                   "R-GBR-5", Level.WARNING, "legal_nature", 17),
    "contribution without due": (("name: Beta KG\n", "name: Beta KG\n    contributions: "
                                  "[{type: money, description: Geld}]\n"),
                                 "R-FIN-3", Level.WARNING, "partners[1].contributions[0]", 14),
    "one partner decides": ("governance:\n  decisions: {quorum_percent: 50}\n", "R-GOV-2",
                            Level.WARNING, "governance.decisions", 18),
    "joint control alone": ("clauses:\n  data_protection:\n    processing:\n      - {purpose: X, "
                            "data: Y, partners: [alpha], role: joint_controllers}\n",
                            "R-DS-2", Level.ERROR,
                            "clauses.data_protection.processing[0].partners", 20),
    "evaluation without measurable goal": ("evaluation: {interval_months: 6}\n",
                                           "R-EVAL-1", Level.ERROR, "evaluation", 17),
    "arbitration without seat": ("clauses:\n  dispute: {final: arbitration}\n",
                                 "R-STREIT-3", Level.WARNING, "clauses.dispute.final", 18),
}

EXTRA = {
    "processor of a competitor": ("clauses:\n  data_protection:\n    processing:\n"
                                  "      - {purpose: X, data: Y, partners: [alpha, beta], "
                                  "role: processor}\n"
                                  "  competition_law: {market_share_percent: 5}\n"),
    "venue with non-merchant": "clauses:\n  dispute: {venue: Berlin}\n",
    "competition law excluded": "clauses:\n  exclude: [competition_law]\n",
    "network without accession": "clauses:\n  exclude: [accession]\n",
    "prices through interface": ("clauses:\n  it_security:\n    interfaces:\n      - {name: API, "
                                 "provider: alpha, users: [beta], purpose: X, auth: mTLS, spec: S, "
                                 "data_kinds: [prices]}\n  competition_law: "
                                 "{market_share_percent: 5}\n"),
    "no clean team": "clauses:\n  competition_law: {clean_team: false, market_share_percent: 5}\n",
    "cross-border competitors": ("clauses:\n  competition_law: {cross_border: true, "
                                 "market_share_percent: 5}\n"),
    "market share above safe harbour": ("fields: [purchasing]\nclauses:\n  competition_law: "
                                        "{market_share_percent: 30}\n"),
    "market share above sme practice": ("fields: [services]\nclauses:\n  competition_law: "
                                        "{market_share_percent: 20}\n"),
    "prices between competing users": ("clauses:\n  it_security:\n    interfaces:\n      - {name: "
                                       "API, provider: alpha, users: [beta, gamma], purpose: X, "
                                       "auth: mTLS, spec: S, data_kinds: [forecasts]}\n  "
                                       "competition_law: {market_share_percent: 5}\n"),
}


def cooperation_text(change: str | tuple[str, str], name: str) -> str:
    if isinstance(change, tuple):
        old, new = change
        text = MINIMAL.replace(old, new, 1) if old else MINIMAL + new
    else:
        text = MINIMAL + change
    return text + EXTRA.get(name, "")


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_rule_fires_with_location(name: str, tmp_path: Path) -> None:
    change, code, level, key_path, line = CASES[name]
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_text(change, name), encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library())).findings
    hits = [f for f in findings if f.code == code]
    assert hits, [f.format() for f in findings]
    assert (hits[0].level, format_path(hits[0].path)) == (level, key_path)
    assert hits[0].location is not None and hits[0].location.line == line


def test_every_rule_has_a_case() -> None:
    dedicated = {"CD-LANG-1"}  # needs its own clause library: test_language_without_texts
    dedicated |= set(LIABILITY_RULES)  # penalty and cap: test_review_liability_rules.py
    activity = ("R-ACT-", "R-EK-", "R-VK-", "R-RS-", "R-LF-", "R-FE-", "R-MK-", "R-PF-", "CD-ACT-")
    cooperation_rules = {r.code for r in RULES if r.kind == "cooperation"  # activities: own file
                         and not r.code.startswith(activity)}
    assert cooperation_rules <= {case[1] for case in CASES.values()} | dedicated


def test_language_without_texts(tmp_path: Path) -> None:
    own = tmp_path / "lib/site_rules"
    own.mkdir(parents=True)
    (own / "module.yaml").write_text(
        "id: site_rules\nversion: 1\norder: 105\nnumbered: true\nmandatory: false\n"
        "title: {de: Werksordnung, en: Site rules}\nsummary: Visits.\n"
        "when: {always: shared campus}\nreads: []\n", encoding="utf-8")
    (own / "de.md").write_text("# Werksordnung\n\nBesuche sind anzumelden.\n", encoding="utf-8")
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL + "language: en\n", encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library(tmp_path / "lib"))).findings
    assert [(f.code, f.level, format_path(f.path), f.location.line if f.location else 0)
            for f in findings] == [("CD-LANG-1", Level.ERROR, "language", 17)]
    assert "site_rules" in findings[0].message


def test_valid_minimal_has_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert check_cooperation(path, catalog(load_library())).findings == []


def test_catalog_knows_mandatory_modules() -> None:
    known = catalog(load_library())
    assert "term" in known.mandatory
    assert "competition_law" in known.modules


def _stumbling_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that raises whatever it is given, registered for this test only."""

    def stumbles(d: RuleInput) -> Iterator[Hit]:
        raise KeyError("budget")

    monkeypatch.setattr(core, "RULES", [*core.RULES, core.Rule(
        "R-TEST-1", Level.ERROR, "A rule with a bug.", "test", stumbles)])


def test_a_rule_that_raises_on_valid_data_is_an_internal_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    _stumbling_rule(monkeypatch)
    with pytest.raises(InternalError, match=r"internal error in rule R-TEST-1 \(KeyError: "
                                            r"'budget'\); this is a bug in coopdocs"):
        check_cooperation(path, catalog(load_library()))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 5
    assert result.stderr == (f"{path}: error: internal error in rule R-TEST-1 (KeyError: "
                             "'budget'); this is a bug in coopdocs, please report it with this "
                             "file\n")


def test_on_data_the_schema_rejected_a_stumbling_rule_waits_for_the_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL.replace("title: ", "title:\n  - ", 1), encoding="utf-8")
    _stumbling_rule(monkeypatch)
    findings = check_cooperation(path, catalog(load_library())).findings
    assert [(f.level, format_path(f.path)) for f in findings] == [(Level.ERROR, "title")]
