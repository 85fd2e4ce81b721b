"""Issue 17, second readers (a German and an English lawyer): contradictions between the IP §,
the roles §, the IT security § and the interface annexes on the one hand and the operating §§,
the competition-law § and the decisions § on the other.

- Results vs. data: data a partner provides through a platform or interface of the cooperation
  (or that arise there for it) and personal data are no joint Results; they stay allocated as the
  operating §§, the interface annexes and the data protection § say. A partner's own improvements
  of its background (its software, its analysis models) stay with it.
- An interface run by the operator of a shared platform the users take part in follows the
  platform's service levels and maintenance rules, instead of "owes no particular availability".
- "No competitively sensitive information through the interface" is said only where no order,
  price, capacity, customer or forecast data flow; where they do, they go only to the recipients
  the competition-law § (and the activity §§) allow, at a competing provider to its clean team, and
  its administrators are bound like clean-team members.
- A providing partner that leaves keeps the interface running for the users until a successor
  takes over, at most for the shutdown notice period, against its running costs (or as the
  platform § says, when the interface belongs to a platform it operates), instead of locking
  everybody out at once.
- The coordinator's remuneration needs a unanimous resolution of the other partners; it has no
  vote on it (decisions §), instead of "the Steering Committee so resolves unanimously".

Each item is checked in German and English, on the samples (sensor-services in English,
einkaufsverbund and 3dmp in German, each also built in the other language) and on inline
cooperations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, ROOT, WriteYaml
from tests.support.agreement import Agreement, read_agreement

SENSOR = ROOT / "samples" / "sensor-services" / "cooperation.yaml"
EINKAUF = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml"
DMP = ROOT / "samples" / "3dmp" / "cooperation.yaml"


def sample(path: Path, language: str, write_yaml: WriteYaml) -> Agreement:
    """The sample's agreement in ``language`` (the sample itself, or a copy switched over)."""
    text = path.read_text(encoding="utf-8")
    own = "en" if re.search(r"^language: en$", text, re.MULTILINE) else "de"
    if language == own:
        return read_agreement(path)
    switched = re.sub(r"^language: \w+$", f"language: {language}", text, flags=re.MULTILINE)
    if switched == text:
        switched = f"language: {language}\n" + text
    return read_agreement(write_yaml(switched))


def number(agreement: Agreement, title: str) -> str:
    """'§ n' of the § whose heading starts with ``title``."""
    heading = next(h for h in agreement.headings if re.match(rf"§ \d+ {re.escape(title)}", h))
    return " ".join(heading.split()[:2])


def annex_number(agreement: Agreement, title: str) -> str:
    """'Anlage n' / 'Annex n' of the annex whose title starts with ``title``."""
    line = next(line for line in agreement.lines
                if re.match(rf"(Anlage|Annex) \d+: {re.escape(title)}", line))
    return line.split(":")[0]


def flat(text: str) -> str:
    return " ".join(text.split())


IP = {"de": "Geistiges Eigentum", "en": "Intellectual property"}
PLATFORM = {"de": "Gemeinsame IT-Plattform", "en": "Shared IT platform"}
RULES = {"de": "Betriebsordnung der gemeinsamen IT-Plattform",
         "en": "Operating rules for the shared IT platform"}
DATA_PROTECTION = {"de": "Datenschutz", "en": "Data protection"}
COMPETITION = {"de": "Kartellrecht", "en": "Competition law"}
PURCHASING = {"de": "Gemeinsamer Einkauf", "en": "Joint purchasing"}
DECISIONS = {"de": "Beschlussfassung", "en": "Decision-making"}
ROLES = {"de": "Rollen und Aufgaben", "en": "Roles and tasks"}
IT = {"de": "IT-Sicherheit", "en": "IT security"}
INTERFACE = {"de": "Schnittstellenvereinbarung „{}“", "en": "Interface agreement “{}”"}


