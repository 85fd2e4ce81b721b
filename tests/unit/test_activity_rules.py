"""The rules of the operating core (activities): each fires on a purpose-made input, located."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.check.findings import Level, format_path
from coopdocs.check.rules import RULES
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from tests.conftest import MINIMAL

COMPETE = ("name: Beta KG\n", "name: Beta KG\n    competitor_of: [alpha]\n")
COORDINATOR = ("name: Alpha GmbH\n", "name: Alpha GmbH\n    role: coordinator\n")
FIREWALL = "competition: {info_firewall: {clean_team: true, members: [Jana Kranz]}"

# name: (activities YAML appended to MINIMAL, replacements in MINIMAL, code, level, key path, line)
# MINIMAL has 16 lines; "activities:" is line 17 (18 with one replacement, which adds a line).
CASES: dict[str, tuple[str, tuple[tuple[str, str], ...], str, Level, str, int]] = {
    "duplicate activity id": (
        "activities:\n  - {type: supply, supplier: alpha, buyer: beta, recall: by_cause}\n"
        "  - {type: supply, supplier: beta, buyer: alpha, recall: by_cause}\n", (),
        "CD-ACT-1", Level.ERROR, "activities[1].type", 19),
    "field of another type": (
        "activities:\n  - {type: joint_marketing, model: agent}\n", (),
        "CD-ACT-2", Level.ERROR, "activities[0].model", 18),
    "competition field of another type": (
        "activities:\n  - type: shared_resources\n    competition: {market_share_percent: 5}\n", (),
        "CD-ACT-2", Level.ERROR, "activities[0].competition.market_share_percent", 19),
    "unknown participant": (
        "activities:\n  - {type: joint_marketing, partners: [alpha, delta]}\n", (),
        "R-ACT-1", Level.ERROR, "activities[0].partners[1]", 18),
    "lead not taking part": (
        "activities:\n  - type: joint_marketing\n    partners: [alpha, beta]\n"
        "    lead: gamma\n", (),
        "R-ACT-1", Level.ERROR, "activities[0].lead", 20),
    "supplier not taking part": (
        "activities:\n  - {type: supply, supplier: delta, buyer: beta, recall: by_cause}\n", (),
        "R-ACT-1", Level.ERROR, "activities[0].supplier", 18),
    "quota of a non-participant": (
        "activities:\n  - type: shared_resources\n    usage: {quota: {alpha: 50, delta: 50}}\n", (),
        "R-ACT-1", Level.ERROR, "activities[0].usage.quota.delta", 19),
    "competitors without competition facts": (
        "activities:\n  - type: joint_development\n", (COMPETE,),
        "R-ACT-2", Level.ERROR, "activities[0].type", 19),
    "money through the lead": (
        "activities:\n  - type: joint_purchasing\n    payment: {flow: central_settlement, "
        "discharge: assignment}\n", (),
        "R-ACT-3", Level.WARNING, "activities[0].payment.flow", 19),
    "field without its activity": (
        "fields: [research]\n", (),
        "R-ACT-4", Level.WARNING, "fields[0]", 17),
    "competing lead without clean team": (
        "activities:\n  - type: joint_purchasing\n    competition: {market_shares: "
        "{purchasing_percent: 4, selling_percent: 6}}\n", (COMPETE, COORDINATOR),
        "R-EK-1", Level.WARNING, "activities[0].lead", 20),
    "purchasing share above safe harbour": (
        "activities:\n  - type: joint_purchasing\n    competition:\n      market_shares: "
        "{purchasing_percent: 18, selling_percent: 6}\n      info_firewall: {clean_team: true, "
        "members: [Jana Kranz]}\n", (COMPETE,),
        "R-EK-2", Level.WARNING, "activities[0].competition.market_shares.purchasing_percent", 21),
    "central settlement without discharge": (
        "activities:\n  - type: joint_purchasing\n    payment: {flow: central_settlement}\n", (),
        "R-EK-4", Level.ERROR, "activities[0].payment.flow", 19),
    "del credere": (
        "activities:\n  - type: joint_purchasing\n    payment: {flow: direct, del_credere: true}\n",
        (), "R-EK-5", Level.WARNING, "activities[0].payment.del_credere", 19),
    "late defect report": (
        "activities:\n  - type: joint_purchasing\n    inspection: {report_hours: 72, notice_by: "
        "lead}\n", (),
        "R-EK-6", Level.WARNING, "activities[0].inspection.report_hours", 19),
    "commitment above 80 percent": (
        "activities:\n  - type: joint_purchasing\n    minimum_commitment: {type: share_percent, "
        "value: 90, opt_out: true}\n", (),
        "R-EK-7", Level.WARNING, "activities[0].minimum_commitment.value", 19),
    "rebates without the lead's fee": (
        "activities:\n  - type: joint_purchasing\n    rebates: {distribution: equal}\n", (),
        "R-EK-8", Level.WARNING, "activities[0].rebates", 19),
    "warehouse without segregation": (
        "activities:\n  - type: joint_purchasing\n    delivery: {mode: central_warehouse}\n", (),
        "R-EK-9", Level.WARNING, "activities[0].delivery.mode", 19),
    "joint bid of competitors without necessity": (
        "activities:\n  - type: joint_sales\n    mode: bidding_consortium\n    competition: "
        "{market_share_percent: 5}\n", (COMPETE,),
        "R-VK-1", Level.ERROR, "activities[0].mode", 20),
    "sales share above safe harbour": (
        "activities:\n  - type: joint_sales\n    mode: joint_catalogue\n    necessity: "
        "{case_group: capacity_bound, rationale: Zu klein}\n    competition: "
        "{market_share_percent: 20}\n", (COMPETE,),
        "R-VK-3", Level.WARNING, "activities[0].competition.market_share_percent", 22),
    "arge": (
        "activities:\n  - {type: joint_sales, mode: bidding_consortium, external_form: arge_gbr}\n",
        (), "R-VK-4", Level.WARNING, "activities[0].external_form", 18),
    "customer protection too long": (
        "activities:\n  - type: joint_sales\n    mode: referral\n    commission: {rate_percent: 5, "
        "statement: monthly}\n    customer_protection: {after_months: 36}\n", (),
        "R-VK-5", Level.ERROR, "activities[0].customer_protection.after_months", 21),
    "referral without commission": (
        "activities:\n  - {type: joint_sales, mode: referral}\n", (),
        "R-VK-6", Level.WARNING, "activities[0].mode", 18),
    "referrer negotiates": (
        "activities:\n  - type: joint_sales\n    mode: referral\n    commission: {rate_percent: 5, "
        "statement: monthly, referrer_activity: negotiates}\n", (),
        "R-VK-7", Level.WARNING, "activities[0].commission.referrer_activity", 20),
    "work shares not 100": (
        "activities:\n  - type: joint_sales\n    mode: lead_contractor\n    work_shares: "
        "{alpha: 60, beta: 39.99}\n", (),
        "R-VK-9", Level.ERROR, "activities[0].work_shares", 20),
    "landlord refused": (
        "activities:\n  - type: shared_resources\n    house_rights: alpha\n    safety_duties: "
        "alpha\n    resources:\n      - {id: raum, kind: premises, holder: alpha, "
        "landlord_consent: refused}\n", (),
        "R-RS-1", Level.ERROR, "activities[0].resources[0].landlord_consent", 22),
    "landlord pending": (
        "activities:\n  - type: shared_resources\n    house_rights: alpha\n    safety_duties: "
        "alpha\n    resources:\n      - {id: raum, kind: premises, holder: alpha, "
        "landlord_consent: pending}\n", (),
        "R-RS-1a", Level.WARNING, "activities[0].resources[0].landlord_consent", 22),
    "food without hygiene": (
        "activities:\n  - {type: shared_resources, food_business: true}\n", (),
        "R-RS-2", Level.ERROR, "activities[0].food_business", 18),
    "premises without house rights": (
        "activities:\n  - type: shared_resources\n    safety_duties: alpha\n    resources:\n"
        "      - {id: raum, kind: premises, holder: alpha}\n", (),
        "R-RS-3", Level.ERROR, "activities[0].resources", 20),
    "premises without safety duties": (
        "activities:\n  - type: shared_resources\n    house_rights: joint\n    resources:\n"
        "      - {id: raum, kind: premises, holder: alpha}\n", (),
        "R-RS-4", Level.ERROR, "activities[0].resources", 20),
    "staff for both": (
        "activities:\n  - {type: shared_resources, personnel_model: service_contract}\n", (),
        "R-RS-5", Level.WARNING, "activities[0].personnel_model", 18),
    "quota not 100": (
        "activities:\n  - type: shared_resources\n    usage: {quota: {alpha: 50, beta: 40}}\n", (),
        "R-RS-6", Level.ERROR, "activities[0].usage.quota", 19),
    "supply without buyer": (
        "activities:\n  - {type: supply, supplier: alpha, recall: by_cause}\n", (),
        "CD-ACT-3", Level.ERROR, "activities[0].type", 18),
    "forecast without frozen zone": (
        "activities:\n  - type: supply\n    supplier: alpha\n    buyer: beta\n"
        "    recall: by_cause\n"
        "    forecast: {horizon_months: 6}\n", (),
        "R-LF-3", Level.WARNING, "activities[0].forecast", 22),
    "cost element without index": (
        "activities:\n  - type: supply\n    supplier: alpha\n    buyer: beta\n"
        "    recall: by_cause\n"
        "    price: {adjustment: cost_element}\n", (),
        "R-LF-4", Level.WARNING, "activities[0].price.adjustment", 22),
    "supply between competitors": (
        "activities:\n  - {type: supply, supplier: alpha, buyer: beta, recall: by_cause}\n",
        (COMPETE,), "R-LF-6", Level.WARNING, "activities[0].supplier", 19),
    "recall not allocated": (
        "activities:\n  - {type: supply, supplier: alpha, buyer: beta}\n", (),
        "R-LF-9", Level.WARNING, "activities[0].type", 18),
    "development share above 25": (
        "activities:\n  - type: joint_development\n    competition: {market_share_percent: 30}\n",
        (COMPETE,), "R-FE-1", Level.WARNING,
        "activities[0].competition.market_share_percent", 20),
    "publication not regulated": (
        "activities:\n  - {type: joint_development, employee_inventions: claim_all}\n", (),
        "R-FE-5", Level.WARNING, "activities[0].type", 18),
    "inventions not claimed": (
        "activities:\n  - type: joint_development\n    publication: {notice_days: 30}\n", (),
        "R-FE-6", Level.WARNING, "activities[0].type", 18),
    "brand of the cooperation": (
        "activities:\n  - type: joint_marketing\n    brand: {name: Rad, owner: kooperation}\n"
        "    brand_fate_on_end: owner_keeps\n", (),
        "R-MK-2", Level.ERROR, "activities[0].brand.owner", 19),
    "joint prices of competitors": (
        "activities:\n  - type: joint_marketing\n    price_advertising: joint_prices\n"
        "    competition: {market_share_percent: 5}\n", (COMPETE,),
        "R-MK-4", Level.ERROR, "activities[0].price_advertising", 20),
    "brand without exit": (
        "activities:\n  - type: joint_marketing\n    brand: {name: Rad, owner: alpha}\n", (),
        "R-MK-6", Level.WARNING, "activities[0].brand", 19),
    "marketing share above 15": (
        "activities:\n  - type: joint_marketing\n    competition: {market_share_percent: 16}\n",
        (COMPETE,), "R-MK-8", Level.WARNING,
        "activities[0].competition.market_share_percent", 20),
    "cash register without own TSE": (
        "activities:\n  - type: shared_platform\n    pos: {used: true}\n", (),
        "R-PF-1", Level.ERROR, "activities[0].pos", 19),
    "no open-source policy": (
        "activities:\n  - type: shared_platform\n    sla: {availability_percent: 99}\n", (),
        "R-PF-4", Level.WARNING, "activities[0].type", 18),
    "no service levels": (
        "activities:\n  - type: shared_platform\n    oss: {policy: permissive_only, sbom: true}\n",
        (), "R-PF-5", Level.WARNING, "activities[0].type", 18),
}


def cooperation_text(appended: str, replacements: tuple[tuple[str, str], ...]) -> str:
    text = MINIMAL
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text + appended


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_activity_rule_fires_with_location(name: str, tmp_path: Path) -> None:
    appended, replacements, code, level, key_path, line = CASES[name]
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_text(appended, replacements), encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library())).findings
    hits = [f for f in findings if f.code == code]
    assert hits, [f.format() for f in findings]
    assert (hits[0].level, format_path(hits[0].path)) == (level, key_path)
    assert hits[0].location is not None and hits[0].location.line == line


def test_a_del_credere_with_its_terms_and_a_known_warehouse_keeper_is_quiet(
        tmp_path: Path) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_text(
        "activities:\n  - type: joint_purchasing\n    payment:\n      flow: direct\n"
        "      del_credere: true\n      del_credere_terms: {fee_percent: 0.5, cap: 20000, "
        "security: Bürgschaft}\n    delivery:\n      mode: central_warehouse\n"
        "      warehouse: {operator: alpha}\n", ()), encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library())).findings
    assert not [f for f in findings if f.code in {"R-EK-5", "CD-REF-1"}], findings
    unknown = path.read_text(encoding="utf-8").replace("operator: alpha", "operator: gamma")
    path.write_text(unknown, encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library())).findings
    assert any(format_path(f.path) == "activities[0].delivery.warehouse.operator"
               for f in findings), findings


@pytest.mark.parametrize(("listed", "key"), [
    ("work_packages: [{by: gamma, name: AP 1}]", "work_packages[0].by"),
    ("milestones: [{name: M1, by: gamma}]", "milestones[0].by"),
    ("cost_plan: [{by: gamma, costs: 1000}]", "cost_plan[0].by"),
    ("exploitation_plan: [{by: gamma, results: R}]", "exploitation_plan[0].by"),
    ("background: {listed: [{by: gamma}]}", "background.listed[0].by"),
])
def test_a_plan_entry_of_an_unknown_partner_is_found(listed: str, key: str,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_text(
        f"activities:\n  - type: joint_development\n    {listed}\n", ()), encoding="utf-8")
    findings = check_cooperation(path, catalog(load_library())).findings
    assert any(f.code == "R-ACT-1" and format_path(f.path) == f"activities[0].{key}"
               for f in findings), [f.format() for f in findings]


def test_every_activity_rule_has_a_case() -> None:
    prefixes = ("R-ACT-", "R-EK-", "R-VK-", "R-RS-", "R-LF-", "R-FE-", "R-MK-", "R-PF-", "CD-ACT-")
    codes = {r.code for r in RULES if r.code.startswith(prefixes)}
    assert codes == {case[2] for case in CASES.values()}


def test_an_error_stops_the_build_with_exit_1_and_the_message(tmp_path: Path) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_text(*CASES["landlord refused"][:2]), encoding="utf-8")
    result = CliRunner().invoke(main, ["agreement", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    # list items are named by their id, as a measure's set path names them (issue 18 item 6)
    assert (f"{path}:22:69: error: activities.shared_resources.resources.raum.landlord_consent: "
            "the landlord refused consent: letting another partner use the premises breaches the "
            "lease (§ 540 BGB) and allows termination; obtain consent or share other premises "
            "[R-RS-1]") in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_complete_activity_of_each_type_validates_clean(tmp_path: Path) -> None:
    """The samples' activities, and a referral, give no finding of the activity rules."""
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL + (
        "activities:\n  - type: joint_sales\n    mode: referral\n    commission: {rate_percent: "
        "5, duration_months: 12, statement: quarterly}\n"), encoding="utf-8")
    assert check_cooperation(path, catalog(load_library())).findings == []
