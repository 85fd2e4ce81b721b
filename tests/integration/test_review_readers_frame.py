"""Issue 17, second readers (a German and an English lawyer): defects in the frame of the agreement.

1. The final provisions list every annex, the operating annexes (Betriebsordnungen) included;
   formal notices go to the management at the business address of the Rubrum with a copy to the
   contact person, day-to-day communications to the contact person; no English words for German
   preliminary agreements.
2. A coordination contract cannot exclude a GbR by intent alone (§ 705 BGB is objective): should
   it be one, it is a partnership without legal capacity whose agreement this is.
3. Abstentions count the same in meetings and in the written procedure; silence there counts as
   no, deliberately and with its reason; a partner without a vote is not counted.
4. The contractual penalty: information only deemed to be in a tier because it is unmarked is not
   marked (§ 305c Abs. 2 BGB); in English a penalty "becomes payable", it is not "forfeited".
5. A serious competition-law breach is a ground for excluding the wrongdoer, the innocent
   partner's own termination only a fallback; the accession § points to the grounds that exist.
6. No "Gesamthandsvermögen" since the MoPeG: "Gesellschaftsvermögen" (§ 713 BGB).
7. Joint purchasing with pooled rebates: the rebates go by pool shares, also for a leaving
   partner; the pool statement among competitors is prepared by a clean team and each partner
   sees only the total and its own payment.

Each case is built from an inline cooperation or a sample, in German and English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL, ROOT, WriteYaml
from tests.support.agreement import Agreement, read_agreement

ENGLISH = "language: en\n"
GAMMA = """\
  - id: gamma
    name: Gamma AG
    legal_form: AG
    address: {street: Seeufer 3, postal_code: "80331", city: München}
    represented_by: [{name: Gerda Gamma, function: Vorständin}]
"""
EINKAUF = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml"
RADREGION = ROOT / "samples" / "radregion" / "cooperation.yaml"


def build(write_yaml: WriteYaml, extra: str = "", *, language: str = "de",
          partners: int = 2) -> Agreement:
    text = MINIMAL + (GAMMA if partners == 3 else "") + extra
    return read_agreement(write_yaml((ENGLISH if language == "en" else "") + text))


def sample(write_yaml: WriteYaml, path: Path, *, language: str = "de",
           change: dict[str, Any] | None = None) -> Agreement:
    """A sample, in ``language``, with the dotted keys of ``change`` set (an activity by id)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["language"] = language
    for key, value in (change or {}).items():
        node: Any = data
        *parents, last = key.split(".")
        for part in parents:
            node = (next(a for a in node if a.get("id") == part) if isinstance(node, list)
                    else node.setdefault(part, {}))
        node[last] = value
    return read_agreement(write_yaml(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def number(agreement: Agreement, title: str) -> str:
    """"§ 21" for the § whose heading starts with ``title``."""
    heading = next(h for h in agreement.headings if re.match(rf"§ \d+ {re.escape(title)}", h))
    return " ".join(heading.split()[:2])


FINAL = {"de": "Schlussbestimmungen", "en": "Final provisions"}


# --- item 1: final provisions --------------------------------------------------------------------

@pytest.mark.parametrize("language", ["de", "en"])
def test_every_annex_is_listed_in_the_final_provisions(write_yaml: WriteYaml,
                                                         language: str) -> None:
    agreement = sample(write_yaml, EINKAUF, language=language)
    annexes = [line for line in agreement.lines if re.match(r"(Anlage|Annex) \d+: ", line)]
    operating = "Betriebsordnung" if language == "de" else "Operating rules"
    assert any(operating in a for a in annexes), annexes
    final = agreement.section(FINAL[language])
    listed = [re.sub(r"[,;.]$", "", line.split("\t", 1)[-1]) for line in final.splitlines()
              if re.match(r"[a-z]\)\s*(Anlage|Annex) \d+: ", line)]
    assert listed == annexes


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Anlage 1 (Partner, Vertreter und Beiträge) ist Bestandteil dieser Vereinbarung."),
    ("en", "Annex 1 (Partners, representatives and contributions) forms part of this "
           "Agreement.")])