# --- item 1: Results vs. data ---------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "de"])
def test_partner_data_and_own_improvements_are_no_joint_results(write_yaml: WriteYaml,
                                                                language: str) -> None:
    agreement = sample(SENSOR, language, write_yaml)
    ip = flat(agreement.section(IP[language]))
    platform = number(agreement, PLATFORM[language])
    privacy = number(agreement, DATA_PROTECTION[language])
    annexes = [annex_number(agreement, INTERFACE[language].format(name)[:-1])
               for name in ("Sensor ingestion API", "Work order interface")]
    if language == "en":
        assert ("Results do not include personal data or other data that a Partner provides "
                "through a platform or an interface of the Cooperation or that arise there for it"
                ) in ip
        assert "(“Partner Data”)" in ip
        assert f"The allocation of Partner Data is governed by §§ 6 and {platform[2:]}" in ip
        assert f"the interface agreements in {annexes[0]} and {annexes[1]}" in ip
        assert f"{privacy} for personal data" in ip
        assert ("Nor do Results include improvements and further developments that a Partner "
                "itself makes to its Background, in particular to the software it has contributed "
                "and to its analysis models; they belong to that Partner as its Background does"
                ) in ip
        assert "The rights of other Partners to use Partner Data and such improvements" in ip
    else:
        assert ("Keine Ergebnisse sind personenbezogene Daten und andere Daten, die ein Partner "
                "über eine Plattform oder eine Schnittstelle der Kooperation bereitstellt oder die "
                "dort für ihn entstehen") in ip
        assert f"Für die Zuordnung von Partnerdaten gelten §§ 6 und {platform[2:]}" in ip
        assert f"die Schnittstellenvereinbarungen in {annexes[0]} und {annexes[1]}" in ip
        assert f"für personenbezogene Daten {privacy}" in ip
        assert ("Keine Ergebnisse sind ferner Verbesserungen und Weiterentwicklungen, die ein "
                "Partner selbst an seinen Altrechten vornimmt, insbesondere an der von ihm "
                "eingebrachten Software und an seinen Analysemodellen; sie stehen ihm wie seine "
                "Altrechte zu") in ip
        assert "Für die Rechte anderer Partner, Partnerdaten und solche Weiterentwicklungen" in ip
    # the platform § still allocates the user data to their partner: no contradiction left
    platform_text = flat(agreement.section(PLATFORM[language]))
    assert ("are allocated to that Partner" if language == "en"
            else "stehen im Verhältnis der Partner zueinander diesem Partner zu") in platform_text


@pytest.mark.parametrize("language", ["de", "en"])
def test_partner_data_exclusion_in_the_creator_model(write_yaml: WriteYaml,
                                                     language: str) -> None:
    agreement = sample(DMP, language, write_yaml)
    ip = flat(agreement.section(IP[language]))
    annex = annex_number(agreement, INTERFACE[language].format(
        "Prozessdaten-Schnittstelle (OPC UA)")[:-1])
    if language == "de":
        assert "Keine Ergebnisse sind personenbezogene Daten und andere Daten" in ip
        assert f"die Schnittstellenvereinbarungen in {annex}" in ip
        assert "für die Weiterentwicklungen gilt Absatz 1 entsprechend" in ip
    else:
        assert "Results do not include personal data or other data" in ip
        assert f"the interface agreements in {annex}" in ip
        assert "paragraph (1) applies to the improvements accordingly" in ip


def test_partner_data_without_platform_or_interfaces(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(MINIMAL + "clauses: {ip: {results: joint}}\n"))
    ip = flat(agreement.section(IP["de"]))
    assert ("Partnerdaten stehen im Verhältnis der Partner zueinander dem Partner zu, der sie "
            "bereitstellt oder für den sie entstehen.") in ip
    assert ("Andere Partner dürfen Partnerdaten nur mit Zustimmung des Partners nutzen, dem sie "
            "zustehen; für die Weiterentwicklungen gilt Absatz 1 entsprechend.") in ip
    # joint results are exploited under the rules on joint results, wherever they stand
    assert "verwertet sie im Übrigen nur nach den Bestimmungen dieses Paragraphen über" in ip


# --- item 2: interface of the platform operator follows the platform's service levels -------------

