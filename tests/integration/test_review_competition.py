"""Issue 17, items 7, 8 and part of 14: joint commercialisation, loss sharing, joint name.

Item 7: the competition-law § treats joint commercialisation explicitly (joint offers in every
form, also coordinated offers to the same customer, joint sales, sharing of revenue) and allows
it between competitors only for the individual contract for which the partners are needed
together (Arbeitsgemeinschaftsgedanke; Horizontal Guidelines 2023 ch. 5, "realistically
capable"); its blanket independence rule yields only to what the § expressly permits; a profit
pool among competitors covers only permitted joint business and only the partners taking part;
the self-assessment assesses the pool with the activity it covers, and the external § sends
coordinated offers of competitors to the same rules (R-KART-5b).
Item 8: losses of the joint business are borne only out of each partner's own proceeds (plus an
agreed loss cap), any further loss balancing or Nachschuss needs each partner's consent (§ 710
BGB), and the contributions and costs §§ say the same (R-FIN-5).
Item 14 (part): where a joint name or brand exists, the legal-nature § says how it relates to the
partners' own appearance instead of saying that they never use a common name (R-GBR-4b).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, WriteYaml
from tests.support.agreement import Agreement, read_agreement

SAMPLES = ROOT / "samples"
EINKAUF = SAMPLES / "einkaufsverbund" / "cooperation.yaml"
RADREGION = SAMPLES / "radregion" / "cooperation.yaml"
SENSOR = SAMPLES / "sensor-services" / "cooperation.yaml"
ANLAGEN = SAMPLES / "network" / "cooperations" / "anlagenservice" / "cooperation.yaml"
DMP = SAMPLES / "3dmp" / "cooperation.yaml"

TITLES = {
    "de": {"competition": "Kartellrecht", "results": "Ergebnisverteilung",
           "contributions": "Beiträge", "costs": "Kosten", "nature": "Rechtsnatur",
           "external": "Außenauftritt", "annex": "Kartellrechtliche Selbsteinschätzung"},
    "en": {"competition": "Competition law", "results": "Distribution of financial results",
           "contributions": "Contributions", "costs": "Costs", "nature": "Legal nature",
           "external": "External appearance", "annex": "Competition law self-assessment"},
}

# Two competitors selling together as a bidding consortium, with a pool of the joint business.
CONSORTIUM = """\
format: 1
id: arge
title: Bietergemeinschaft Brückenprüfung
date: 2026-03-01
kind: horizontal
fields: [sales, services]
legal_nature: internal_partnership
purpose: Gemeinsame Angebote für die Prüfung großer Brückenbauwerke.
partners:
  - id: alpha
    name: Alpha GmbH
    legal_form: GmbH
    address: {street: Hauptstraße 1, postal_code: "10115", city: Berlin}
    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]
    competitor_of: [beta]
  - id: beta
    name: Beta KG
    legal_form: KG
    address: {street: Nebenweg 2, postal_code: "20095", city: Hamburg}
    represented_by: [{name: Bernd Beta, function: Geschäftsführer}]
activities:
  - id: bieter
    type: joint_sales
    mode: bidding_consortium
    lead: alpha
    necessity: {case_group: not_capable_alone, rationale: "Keiner hat genug Prüfingenieure."}
    work_shares: {alpha: 50, beta: 50}
    competition: {market_share_percent: 8}
clauses:
  profit_sharing: {model: pool, shares: {alpha: 50, beta: 50}}