def test_a_single_annex_keeps_its_sentence(write_yaml: WriteYaml, language: str,
                                           sentence: str) -> None:
    final = build(write_yaml, language=language).section(FINAL[language])
    assert sentence in final


def test_formal_notices_go_to_the_management_at_the_business_address(
        write_yaml: WriteYaml) -> None:
    agreement = sample(write_yaml, EINKAUF)
    final = flat(agreement.section("Schlussbestimmungen"))
    dispute = number(agreement, "Eskalation und Streitbeilegung")
    for phrase in (
            "Mitteilungen im laufenden Geschäftsverkehr sind an den in Anlage 1 benannten "
            "Ansprechpartner des jeweiligen Partners zu richten.",
            "Kündigungen, Abmahnungen, Erklärungen über den Ausschluss eines Partners und "
            f"Streitanzeigen nach {dispute} (förmliche Erklärungen) sind dagegen an die "
            "Geschäftsleitung des Partners (bei einem Einzelunternehmen an dessen Inhaber "
            "persönlich) unter seiner Geschäftsanschrift zu richten, die im Eingang dieser "
            "Vereinbarung angegeben ist; eine Kopie ist zugleich per E-Mail an seinen "
            "Ansprechpartner nach Anlage 1 zu senden.",
            "Eine förmliche Erklärung wird mit ihrem Zugang bei der Geschäftsleitung wirksam"):
        assert phrase in final, phrase
    # the Rubrum gives the business address the notices refer to
    assert "Geschäftsanschrift: Hafenweg 21, 48155 Münster" in agreement.text


def test_formal_notices_in_english(write_yaml: WriteYaml) -> None:
    agreement = sample(write_yaml, EINKAUF, language="en")
    final = flat(agreement.section("Final provisions"))
    for phrase in (
            "Day-to-day communications shall be addressed to the Contact Person of the Partner "
            "concerned named in Annex 1.",
            "Notices of termination, warnings (Abmahnungen), declarations on the exclusion of a "
            "Partner and Notices of Dispute under",
            "(“Formal Notices”), by contrast, shall be addressed to the management of the "
            "Partner concerned (for a sole trader (Einzelunternehmen), to its owner in person) "
            "at its business address (Geschäftsanschrift) stated in the description of the "
            "parties at the beginning of this Agreement; a copy shall be sent at the same time "
            "by e-mail to its Contact Person named in Annex 1.",
            "A Formal Notice takes effect upon receipt by the management"):
        assert phrase in final, phrase


def test_two_partners_without_contacts_get_formal_notices_without_exclusion(
        write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml)
    final = flat(agreement.section("Schlussbestimmungen"))
    assert ("Kündigungen, Abmahnungen und Streitanzeigen nach "
            + number(agreement, "Eskalation und Streitbeilegung")
            + " (förmliche Erklärungen) sind dagegen an die Geschäftsleitung des Partners unter "
            "seiner Geschäftsanschrift") in final
    assert "soweit dort ein Ansprechpartner benannt ist" in final
    assert ("wenn dort kein Ansprechpartner benannt ist, an die Geschäftsleitung des Partners "
            "unter seiner Geschäftsanschrift") in final


@pytest.mark.rule("R-STD-3")
def test_superseded_preliminary_agreements_in_german_words(write_yaml: WriteYaml) -> None:
    german = flat(build(write_yaml).section("Schlussbestimmungen"))
    assert "insbesondere Absichtserklärungen und sonstige Vorvereinbarungen" in german
    assert "Letter of Intent" not in german and "Memorand" not in german
    english = flat(build(write_yaml, language="en").section("Final provisions"))
    assert ("in particular letters of intent and other preliminary agreements "
            "(Absichtserklärungen und sonstige Vorvereinbarungen)") in english


# --- item 2: legal nature ------------------------------------------------------------------------