@pytest.mark.parametrize("language", ["en", "de"])
def test_platform_interface_follows_the_platform_service_levels(write_yaml: WriteYaml,
                                                                language: str) -> None:
    agreement = sample(SENSOR, language, write_yaml)
    platform = number(agreement, PLATFORM[language])
    rules = annex_number(agreement, RULES[language])
    ingestion = flat(agreement.annex(INTERFACE[language].format("Sensor ingestion API")))
    work_orders = flat(agreement.annex(INTERFACE[language].format("Work order interface")))
    assert ingestion and work_orders
    if language == "en":
        assert "owes no particular availability" not in ingestion
        assert "three working days’ notice" not in ingestion
        assert ("The Providing Partner operates the Interface as the Operator of the shared IT "
                f"platform under {platform}, in which all Using Partners take part.") in ingestion
        assert ("Availability, support hours, response and restoration times, reporting channels "
                "for disruptions, maintenance windows and the notice of maintenance work are "
                f"therefore governed for the Interface by {platform} and the Operating Rules in "
                f"{rules}, which apply accordingly.") in ingestion
        # the work order interface is run by a partner that operates no platform: own terms
        assert "owes no particular availability" in work_orders
    else:
        assert "schuldet er keine bestimmte Verfügbarkeit" not in ingestion
        assert "drei Arbeitstage" not in ingestion
        assert ("Der bereitstellende Partner betreibt die Schnittstelle als Betreiber der "
                f"gemeinsamen IT-Plattform nach {platform}, an der alle nutzenden Partner "
                "beteiligt sind.") in ingestion
        assert ("die Wartungsfenster und die Ankündigung von Wartungsarbeiten gelten deshalb für "
                f"die Schnittstelle {platform} und die Betriebsordnung in {rules} entsprechend."
                ) in ingestion
        assert "schuldet er keine bestimmte Verfügbarkeit" in work_orders


# --- item 3: competitively sensitive data through an interface -----------------------------------

@pytest.mark.rule("R-IT-3")
@pytest.mark.parametrize("language", ["de", "en"])
def test_sensitive_interface_data_go_only_to_the_clean_team(write_yaml: WriteYaml,
                                                            language: str) -> None:
    agreement = sample(EINKAUF, language, write_yaml)
    name = "Bestellplattform SHK-Verbund (Weboberfläche und REST-API)"
    annex = flat(agreement.annex(INTERFACE[language].format(name)))
    it = flat(agreement.section(IT[language]))
    competition = number(agreement, COMPETITION[language])
    purchasing = number(agreement, PURCHASING[language])
    refs = f"§§ {purchasing[2:]} {'und' if language == 'de' else 'and'} {competition[2:]}"
    assert annex
    if language == "de":
        assert "werden deshalb keine wettbewerblich sensiblen Informationen" not in annex
        assert "werden keine wettbewerblich sensiblen Informationen" not in it
        assert ("Die über die Schnittstelle übermittelten Auftragsdaten können wettbewerblich "
                f"sensible Informationen im Sinne von {competition} enthalten") in annex
        assert (f"Sensible Schnittstellendaten werden nur Empfängern zugänglich gemacht, die nach "
                f"{refs} dafür zugelassen sind, bei Brüning nur den Mitgliedern des Clean Teams "
                f"nach {refs}.") in annex
        assert ("Personen, welche die Schnittstelle bei Brüning betreiben oder administrieren und "
                "dabei auf sensible Schnittstellendaten zugreifen können, ohne dem Clean Team "
                "anzugehören, verpflichtet Brüning vor ihrem ersten Zugriff ebenso wie die "
                "Mitglieder des Clean Teams schriftlich zur Vertraulichkeit") in annex
        assert (f"Andere wettbewerblich sensible Informationen im Sinne von {competition} werden "
                "über die Schnittstelle nicht übermittelt") in annex
        assert ("Wettbewerblich sensible Informationen im Sinne von "
                f"{competition} werden über eine Schnittstelle nur übermittelt, soweit ihre "
                f"Schnittstellenvereinbarung und {competition} dies zulassen") in it
    else:
        assert "is therefore transmitted or made accessible" not in annex
        assert "No Competitively Sensitive Information" not in it
        assert ("The order data transmitted through the Interface may contain Competitively "
                f"Sensitive Information within the meaning of {competition}") in annex
        assert (f"Sensitive Interface Data are made accessible only to recipients permitted by "
                f"{refs}, and at Brüning only to the members of the Clean Team under {refs}."
                ) in annex
        assert ("Persons who operate or administer the Interface at Brüning and may thereby "
                "access Sensitive Interface Data without being members of the Clean Team are "
                "bound to confidentiality in writing by Brüning before their first access in the "
                "same way as the members of the Clean Team") in annex
        assert ("is transmitted through an Interface only to the extent that its interface "
                f"agreement and {competition} permit this") in it


