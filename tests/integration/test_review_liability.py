"""Issue 17, items 1 and 2: the contractual penalty and the liability cap hold as standard terms.

Item 1: the penalty of the confidentiality § needs fault, covers only information marked
confidential or obviously secret, is a fixed amount or set by Hamburger Brauch, has an overall
cap (five times the amount per breach when the input gives none), treats continuing breaches
sensibly, is credited against damages and keeps further claims (R-STD-4b).
Item 2: the essential duties are defined abstractly; a fixed cap (per loss event, per contract
year) applies only to slight negligence and is stated as the partners' estimate of the typical
foreseeable damage (R-STD-5b); the unlimited carve-outs stay intact.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import GAMMA, MINIMAL, SAMPLES, WriteYaml
from tests.support.agreement import Agreement, read_agreement

EN = "language: en\n"


def build(write_yaml: WriteYaml, clauses: str, *, extra: str = "") -> Agreement:
    return read_agreement(write_yaml(MINIMAL + extra + "clauses:\n" + clauses))


def secrets(agreement: Agreement) -> str:
    return agreement.section("Vertraulichkeit" if agreement.language == "de"
                             else "Confidentiality")


def liability(agreement: Agreement) -> str:
    return agreement.section("Haftung" if agreement.language == "de" else "Liability")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- item 1: contractual penalty ---------------------------------------------------------------

@pytest.mark.rule("R-STD-4b")
def test_fixed_penalty_has_fault_marking_overall_cap_and_credit(write_yaml: WriteYaml) -> None:
    text = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 25000}\n")))
    for phrase in (
            "Verletzt ein Partner schuldhaft",
            "für jeden Verstoß eine Vertragsstrafe von 25.000,00 €",
            "nur verwirkt, wenn der offenlegende Partner die betroffenen Informationen als "
            "vertraulich gekennzeichnet hat",
            "oder wenn ihre Geheimhaltungsbedürftigkeit offensichtlich ist",
            "innerhalb von 14 Tagen in Textform bestätigt hat",
            "Ohne Verschulden ist keine Vertragsstrafe verwirkt",
            "Mehrere Handlungen, die auf einem einheitlichen Entschluss beruhen",
            "für jeden vollen Monat, in dem er nach Zugang einer Aufforderung",
            # no cap in the input: five times the amount per breach (an assumption)
            "zusammen, gleich gegenüber welchem Partner, auf 125.000,00 € begrenzt "
            "(Gesamtobergrenze)",
            "wird auf einen Anspruch auf Schadensersatz wegen desselben Verstoßes angerechnet",
            "(§ 340 Abs. 2 BGB)",
            "bleiben die Ansprüche auf Unterlassung",
            "auf Ersatz des die Vertragsstrafe übersteigenden Schadens"):
        assert phrase in text, phrase
    assert "für jeden solchen Verstoß" not in text
    assert "billigem Ermessen" not in text


@pytest.mark.rule("R-STD-4b")
def test_penalty_by_hamburger_brauch_with_explicit_cap(write_yaml: WriteYaml) -> None:
    text = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 20000, penalty_mode: "
                                          "hamburg, penalty_cap: 60000}\n")))
    for phrase in (
            "für jeden Verstoß eine Vertragsstrafe, deren Höhe dieser Partner nach billigem "
            "Ermessen bestimmt, höchstens jedoch 20.000,00 € je Verstoß (Hamburger Brauch)",
            "(§ 315 Abs. 3 BGB), auch wenn der verpflichtete Partner Kaufmann ist",
            "den auf ihn entfallenden gleichen Anteil am Höchstbetrag je Verstoß",
            "auf 60.000,00 € begrenzt (Gesamtobergrenze)",
            "oder verstößt er schuldhaft gegen das Rückbauverbot"):
        assert phrase in text, phrase
    assert "Vertragsstrafe von" not in text


@pytest.mark.rule("R-STD-4b")
def test_penalty_in_english(write_yaml: WriteYaml) -> None:
    fixed = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 10000, penalty_cap: "
                                           "30000}\n", extra=EN)))
    for phrase in (
            "culpably breaches",
            "a contractual penalty (Vertragsstrafe) of EUR 10,000.00 for each breach",
            "marked the information affected as confidential",
            "or if the need to keep it secret is obvious",
            "No contractual penalty becomes payable without fault",
            "Several acts based on a single decision",
            "to EUR 30,000.00 (the “Overall Cap”, Gesamtobergrenze)",
            "credited against any claim for damages for the same breach",
            "(section 340(2) BGB)",
            "claims for injunctive relief (Unterlassung)"):
        assert phrase in fixed, phrase
    hamburg = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 10000, penalty_mode: "
                                             "hamburg}\n", extra=EN)))
    for phrase in ("in its reasonable discretion (billiges Ermessen), but not exceeding "
                   "EUR 10,000.00 per breach (Hamburger Brauch)",
                   "(section 315(3) of the German Civil Code (BGB)), even if the Partner in "
                   "breach is a merchant (Kaufmann)",
                   "to EUR 50,000.00 (the “Overall Cap”"):
        assert phrase in hamburg, phrase


def test_no_penalty_without_an_amount(write_yaml: WriteYaml) -> None:
    text = secrets(build(write_yaml, "  trade_secrets: {years_after_end: 3}\n"))
    assert text and "Vertragsstrafe" not in text and "Gesamtobergrenze" not in text


def test_penalty_marking_follows_the_tiers(write_yaml: WriteYaml) -> None:
    tiered = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 5000}\n")))
    assert "(auch durch die Angabe ihrer Vertraulichkeitsstufe)" in tiered
    plain = flat(secrets(build(write_yaml, "  trade_secrets: {penalty: 5000, tiers: [public], "
                                           "reverse_engineering_ban: false}\n")))
    assert "Vertraulichkeitsstufe)" not in plain and "Rückbauverbot" not in plain
    assert "als vertraulich gekennzeichnet hat oder wenn" in plain


# --- item 2: liability cap ---------------------------------------------------------------------

DEFINITION = ("Wesentliche Vertragspflichten sind Pflichten, deren Erfüllung die ordnungsgemäße "
              "Durchführung dieser Vereinbarung überhaupt erst ermöglicht und auf deren "
              "Einhaltung die anderen Partner regelmäßig vertrauen und vertrauen dürfen, sowie "
              "Pflichten, deren Verletzung die Erreichung des Zwecks dieser Vereinbarung "
              "gefährdet.")


@pytest.mark.rule("R-STD-5b")
def test_cap_per_event_is_stated_as_the_typical_damage(write_yaml: WriteYaml) -> None:
    text = flat(liability(build(write_yaml, "  liability: {cap: 250000}\n")))
    for phrase in (
            DEFINITION,
            "(vertragstypischer, vorhersehbarer Schaden)",
            "Bei einfacher Fahrlässigkeit ist die Haftung eines Partners für die Verletzung "
            "wesentlicher Vertragspflichten außerdem auf 250.000,00 € je Schadensfall begrenzt.",
            "Die Partner vereinbaren diesen Höchstbetrag in der übereinstimmenden Einschätzung, "
            "dass er den vertragstypischen, vorhersehbaren Schaden deckt; er gilt nicht in den "
            "Fällen des vorstehenden Absatzes."):
        assert phrase in text, phrase
    assert "Sie ist außerdem auf" not in text
    assert "Vertragsjahr" not in text


@pytest.mark.rule("R-STD-5b")
def test_annual_cap_with_contract_years(write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml, "  liability: {cap: 500000, annual_cap: 1000000}\n")
    text = flat(liability(agreement))
    term = next(h for h in agreement.headings if "Laufzeit" in h).split(" ")[1]
    for phrase in (
            "außerdem auf 500.000,00 € je Schadensfall und gegenüber dem anderen Partner für "
            "alle Schadensfälle eines Vertragsjahres zusammen auf 1.000.000,00 € begrenzt.",
            "Die Partner vereinbaren diese Höchstbeträge in der übereinstimmenden Einschätzung, "
            "dass sie den vertragstypischen, vorhersehbaren Schaden decken; sie gelten nicht",
            f"Vertragsjahr ist jeder Zeitraum von zwölf Monaten ab dem Beginn (§ {term}); ein "
            "Schadensfall zählt zu dem Vertragsjahr, in dem er eingetreten ist."):
        assert phrase in text, phrase
    alone = flat(liability(build(write_yaml, "  liability: {annual_cap: 800000}\n")))
    assert ("außerdem gegenüber dem anderen Partner für alle Schadensfälle eines Vertragsjahres "
            "zusammen auf 800.000,00 € begrenzt. Die Partner vereinbaren diesen Höchstbetrag"
            in alone)
    assert "je Schadensfall" not in alone.split("Gegenüber seinen eigenen Kunden")[0]


@pytest.mark.rule("R-STD-5b")
def test_cap_in_english(write_yaml: WriteYaml) -> None:
    text = flat(liability(build(write_yaml, "  liability: {cap: 500000, annual_cap: 1000000}\n",
                                extra=EN)))
    for phrase in (
            "Material contractual obligations (wesentliche Vertragspflichten) are obligations "
            "the fulfilment of which makes the proper performance of this Agreement possible in "
            "the first place and on the fulfilment of which the other Partners regularly rely "
            "and may rely, as well as obligations the breach of which jeopardises the "
            "achievement of the purpose of this Agreement.",
            "is also limited to EUR 500,000.00 per loss event and to EUR 1,000,000.00 towards "
            "the other Partner for all loss events of a contract year taken together.",
            "The Partners agree on these maximum amounts in their shared assessment that they "
            "cover the typical foreseeable damage; they do not apply in the cases of the "
            "preceding paragraph.",
            "A contract year is each period of twelve months from the Start"):
        assert phrase in text, phrase
    assert "It is also limited to" not in text


def test_annual_cap_in_a_network_is_per_other_partner(write_yaml: WriteYaml) -> None:
    gamma = GAMMA.replace("    legal_form: AG\n", "    legal_form: AG\n    role: coordinator\n")
    text = flat(liability(build(write_yaml, "  liability: {annual_cap: 800000}\n", extra=gamma)))
    assert "gegenüber jedem anderen Partner für alle Schadensfälle eines Vertragsjahres" in text


def test_no_cap_no_maximum_amount(write_yaml: WriteYaml) -> None:
    text = flat(liability(build(write_yaml, "  liability: {exclude_indirect: true}\n")))
    assert DEFINITION in text
    assert "Höchstbetrag" not in text and "Vertragsjahr" not in text


def test_carve_outs_stay_intact_with_caps(write_yaml: WriteYaml) -> None:
    """R-HAFT-1..6 as in test_own_text, with both caps set: the caps never reach the list."""
    text = flat(liability(build(write_yaml, "  liability: {cap: 250000, annual_cap: 500000}\n")))
    carve_outs = text.index("Ohne jede Beschränkung nach diesem Paragraphen haftet jeder Partner")
    cap = text.index("außerdem auf 250.000,00 €")
    assert carve_outs < cap
    for phrase in ("für Vorsatz und grobe Fahrlässigkeit, auch seiner gesetzlichen Vertreter und "
                   "Erfüllungsgehilfen",
                   "Verletzung des Lebens, des Körpers oder der Gesundheit",
                   "nach dem Produkthaftungsgesetz", "Garantie", "arglistig verschwiegene",
                   "Die Haftung für Vorsatz und grobe Fahrlässigkeit wird durch diese "
                   "Vereinbarung weder ausgeschlossen noch beschränkt",
                   "Verordnung (EU) 2023/2854",
                   "sie gelten nicht in den Fällen des vorstehenden Absatzes"):
        assert phrase in text, phrase


# --- the samples that set a penalty or a cap ---------------------------------------------------

def _options(sample: Path, module: str) -> dict[str, Any]:
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    options: dict[str, Any] = (data.get("clauses") or {}).get(module) or {}
    return options


WITH_OPTIONS = [s for s in SAMPLES if _options(s, "trade_secrets").get("penalty")
                or _options(s, "liability").get("cap")]


@pytest.mark.rule("R-STD-4b")
@pytest.mark.rule("R-STD-5b")
@pytest.mark.parametrize("sample", WITH_OPTIONS, ids=[s.parent.name for s in WITH_OPTIONS])
def test_samples_with_a_penalty_or_cap(sample: Path) -> None:
    agreement = read_agreement(sample)
    de = agreement.language == "de"
    if _options(sample, "trade_secrets").get("penalty"):
        text = flat(secrets(agreement))
        for phrase in (["schuldhaft", "Geheimhaltungsbedürftigkeit offensichtlich",
                        "(Gesamtobergrenze)", "§ 340 Abs. 2 BGB", "Unterlassung"] if de else
                       ["culpably", "need to keep it secret is obvious", "Overall Cap",
                        "section 340(2) BGB", "injunctive relief"]):
            assert phrase in text, (sample, phrase)
    if _options(sample, "liability").get("cap"):
        text = flat(liability(agreement))
        for phrase in (["den vertragstypischen, vorhersehbaren Schaden deckt",
                        "nicht in den Fällen des vorstehenden Absatzes"] if de else
                       ["it covers the typical foreseeable damage",
                        "not apply in the cases of the preceding paragraph"]):
            assert phrase in text, (sample, phrase)


def test_samples_cover_both_options_and_languages() -> None:
    """The sample test bites: penalty and cap samples exist in German and English."""
    languages = {yaml.safe_load(s.read_text(encoding="utf-8")).get("language", "de")
                 for s in WITH_OPTIONS}
    assert languages == {"de", "en"}
    assert any(_options(s, "trade_secrets").get("penalty") for s in WITH_OPTIONS)
    assert any(_options(s, "liability").get("cap") for s in WITH_OPTIONS)