def test_coordination_contract_has_a_partnership_fallback(write_yaml: WriteYaml) -> None:
    text = flat(build(write_yaml).section("Rechtsnatur"))
    for phrase in (
            "Ob eine Gesellschaft bürgerlichen Rechts besteht, richtet sich nach den objektiven "
            "Voraussetzungen des § 705 BGB und nicht allein nach dem Willen der Partner.",
            "Sollte die Zusammenarbeit gleichwohl als Gesellschaft einzuordnen sein, ist sie eine "
            "nicht rechtsfähige Gesellschaft bürgerlichen Rechts (Innengesellschaft, § 705 Abs. 2 "
            "BGB)",
            "Diese Vereinbarung ist dann ihr Gesellschaftsvertrag; die §§ 740 bis 740c BGB gelten "
            "nur, soweit diese Vereinbarung keine Regelung enthält."):
        assert phrase in text, phrase
    assert "Sie wollen keine Gesellschaft" not in text
    english = flat(build(write_yaml, language="en").section("Legal nature"))
    for phrase in (
            "depends on the objective requirements of section 705 of the German Civil Code (BGB) "
            "and not solely on the intention of the Partners",
            "Should the Cooperation nonetheless be classified as a partnership, it is a civil-law "
            "partnership without legal capacity (nicht rechtsfähige Gesellschaft bürgerlichen "
            "Rechts), i.e. an internal partnership (Innengesellschaft, section 705(2) BGB)",
            "This Agreement is then its partnership agreement (Gesellschaftsvertrag); sections 740 "
            "to 740c BGB apply only to the extent that this Agreement contains no provision."):
        assert phrase in english, phrase
    assert "whether with or without legal capacity" not in english


def test_internal_partnership_has_no_fallback(write_yaml: WriteYaml) -> None:
    text = flat(build(write_yaml, "legal_nature: internal_partnership\n").section("Rechtsnatur"))
    assert "gleichwohl als Gesellschaft einzuordnen" not in text


# --- item 3: decisions ---------------------------------------------------------------------------

@pytest.mark.parametrize("partners", [2, 3])
def test_abstentions_count_alike_in_meetings_and_in_writing(write_yaml: WriteYaml,
                                                             partners: int) -> None:
    text = flat(build(write_yaml, partners=partners).section("Beschlussfassung"))
    for phrase in (
            "Stimmenthaltungen gelten in Sitzungen wie im Umlaufverfahren als nicht abgegebene "
            "Stimmen.",
            "Eine Stimmenthaltung gilt auch im Umlaufverfahren als nicht abgegebene Stimme.",
            "Ein stimmberechtigter Partner, der bis zum Ablauf der Frist weder eine Stimme "
            "abgegeben noch sich der Stimme enthalten hat, jeweils in Textform, gilt dagegen als "
            "mit Nein stimmend.",
            "Das weicht bewusst von den Regeln für Sitzungen ab, in denen ein nicht vertretener "
            "Partner nicht mitgezählt wird: Im Umlaufverfahren wird keine Beschlussfähigkeit "
            "festgestellt",
            "wird auch im Umlaufverfahren weder bei der Mehrheit mitgezählt noch gilt er als mit "
            "Nein stimmend; er wird angehört"):
        assert phrase in text, phrase
    assert "oder sich der Stimme enthalten hat, gilt als mit Nein stimmend" not in text


def test_abstentions_in_english(write_yaml: WriteYaml) -> None:
    text = flat(build(write_yaml, language="en", partners=3).section("Decision-making"))
    for phrase in (
            "Abstentions count as votes not cast, both in meetings and in the written procedure.",
            "An abstention counts as a vote not cast in the written procedure as well.",
            "has neither cast a vote nor abstained, in each case in text form, is, by contrast, "
            "deemed to have voted against. This departs deliberately from the rules for meetings",
            "is, in the written procedure too, neither counted for the majority nor deemed to "
            "have voted against"):
        assert phrase in text, phrase
    assert "or that has abstained, is deemed to have voted against" not in text


# --- item 4: contractual penalty -----------------------------------------------------------------

@pytest.mark.rule("R-STD-4b")
@pytest.mark.parametrize(("tiers", "deemed"), [
    (None, "partnerschaftsintern"),
    ("[public, need_to_know]", "streng vertraulich")])