COMPETITORS = """\
format: 1
id: portal
title: Auftragsportal
date: 2026-03-01
purpose: Gemeinsame Abwicklung von Aufträgen über ein Portal.
kind: horizontal
partners:
  - id: alpha
    name: Alpha GmbH
    legal_form: GmbH
    address: {{street: Hauptstraße 1, postal_code: "10115", city: Berlin}}
    represented_by: [{{name: Anna Alpha, function: Geschäftsführerin}}]
    competitor_of: [beta]
  - id: beta
    name: Beta KG
    legal_form: KG
    address: {{street: Nebenweg 2, postal_code: "20095", city: Hamburg}}
    represented_by: [{{name: Bernd Beta, function: Geschäftsführer}}]
clauses:
  competition_law: {{clean_team: false}}
  it_security:
    interfaces:
      - name: Auftragsportal
        provider: alpha
        users: [beta]
        purpose: Übermittlung von Aufträgen
        data_kinds: [{kinds}]
"""


@pytest.mark.rule("R-IT-3")
@pytest.mark.parametrize("language", ["de", "en"])
def test_sensitive_interface_data_without_a_clean_team(write_yaml: WriteYaml,
                                                       language: str) -> None:
    text = COMPETITORS.format(kinds="orders, technical")
    agreement = read_agreement(write_yaml(("language: en\n" if language == "en" else "") + text))
    annex = flat(agreement.annex(INTERFACE[language].format("Auftragsportal")))
    if language == "de":
        assert "übermittelten Auftragsdaten können wettbewerblich sensible Informationen" in annex
        assert ("bei Alpha nur Personen, die dort weder mit Preisgestaltung oder Kalkulation noch "
                "mit Vertrieb, Einkauf oder Angeboten befasst sind und sich vorher schriftlich zur "
                "Vertraulichkeit verpflichtet haben (Clean Team)") in annex
        assert "werden deshalb keine wettbewerblich sensiblen Informationen" not in annex
    else:
        assert "The order data transmitted through the Interface may contain" in annex
        assert ("at Alpha only to persons who are involved there neither in pricing or costing "
                "nor in sales, purchasing or bids and who have first undertaken confidentiality "
                "in writing (“Clean Team”)") in annex
        assert "is therefore transmitted or made accessible" not in annex


@pytest.mark.rule("R-IT-3")
@pytest.mark.parametrize("language", ["de", "en"])
def test_no_sensitive_kinds_keep_the_plain_ban(write_yaml: WriteYaml, language: str) -> None:
    text = COMPETITORS.format(kinds="technical, quality")
    agreement = read_agreement(write_yaml(("language: en\n" if language == "en" else "") + text))
    annex = flat(agreement.annex(INTERFACE[language].format("Auftragsportal")))
    it = flat(agreement.section(IT[language]))
    if language == "de":
        assert "werden deshalb keine wettbewerblich sensiblen Informationen" in annex
        assert "Über die Schnittstelle werden keine wettbewerblich sensiblen Informationen" in it
        assert "sensible Schnittstellendaten" not in annex
    else:
        assert "is therefore transmitted or made accessible through the Interface" in annex
        assert "No Competitively Sensitive Information" in it
        assert "Sensitive Interface Data" not in annex


# --- item 4: the providing partner leaves ---------------------------------------------------------

@pytest.mark.parametrize("language", ["de", "en"])
def test_leaving_provider_keeps_the_interface_running(write_yaml: WriteYaml,
                                                      language: str) -> None:
    agreement = sample(EINKAUF, language, write_yaml)
    name = "Bestellplattform SHK-Verbund (Weboberfläche und REST-API)"
    annex = flat(agreement.annex(INTERFACE[language].format(name)))
    if language == "de":
        assert "gilt dies für alle nutzenden Partner" not in annex
        assert ("Scheidet der bereitstellende Partner aus, betreibt er die Schnittstelle auf "
                "Verlangen eines nutzenden Partners für die nutzenden Partner, die dies verlangen, "
                "weiter, bis ein anderer Partner oder ein Dritter ihren Betrieb oder den einer "
                "gleichwertigen Schnittstelle übernommen hat, längstens jedoch bis zum Ablauf der "
                "Frist für die Ankündigung der Abschaltung nach dieser Anlage (12 Monate), "
                "gerechnet ab seinem Ausscheiden") in annex
        assert ("erstatten ihm für diese Zeit die nachgewiesenen laufenden Kosten des Betriebs der "
                "Schnittstelle zu gleichen Teilen") in annex
    else:
        assert "this applies to all Using Partners" not in annex
        assert ("If the Providing Partner withdraws, it continues to operate the Interface at the "
                "request of a Using Partner, for the Using Partners that so request, until another "
                "Partner or a third party has taken over its operation or the operation of an "
                "equivalent interface, but no longer than the notice period for shutdown under "
                "this Annex (12 months) from its withdrawal") in annex
        assert ("reimburse it for that period for the documented running costs of operating the "
                "Interface in equal shares") in annex