"""


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def part(agreement: Agreement, key: str) -> str:
    title = TITLES[agreement.language][key]
    text = agreement.annex(title) if key == "annex" else agreement.section(title)
    assert text, (key, agreement.headings)
    return flat(text)


def number(agreement: Agreement, key: str) -> str:
    """'§ n' of the § whose heading starts with the title of ``key``."""
    title = TITLES[agreement.language][key]
    [heading] = [h for h in agreement.headings if re.match(rf"§ \d+ {re.escape(title)}", h)]
    return heading.split(" ")[0] + " " + heading.split(" ")[1]


def variant(write_yaml: WriteYaml, sample: Path, **changes: object) -> Agreement:
    """A sample with top-level keys replaced and clause options merged in."""
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    clauses = changes.pop("clauses", {})
    data.update(changes)
    assert isinstance(clauses, dict)
    for module, options in clauses.items():
        data.setdefault("clauses", {}).setdefault(module, {}).update(options)
    return read_agreement(write_yaml(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))


@pytest.fixture(scope="module")
def einkauf() -> Agreement:
    return read_agreement(EINKAUF)


@pytest.fixture
def consortium(write_yaml: WriteYaml) -> Agreement:
    return read_agreement(write_yaml(CONSORTIUM))


# --- item 7: joint commercialisation among competitors ------------------------------------------

@pytest.mark.rule("R-KART-5b")
def test_independence_yields_only_to_what_the_section_permits(einkauf: Agreement) -> None:
    text = part(einkauf, "competition")
    assert ("sprechen einander hierzu keine Empfehlungen aus, soweit nicht dieser Paragraph eine "
            "gemeinsame Tätigkeit ausdrücklich und in den dort bestimmten Grenzen zulässt."
            ) in text


@pytest.mark.rule("R-KART-5b")
def test_joint_commercialisation_is_defined_and_limited_to_needed_partners(
        einkauf: Agreement) -> None:
    text = part(einkauf, "competition")
    for phrase in (
            "Gemeinsame Vermarktung im Sinne dieses Paragraphen sind gemeinsame Angebote an Kunden",
            "auch als Bietergemeinschaft oder mit einem Partner als Hauptunternehmer und anderen "
            "Partnern als Nachunternehmern (gemeinsames Angebot)",
            "die Teilung von Erlösen oder Ergebnissen aus solchen Geschäften",
            "nur für den einzelnen Auftrag zulässig, für den die beteiligten Partner zusammen "
            "benötigt werden, weil weder einer von ihnen allein noch ein Teil von ihnen ohne die "
            "übrigen realistischerweise in der Lage wäre",
            "(Arbeitsgemeinschaftsgedanke)",
            "ein gemeinsamer Preis ist nur für dieses Angebot zulässig",
            # no joint sales activity: only the individual case
            "Einen gemeinsamen Vertrieb sieht diese Vereinbarung nicht vor; ein gemeinsames "
            "Angebot solcher Partner ist nur im Einzelfall unter den vorstehenden Voraussetzungen "
            "zulässig."):
        assert phrase in text, phrase
    # coordinated offers to customers are named only where the partners serve customers
    assert "aufeinander abgestimmte" not in text


@pytest.mark.rule("R-KART-5b")
def test_pool_among_competitors_covers_only_permitted_business_and_participants(
        einkauf: Agreement) -> None:
    competition = part(einkauf, "competition")
    results = part(einkauf, "results")
    annex = part(einkauf, "annex")
    results_ref = number(einkauf, "results")
    assert (f"Soweit Partner miteinander im Wettbewerb stehen, sind gemeinsame Geschäfte im Sinne "
            f"von {results_ref} nur die Geschäfte im gemeinsamen Einkauf nach § 6 und gemeinsame "
            "Angebote, die nach diesem Paragraphen zulässig sind; am Ergebnis eines solchen "
            "Geschäfts werden von ihnen nur die Partner beteiligt, die an ihm mitwirken."
            ) in competition
    assert ("kein Partner erhält einen Ausgleich dafür, dass er ein Angebot nicht abgibt oder "
            "einen Auftrag oder Kunden einem anderen Partner überlässt") in competition
    # the results § says the same, with the mechanics
    assert (f"als gemeinsame Geschäfte nur Geschäfte bestimmt, die nach "
            f"{number(einkauf, 'competition')} zulässig sind") in results
    assert ("Wirkt ein Partner an einem gemeinsamen Geschäft nicht mit und steht er mit einem "
            "Partner im Wettbewerb, der daran mitwirkt, erhält er aus diesem Geschäft keinen "
            "Anteil am Geschäftsergebnis und trägt keinen Anteil an einem Verlust") in results
    # and the self-assessment assesses the pool instead of leaving it out
    for phrase in (
            f"Nach {results_ref} verteilen die Partner das Ergebnis gemeinsamer Geschäfte nach "
            "festen Anteilen.",
            "oder ein Ausgleich für nicht abgegebene Angebote wäre regelmäßig eine bezweckte "
            "Wettbewerbsbeschränkung",
            "Ergebnis: Die Ergebnisverteilung begründet unter diesen Voraussetzungen keine "
            "eigenständige Wettbewerbsbeschränkung",
            # an ad-hoc joint offer is not silently covered by the assessment
            "Ein solches Angebot ist in dieser Selbsteinschätzung nicht beurteilt; die beteiligten "
            "Partner prüfen vor seiner Abgabe, ob die Voraussetzungen vorliegen"):
        assert phrase in annex, phrase


@pytest.mark.rule("R-KART-5b")
def test_joint_sales_with_pool_is_assessed_with_the_activity(consortium: Agreement) -> None:
    competition = part(consortium, "competition")
    annex = part(consortium, "annex")
    sales = number(consortium, "competition")
    assert re.search(r"Gemeinsame Angebote solcher Partner sind außerdem nur im gemeinsamen "
                     r"Vertrieb nach § \d+ zulässig; dort gelten ergänzend die bestimmten "
                     r"Voraussetzungen und Verfahren\.", competition)
    assert "Einen gemeinsamen Vertrieb sieht diese Vereinbarung nicht vor" not in competition
    for phrase in (
            "dem von der Rechtsprechung entwickelten Arbeitsgemeinschaftsgedanken beschränkt ein "
            "gemeinsames Angebot von Wettbewerbern den Wettbewerb nicht, wenn die Beteiligten "
            "realistischerweise nicht in der Lage wären, den Auftrag allein oder in kleinerer "
            "Zahl auszuführen",
            f"nach {sales} ist ein gemeinsames Angebot nur dann zulässig",
            "Die Verteilung des Ergebnisses gemeinsamer Angebote nach "
            f"{number(consortium, 'results')} ist Teil des gemeinsamen Vertriebs und wird mit ihm "
            "beurteilt"):
        assert phrase in annex, phrase
    assert "in dieser Selbsteinschätzung nicht beurteilt" not in annex


@pytest.mark.rule("R-KART-5b")
def test_coordinated_offers_of_competitors_follow_the_joint_offer_rules(
        consortium: Agreement) -> None:
    competition = part(consortium, "competition")
    for phrase in (
            "auch als Bietergemeinschaft, mit einem Partner als Hauptunternehmer und anderen "
            "Partnern als Nachunternehmern oder in Form aufeinander abgestimmter Angebote mehrerer "
            "Partner an denselben Kunden (gemeinsames Angebot)",
            "Gemeinsame oder aufeinander abgestimmte Angebote von Partnern, die nicht "
            "miteinander im Wettbewerb stehen, über einander ergänzende Leistungen bedürfen der "
            "Voraussetzungen des vorstehenden Absatzes nicht."):
        assert phrase in competition, phrase
    external = part(consortium, "external")
    assert ("Partner, die miteinander im Wettbewerb stehen, unterbreiten aufeinander abgestimmte "
            "Angebote nur als gemeinsames Angebot unter den Voraussetzungen von "
            f"{number(consortium, 'competition')}.") in external
    assert "soweit dies nach" not in external


@pytest.mark.rule("R-KART-5b")
def test_services_without_activities_get_the_joint_offer_rules(write_yaml: WriteYaml) -> None:
    """The external § mentions coordinated offers for services; the competition § covers them."""
    data = yaml.safe_load(CONSORTIUM)
    del data["activities"]
    data["fields"] = ["services"]
    data["legal_nature"] = "coordination"
    data["clauses"] = {}
    agreement = read_agreement(write_yaml(yaml.safe_dump(data, allow_unicode=True)))
    competition = part(agreement, "competition")
    assert "Gemeinsame Vermarktung im Sinne dieses Paragraphen" in competition
    assert "(Arbeitsgemeinschaftsgedanke)" in competition
    assert "aufeinander abgestimmte Angebote nur als gemeinsames Angebot" in part(
        agreement, "external")


@pytest.mark.rule("R-KART-5b")
def test_english_joint_commercialisation(write_yaml: WriteYaml) -> None:
    agreement = variant(write_yaml, EINKAUF, language="en")
    text = part(agreement, "competition")
    for phrase in (
            "except where this section expressly permits a joint activity",
            "as a bidding consortium (Bietergemeinschaft) or with one Partner as main contractor "
            "and other Partners as subcontractors (a “Joint Offer”)",
            "neither any one of them alone nor any group of them without the others would "
            "realistically be capable of performing the contract",
            "(the consortium principle, Arbeitsgemeinschaftsgedanke)",
            "among such Partners, only those that take part in such business share in its result",
            "no Partner receives any compensation for refraining from submitting an offer"):
        assert phrase in text, phrase
    annex = part(agreement, "annex")
    assert ("Result: under these conditions, the distribution of results does not constitute a "
            "separate restriction of competition") in annex
    assert "Such an offer is not assessed in this Self-Assessment" in annex


# --- item 8: losses and Nachschüsse -------------------------------------------------------------

@pytest.mark.rule("R-FIN-5")
def test_pool_losses_only_out_of_proceeds_and_no_nachschuss(einkauf: Agreement) -> None:
    results = part(einkauf, "results")
    for phrase in (
            "tragen die Partner im selben Verhältnis wie ein positives Geschäftsergebnis, jedoch "
            "nur in den Grenzen dieses Absatzes",
            "schuldet ein Partner Ausgleichszahlungen höchstens in Höhe des Betrags, um den die "
            "Erlöse, die ihm in diesem Kalenderjahr aus gemeinsamen Geschäften zugeflossen sind, "
            "die ihm dabei entstandenen unmittelbar zurechenbaren Kosten übersteigen "
            "(Einzelergebnis), und damit nur aus den Erlösen der gemeinsamen Geschäfte.",
            "Mit dieser Vereinbarung stimmt jeder Partner einer Beteiligung am Verlust nur in den "
            "Grenzen des vorstehenden Absatzes zu.",
            "Eine weitergehende Pflicht, Verluste auszugleichen oder Nachschüsse zu leisten, "
            "besteht nicht (§ 710 BGB); sie kann nur mit Zustimmung jedes Partners, den sie "
            "treffen soll, in Textform begründet werden, nicht durch Beschluss des "
            "Lenkungskreises."):
        assert phrase in results, phrase
    # the unlimited loss sharing is gone
    assert "wie ein positives Geschäftsergebnis; der Ausgleich" not in results
    contributions = part(einkauf, "contributions")
    assert "Nachschüsse zu leisten (§ 710 BGB)" in contributions
    assert re.search(r"Ausgleichszahlungen für einen Verlust aus gemeinsamen Geschäften nur in den "
                     r"Grenzen von § \d+, denen er mit Abschluss dieser Vereinbarung zustimmt; "
                     r"solche Zahlungen sind keine Nachschüsse im Sinne des vorstehenden Satzes\.",
                     contributions)


@pytest.mark.rule("R-FIN-5")
def test_agreed_loss_cap(write_yaml: WriteYaml) -> None:
    german = part(variant(write_yaml, EINKAUF, clauses={"profit_sharing": {"loss_cap": 10000}}),
                  "results")
    assert "(Einzelergebnis), zuzüglich höchstens 10.000,00 € (Verlustobergrenze)." in german
    assert "nur aus den Erlösen der gemeinsamen Geschäfte" not in german
    english = part(variant(write_yaml, EINKAUF, language="en",
                           clauses={"profit_sharing": {"loss_cap": 10000}}), "results")
    assert "(its “Individual Result”), plus at most EUR 10,000.00 (the “Loss Cap”)." in english
    assert ("There is no further obligation to make good losses or to make further payments "
            "(Nachschüsse) (section 710 BGB)") in english


@pytest.mark.rule("R-FIN-5")
def test_coordination_pool_shares_no_losses(write_yaml: WriteYaml) -> None:
    results = part(variant(write_yaml, EINKAUF, legal_nature="coordination"), "results")
    assert "Eine Beteiligung eines Partners an Verlusten anderer Partner ist ausgeschlossen." \
        in results


@pytest.mark.rule("R-FIN-5")
def test_joint_costs_never_beyond_the_approved_share() -> None:
    costs = part(read_agreement(SENSOR), "costs")
    assert ("No Partner is obliged to bear Joint Costs beyond its share of the approved maximum "
            "amounts unless it consents to this in text form; a resolution of the Steering "
            "Committee cannot create any further payment obligation.") in costs
    assert ("For a measure whose Joint Costs were approved before the withdrawal, obligations "
            "chargeable to the Joint Costs are entered into thereafter only to the extent that "
            "every remaining Partner whose share increases as a result consents in text form"
            ) in costs
    contributions = part(read_agreement(SENSOR), "contributions")
    assert re.search(r"A Partner owes payments under § \d+ only within the limits and with the "
                     r"consents provided for there; such payments are not further payments "
                     r"\(Nachschüsse\)", contributions)


# --- item 14 (part): a joint name next to the legal nature --------------------------------------

@pytest.mark.rule("R-GBR-4b")
def test_brand_of_joint_marketing_is_explained_in_legal_nature() -> None:
    agreement = read_agreement(RADREGION)
    text = part(agreement, "nature")
    assert "Die Partner treten im Rechtsverkehr nicht unter einem gemeinsamen Namen auf." \
        not in text
    marketing = [h for h in agreement.headings if "Marketing" in h]
    [marketing_ref] = [" ".join(h.split(" ")[:2]) for h in marketing]
    for phrase in (
            "Die Partner schließen keine Verträge unter einem gemeinsamen Namen ab und treten im "
            "Rechtsverkehr weder als Gesellschaft noch als gemeinsames Unternehmen auf.",
            f"Die Marke „RadRegion Aachen“ nach {marketing_ref} dient nur dazu, die Zusammenarbeit "
            "der Partner und ihre Leistungen nach außen, insbesondere in der Werbung, zu "
            "kennzeichnen.",
            "Sie ist weder Firma noch Name eines Vertragspartners.",
            "mit ihrer Verwendung wollen sie nicht als Gesellschaft am Rechtsverkehr teilnehmen "
            "(§ 705 Abs. 2 und 3 BGB)",
            # the short title equals the brand: it is used externally only as the brand
            f"nach außen wird „RadRegion Aachen“ nur als Marke nach {marketing_ref} verwendet"):
        assert phrase in text, phrase


@pytest.mark.rule("R-GBR-4b")
def test_joint_name_of_the_external_section_in_english() -> None:
    agreement = read_agreement(SENSOR)
    text = part(agreement, "nature")
    assert "The Partners do not enter into legal transactions under a common name." not in text
    assert (f"The Joint Name “PumpSense” under {number(agreement, 'external')} serves only to "
            "identify the Partners’ cooperation and their services externally") in text
    assert "(section 705(2) and (3) BGB)" in text


@pytest.mark.rule("R-GBR-4b")
def test_joint_name_in_an_internal_partnership(write_yaml: WriteYaml) -> None:
    agreement = variant(write_yaml, ANLAGEN, clauses={
        "external": {"appearance": "joint_name", "name": "Servicepool B.I.G."}})
    text = part(agreement, "nature")
    assert (f"Die gemeinsame Bezeichnung „Servicepool B.I.G.“ nach {number(agreement, 'external')}"
            " dient nur dazu") in text
    assert "Sie ist weder Firma noch Name der Gesellschaft oder eines Vertragspartners." in text


@pytest.mark.rule("R-GBR-4b")
def test_without_joint_name_the_plain_sentence_stays() -> None:
    text = part(read_agreement(DMP), "nature")
    assert "Die Partner treten im Rechtsverkehr nicht unter einem gemeinsamen Namen auf." in text
    assert "dient nur dazu" not in text