def test_unmarked_information_is_not_marked_for_the_penalty(
        write_yaml: WriteYaml, tiers: str | None, deemed: str) -> None:
    options = "penalty: 10000" + (f", tiers: {tiers}" if tiers else "")
    text = flat(build(write_yaml, f"clauses:\n  trade_secrets: {{{options}}}\n")
                .section("Vertraulichkeit"))
    assert f"Nicht gekennzeichnete Informationen gelten als „{deemed}“." in text
    assert (f"Informationen, die nach diesem Paragraphen nur deshalb als „{deemed}“ gelten, weil "
            "sie nicht gekennzeichnet sind, sind nicht im Sinne dieses Absatzes gekennzeichnet; "
            "für sie ist die Vertragsstrafe nur verwirkt, wenn ihre Geheimhaltungsbedürftigkeit "
            "offensichtlich ist.") in text


def test_no_deemed_tier_no_sentence(write_yaml: WriteYaml) -> None:
    text = flat(build(write_yaml, "clauses:\n  trade_secrets: {penalty: 10000, tiers: [public]}\n")
                .section("Vertraulichkeit"))
    assert "Vertragsstrafe" in text and "nur deshalb als" not in text


@pytest.mark.rule("R-STD-4b")
def test_english_penalty_becomes_payable(write_yaml: WriteYaml) -> None:
    text = flat(build(write_yaml, "clauses:\n  trade_secrets: {penalty: 10000}\n",
                      language="en").section("Confidentiality"))
    assert "forfeit" not in text
    for phrase in (
            "the contractual penalty becomes payable only if the Disclosing Partner has marked",
            "Information that is deemed to be “Partners only” under this section only because "
            "it is not marked is not marked within the meaning of this paragraph",
            "No contractual penalty becomes payable without fault",
            "the contractual penalty becomes payable again for each full month",
            "All contractual penalties that have become payable by a Partner under this section",
            "no further contractual penalty becomes payable"):
        assert phrase in text, phrase


# --- item 5: competition-law breach and exclusion ------------------------------------------------

@pytest.mark.rule("R-STD-7")
@pytest.mark.parametrize("language", ["de", "en"])
def test_competition_breach_excludes_the_wrongdoer(write_yaml: WriteYaml, language: str) -> None:
    agreement = build(write_yaml, "kind: horizontal\n", language=language, partners=3)
    accession = number(agreement, "Beitritt" if language == "de" else "Accession")
    term = number(agreement, "Laufzeit" if language == "de" else "Term")
    text = flat(agreement.section("Kartellrecht" if language == "de" else "Competition law"))
    if language == "de":
        expected = (
            "ist ein wichtiger Grund, diesen Partner nach " + accession + " aus der Kooperation "
            "auszuschließen. Über den Ausschluss beschließt der Lenkungskreis nach Abmahnung und "
            "Ablauf der Frist zur Abhilfe, soweit diese nicht entbehrlich sind; der betroffene "
            "Partner hat dabei kein Stimmrecht.",
            "Das Recht jedes anderen Partners, seine eigene Teilnahme nach " + term + " aus "
            "wichtigem Grund zu kündigen (Austritt), bleibt unberührt, insbesondere wenn der "
            "Ausschluss nicht innerhalb einer angemessenen Frist beschlossen wird.")
        assert "jeden anderen Partner zur Kündigung" not in text
    else:
        expected = (
            "is good cause for excluding that Partner from the Cooperation under " + accession,
            "The right of each other Partner to terminate its own participation for good cause "
            "under " + term + " (withdrawal) remains unaffected")
        assert "entitling each other Partner to terminate" not in text
    for phrase in expected:
        assert phrase in text, phrase


def test_competition_breach_between_two_partners_is_a_ground_for_termination(
        write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml, "kind: horizontal\n")
    text = flat(agreement.section("Kartellrecht"))
    assert ("ist ein wichtiger Grund, der den anderen Partner zur Kündigung nach "
            + number(agreement, "Laufzeit") + " berechtigt.") in text
    assert "auszuschließen" not in text