@pytest.mark.parametrize("language", ["en", "de"])
def test_leaving_platform_operator_follows_the_platform(write_yaml: WriteYaml,
                                                        language: str) -> None:
    agreement = sample(SENSOR, language, write_yaml)
    platform = number(agreement, PLATFORM[language])
    ingestion = flat(agreement.annex(INTERFACE[language].format("Sensor ingestion API")))
    work_orders = flat(agreement.annex(INTERFACE[language].format("Work order interface")))
    if language == "en":
        assert ("If the Providing Partner withdraws, it continues to operate the Interface for as "
                "long as it continues to operate the Platform for the remaining Participating "
                f"Partners under {platform}") in ingestion
        assert "this applies to" not in ingestion
        assert ("no longer than the notice period for shutdown under this Annex (6 months) from "
                "its withdrawal") in work_orders
    else:
        assert ("Scheidet der bereitstellende Partner aus, betreibt er die Schnittstelle so lange "
                f"weiter, wie er nach {platform} die Plattform für die übrigen beteiligten Partner "
                "weiterbetreibt") in ingestion
        assert "gilt dies für" not in ingestion
        assert "Scheidet der bereitstellende Partner aus, betreibt er die Schnittstelle auf " \
               "Verlangen des nutzenden Partners weiter" in work_orders


def test_leaving_provider_without_annexes(write_yaml: WriteYaml) -> None:
    text = COMPETITORS.format(kinds="technical") + "  exclude: [annex_interface]\n"
    it = flat(read_agreement(write_yaml(text)).section(IT["de"]))
    assert "für einen ausscheidenden Partner mit seinem Ausscheiden" not in it
    assert ("Scheidet ein bereitstellender Partner aus, betreibt er die Schnittstelle auf "
            "Verlangen eines nutzenden Partners") in it
    assert "längstens jedoch bis zum Ablauf der für sie vorstehend genannten Frist" in it


# --- item 5: the coordinator's remuneration -------------------------------------------------------

@pytest.mark.parametrize("language", ["de", "en"])
def test_coordinator_remuneration_by_the_other_partners(write_yaml: WriteYaml,
                                                        language: str) -> None:
    # einkaufsverbund has an associated partner (no vote), sensor-services has none
    einkauf = sample(EINKAUF, language, write_yaml)
    sensor = sample(SENSOR, language, write_yaml)
    for agreement, voting in ((einkauf, True), (sensor, False)):
        roles = flat(agreement.section(ROLES[language]))
        decisions = number(agreement, DECISIONS[language])
        if language == "de":
            assert "wenn der Lenkungskreis dies einstimmig beschließt" not in roles
            assert ("Eine gesonderte Vergütung für diese Aufgaben erhält er nur, wenn die anderen "
                    f"{'stimmberechtigten ' if voting else ''}Partner dies einstimmig beschließen; "
                    f"er selbst hat bei diesem Beschluss nach {decisions} kein Stimmrecht."
                    ) in roles
            assert "insbesondere über eine Vergütung für ihn" in flat(
                agreement.section(DECISIONS[language]))
        else:
            assert "if the Steering Committee so resolves unanimously" not in roles
            assert (f"It receives separate remuneration for these tasks only if the other "
                    f"{'voting ' if voting else ''}Partners so resolve unanimously; it has no vote "
                    f"on that resolution under {decisions}.") in roles


@pytest.mark.parametrize("language", ["de", "en"])
def test_two_partners_remuneration_needs_the_other_partner(write_yaml: WriteYaml,
                                                           language: str) -> None:
    text = ("language: en\n" if language == "en" else "") + MINIMAL \
        + "clauses: {exclude: [accession]}\n"
    agreement = read_agreement(write_yaml(text))
    roles = flat(agreement.section(ROLES[language]))
    decisions = number(agreement, DECISIONS[language])
    if language == "de":
        assert ("Eine gesonderte Vergütung für diese Aufgaben erhält er nur, wenn der andere "
                "Partner dem in Textform zustimmt; er selbst hat bei einem Beschluss darüber nach "
                f"{decisions} kein Stimmrecht.") in roles
    else:
        assert ("It receives separate remuneration for these tasks only if the other Partner "
                "consents to it in text form; it has no vote on any resolution on that matter "
                f"under {decisions}.") in roles