@pytest.mark.rule("R-STD-7")
@pytest.mark.parametrize("language", ["de", "en"])
def test_accession_points_to_the_exclusion_grounds_that_exist(write_yaml: WriteYaml,
                                                              language: str) -> None:
    agreement = build(write_yaml, "kind: horizontal\n", language=language, partners=3)
    text = flat(agreement.section("Beitritt" if language == "de" else "Accession"))
    grounds = [number(agreement, t) for t in (
        ("Beiträge", "Laufzeit", "Kartellrecht", "Einhaltung von Rechtsvorschriften")
        if language == "de" else
        ("Contributions", "Term", "Competition law", "Compliance"))]
    assert len(grounds) == 4
    if language == "de":
        assert "Die Kündigung gegenüber einem einzelnen Partner" not in text
        assert re.search(r"Soweit andere Bestimmungen dieser Vereinbarung, insbesondere §§ [\d, ]+"
                         r" und \d+, einen Grund für den Ausschluss eines Partners nennen, richtet "
                         r"sich der Ausschluss nach diesem Absatz\.", text), text
        cited = re.search(r"insbesondere (§§ [^,]+(?:, [^,]+)*), einen Grund", text)
    else:
        assert "termination for good cause against an individual Partner" not in text
        assert re.search(r"Where other provisions of this Agreement, in particular §§ [\d, ]+ and "
                         r"\d+, state a ground for excluding a Partner, the exclusion is governed "
                         r"by this paragraph\.", text), text
        cited = re.search(r"in particular (§§ [^,]+(?:, [^,]+)*), state", text)
    assert cited is not None
    for ground in grounds:
        assert ground.split()[1] in re.findall(r"\d+", cited.group(1)), ground


# --- item 6: no Gesamthandsvermögen --------------------------------------------------------------

@pytest.mark.parametrize("model", ["own", "budget"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_costs_speak_of_partnership_assets(write_yaml: WriteYaml, model: str,
                                           language: str) -> None:
    extra = f"clauses:\n  costs: {{model: {model}" + (", budget: 10000" if model == "budget"
                                                      else "") + "}\n"
    agreement = build(write_yaml, extra, language=language)
    text = flat(agreement.section("Kosten" if language == "de" else "Costs"))
    assert "Gesamthand" not in agreement.text
    if language == "de":
        assert "Vermögen einer Gesellschaft (Gesellschaftsvermögen, § 713 BGB)" in text
    else:
        assert ("partnership assets (Gesellschaftsvermögen, section 713 of the German Civil "
                "Code (BGB))") in text


@pytest.mark.parametrize("language", ["de", "en"])
def test_marketing_budget_speaks_of_partnership_assets(write_yaml: WriteYaml,
                                                       language: str) -> None:
    agreement = sample(write_yaml, RADREGION, language=language)
    assert "Gesamthand" not in agreement.text
    text = flat(agreement.section("Gemeinsames Marketing" if language == "de"
                                  else "Joint marketing"))
    assert text
    if language == "de":
        assert ("Die Mittel werden weder gemeinschaftliches Vermögen der Partner noch Vermögen "
                "einer Gesellschaft (Gesellschaftsvermögen, § 713 BGB)") in text
    else:
        assert ("The funds become neither jointly owned assets of the Partners nor partnership "
                "assets (Gesellschaftsvermögen, section 713 of the German Civil Code "
                "(BGB))") in text


# --- item 7: pooled rebates in joint purchasing --------------------------------------------------

def test_pooled_rebates_go_by_pool_shares(write_yaml: WriteYaml) -> None:
    agreement = sample(write_yaml, EINKAUF)
    shares = number(agreement, "Ergebnisverteilung")
    text = flat(agreement.section("Gemeinsamer Einkauf"))
    for phrase in (
            f"Jedem teilnehmenden Partner steht an den Boni der Anteil zu, der ihm nach {shares} "
            "am Geschäftsergebnis zusteht (Poolanteil), unabhängig davon, in welchem Umfang er "
            "selbst über den gemeinsamen Einkauf bezogen hat; nach seinen Bezügen werden die Boni "
            "nicht verteilt.",
            "nicht aber Bezüge einzelner teilnehmender Partner",
            "steht ihm sein Poolanteil an den Boni zu, die Lieferanten für Zeiträume bis zu diesem "
            "Zeitpunkt gewähren",
            "der dem Verhältnis der Dauer seiner Teilnahme in diesem Zeitraum zu dessen "
            "Gesamtdauer entspricht"):
        assert phrase in text, phrase
    assert "der auf seine Bezüge bis zu diesem Zeitpunkt entfällt" not in text
    assert "Anteile an Boni" not in text
    annex = flat(agreement.annex("Betriebsordnung für den gemeinsamen Einkauf"))
    assert "nicht nach den Bezügen der einzelnen teilnehmenden Partner" in annex


def test_pool_statement_among_competitors_shows_only_totals(write_yaml: WriteYaml) -> None:
    agreement = sample(write_yaml, EINKAUF)
    competition = number(agreement, "Kartellrecht")
    text = flat(agreement.section("Ergebnisverteilung"))
    for phrase in (
            "Die Verteilung erfolgt durch Ausgleichszahlungen über den Ersteller der Abrechnung",
            "Der Ersteller der Abrechnung erstellt sie deshalb ausschließlich durch die Mitglieder "
            f"des Clean Teams nach {competition}",
            "Jeder Partner erhält in Textform nur einen Auszug aus der Abrechnung, der das "
            "Geschäftsergebnis als Summe, seinen Anteil daran und die Ausgleichszahlung ausweist, "
            "die er zu leisten hat oder die ihm zusteht; Erlöse, Kosten, Bezüge, Einzelergebnisse "
            "und Ausgleichszahlungen anderer Partner weist der Auszug nicht aus.",
            "Ausgleichszahlungen werden nicht unmittelbar zwischen den Partnern geleistet"):
        assert phrase in text, phrase
    assert "übermittelt sie allen Partnern" not in text


def test_pooled_rebates_in_english(write_yaml: WriteYaml) -> None:
    agreement = sample(write_yaml, EINKAUF, language="en")
    purchasing = flat(agreement.section("Joint purchasing"))
    for phrase in (
            "(its “Pool Share”), irrespective of the extent to which it has itself purchased "
            "through Joint Purchasing; the Rebates are not distributed according to purchases.",
            "it is entitled to its Pool Share of the Rebates that suppliers grant for periods up "
            "to that time"):
        assert phrase in purchasing, phrase
    assert "attributable to its purchases up to that time" not in purchasing
    assert "shares in Rebates" not in purchasing
    results = flat(agreement.section("Distribution of financial results"))
    for phrase in (
            "prepares it exclusively through the members of the clean team under",
            "Each Partner receives in text form only an extract from the statement showing the "
            "Joint Business Result as a total, its share of it and the balancing payment it has "
            "to make or is entitled to"):
        assert phrase in results, phrase
    assert "sends it to all Partners" not in results


@pytest.mark.parametrize("language", ["de", "en"])
def test_rebates_by_purchases_keep_the_key_for_a_leaver(write_yaml: WriteYaml,
                                                        language: str) -> None:
    agreement = sample(write_yaml, EINKAUF, language=language,
                       change={"activities.einkauf.rebates": {
                           "distribution": "pro_rata_volume", "settlement": "annual",
                           "coordinator_fee_percent": 1}})
    text = flat(agreement.section("Gemeinsamer Einkauf" if language == "de"
                                  else "Joint purchasing"))
    if language == "de":
        for phrase in (
                "der nach dem Verteilungsschlüssel der Betriebsordnung auf seine Bezüge bis zu "
                "diesem Zeitpunkt entfällt",
                "Er erstellt die Bonusabrechnung ausschließlich durch sein Clean Team",
                "Anteile und Bezüge anderer teilnehmender Partner weist sie nicht aus",
                "Mängelmeldungen, Anteile an Boni und sonstige"):
            assert phrase in text, phrase
        assert "Poolanteil" not in text
    else:
        for phrase in (
                "attributable to its purchases up to that time under the distribution key of the "
                "Operating Rules",
                "It draws up the Rebate Statement exclusively through its Clean Team",
                "Defect Reports, shares in Rebates and other"):
            assert phrase in text, phrase
        assert "Pool Share" not in text
