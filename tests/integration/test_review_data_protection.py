"""Issue 17, item 9: data protection roles a lawyer signs off.

For the customer data of the partners' own businesses the agreement offers the chain
controller → processor → sub-processor, not only joint control: each partner is controller of
its own data, the operating partner its processor (Art. 28 DSGVO), the processor's service
providers sub-processors, by default with the controllers' general authorisation and a right to
object. A processor serving several partners keeps their data apart; where they compete with each
other or with it, no competitively sensitive information may flow through it (hub-and-spoke),
and a processor competing with a controller keeps its own sales and pricing staff away from that
controller's data. The Art. 28 annex names the categories of data subjects from
``data_subjects`` (FORMAT.md §1b) or shows a blank, never "persons whose data fall within the
categories stated".
"""

from __future__ import annotations

import pytest

from tests.conftest import GAMMA, MINIMAL, WriteYaml
from tests.support.agreement import Agreement, read_agreement

DE, EN = "Datenschutz", "Data protection"
ANNEX_DE, ANNEX_EN = "Vertrag über die Auftragsverarbeitung", "Data processing agreement"

# gamma operates a platform on which alpha and beta keep the data of their own customers
PLATFORM = """\
clauses:
  data_protection:
    processing:
      - id: kunden
        purpose: Betrieb der Kundenplattform
        data: Namen, Anschriften und Bestellungen
        partners: [alpha, beta, gamma]
        role: processor
"""

SUBJECTS = ("        data_subjects: [Kunden und Interessenten der Partner, "
            "Beschäftigte der Kunden]\n")


def build(write_yaml: WriteYaml, *, rivals: str = "", extra: str = "", language: str = "de",
          processing: str = PLATFORM) -> Agreement:
    """The agreement of MINIMAL + gamma with ``processing``; ``rivals`` = "alpha:beta" etc."""
    text = MINIMAL + GAMMA + processing + extra
    if language == "en":
        text += "language: en\n"
    for pair in filter(None, rivals.split(",")):
        one, other = pair.split(":")
        marker = f"  - id: {one}\n"
        text = text.replace(marker, f"{marker}    competitor_of: [{other}]\n", 1)
    if rivals:
        text = text.replace("clauses:\n",
                            "clauses:\n  competition_law: {market_share_percent: 5}\n", 1)
    return read_agreement(write_yaml(text))


@pytest.mark.rule("R-DS-3")
def test_the_chain_controller_processor_sub_processor(write_yaml: WriteYaml) -> None:
    section = build(write_yaml).section(DE)
    assert "Verantwortliche: Alpha und Beta, jeder für seine eigenen Daten" in section
    assert ("Jeder als Verantwortlicher genannte Partner ist Verantwortlicher für die Daten aus "
            "seiner eigenen Geschäftstätigkeit") in section
    assert "insbesondere die Daten seiner Kunden" in section
    assert ("Nutzen mehrere Verantwortliche denselben Auftragsverarbeiter, begründet dies keine "
            "gemeinsame Verantwortlichkeit nach Art. 26 DSGVO") in section
    assert "(Unterauftragsverarbeiter) im Sinne von Art. 28 Abs. 2 und 4 DSGVO" in section


@pytest.mark.rule("R-DS-3")
def test_a_processor_of_several_controllers_keeps_their_data_apart(write_yaml: WriteYaml
                                                                   ) -> None:
    section = build(write_yaml).section(DE)
    assert "Verarbeitet ein Auftragsverarbeiter Daten für mehrere Verantwortliche, gilt" in section
    for phrase in ("logisch getrennt", "(Mandantentrennung)",
                   "weder für einen anderen Verantwortlichen noch für sich selbst",
                   "nur auf Weisung dieses Verantwortlichen",
                   "auch in zusammengefasster oder anonymisierter Form",
                   "dies in Textform vereinbart haben und es rechtlich zulässig ist"):
        assert phrase in section, phrase
    # no competitors: no hub-and-spoke paragraph
    assert "Hub-and-Spoke" not in section
    assert "kartellrechtlich" not in section
    annex = build(write_yaml).annex(ANNEX_DE)
    assert "besteht dieser Vertrag mit jedem von ihnen gesondert" in annex
    assert ("Eine Überprüfung durch einen Verantwortlichen erstreckt sich nur auf die "
            "Verarbeitung seiner eigenen Daten") in annex


@pytest.mark.rule("R-DS-5")
def test_competing_controllers_drive_the_hub_and_spoke_paragraph(write_yaml: WriteYaml) -> None:
    section = build(write_yaml, rivals="alpha:beta").section(DE)
    assert "sogenannter Hub-and-Spoke-Austausch" in section
    assert "wettbewerblich sensible Informationen im Sinne von § " in section
    assert "es rechtlich, insbesondere kartellrechtlich, zulässig ist" in section
    # the processor itself does not compete: no firewall for its own staff
    assert "für sein eigenes Geschäft mit dem Vertrieb" not in section


@pytest.mark.rule("R-DS-5")
def test_a_processor_competing_with_its_controller_walls_off_its_sales(write_yaml: WriteYaml
                                                                      ) -> None:
    processing = PLATFORM.replace("[alpha, beta, gamma]", "[alpha, gamma]")
    section = build(write_yaml, rivals="gamma:alpha", processing=processing).section(DE)
    assert ("Verarbeitet ein Auftragsverarbeiter Daten für mehrere Verantwortliche oder für "
            "einen Partner, mit dem er im Wettbewerb steht, gilt für ihn:") in section
    assert "sogenannter Hub-and-Spoke-Austausch" in section
    assert ("erhalten Personen, die bei ihm für sein eigenes Geschäft mit dem Vertrieb oder der "
            "Preisgestaltung befasst sind, keinen Zugriff auf die Daten dieses Verantwortlichen"
            ) in section
    english = build(write_yaml, rivals="gamma:alpha", processing=processing,
                    language="en").section(EN)
    assert "known as a hub-and-spoke exchange" in english
    assert "Competitively Sensitive Information within the meaning of § " in english
    assert "in charge of sales or pricing for the processor’s own business" in english


def test_one_controller_without_competitors_has_no_separation_paragraph(
        write_yaml: WriteYaml) -> None:
    processing = PLATFORM.replace("[alpha, beta, gamma]", "[alpha, gamma]")
    agreement = build(write_yaml, processing=processing)
    section = agreement.section(DE)
    assert "Verantwortlicher: Alpha." in section
    assert "Mandantentrennung" not in section
    assert "Hub-and-Spoke" not in section
    assert "gesondert für die Daten" not in agreement.annex(ANNEX_DE)


@pytest.mark.rule("R-DS-3")
def test_the_annex_names_the_data_subjects(write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml, processing=PLATFORM + SUBJECTS)
    annex = agreement.annex(ANNEX_DE)
    assert ("Kategorien betroffener Personen: Kunden und Interessenten der Partner und "
            "Beschäftigte der Kunden;") in annex
    assert "Personen, deren Daten unter die genannten Datenkategorien fallen" not in annex
    assert ("betroffene Personen: Kunden und Interessenten der Partner und Beschäftigte der "
            "Kunden;") in agreement.section(DE)
    # FORMAT.md §1b: a text is accepted as well as a list
    text = PLATFORM + "        data_subjects: Kunden der Partner\n"
    assert "Kategorien betroffener Personen: Kunden der Partner;" in build(
        write_yaml, processing=text).annex(ANNEX_DE)


@pytest.mark.rule("R-DS-3")
def test_without_data_subjects_the_annex_shows_a_blank(write_yaml: WriteYaml) -> None:
    annex = build(write_yaml).annex(ANNEX_DE)
    assert "Kategorien betroffener Personen: [●];" in annex
    assert "Personen, deren Daten unter die genannten Datenkategorien fallen" not in annex
    english = build(write_yaml, language="en").annex(ANNEX_EN)
    assert "Categories of data subjects: [●];" in english
    assert "persons whose data fall within the categories of data stated" not in english


@pytest.mark.rule("R-DS-3")
def test_sub_processors_general_authorisation_with_objection(write_yaml: WriteYaml) -> None:
    annex = build(write_yaml).annex(ANNEX_DE)
    assert ("jeder Verantwortliche erteilt ihm hierzu mit dieser Anlage die allgemeine "
            "schriftliche Genehmigung nach Art. 28 Abs. 2 Satz 1 DSGVO") in annex
    assert "mindestens 30 Tage, bevor dieser mit der Verarbeitung beginnt" in annex
    assert ("Jeder Verantwortliche kann der Änderung innerhalb von 14 Tagen nach Zugang der "
            "Information in Textform widersprechen") in annex
    assert "mit dieser Anlage ist eine solche Genehmigung nicht erteilt" not in annex


def test_sub_processors_listed_or_specific_authorisation(write_yaml: WriteYaml) -> None:
    listed = PLATFORM + ('        sub_processors: ["Muster Hosting GmbH, Frankfurt am Main: '
                         'Rechenzentrum"]\n')
    annex = build(write_yaml, processing=listed).annex(ANNEX_DE)
    assert "Für die Verarbeitung sind folgende Unterauftragsverarbeiter genehmigt:" in annex
    assert "Muster Hosting GmbH, Frankfurt am Main: Rechenzentrum." in annex
    assert "die vorstehend als genehmigt genannten Unterauftragsverarbeiter darf er" in annex
    specific = listed.replace("  data_protection:\n",
                              "  data_protection:\n    sub_processor_approval: specific\n")
    annex = build(write_yaml, processing=specific).annex(ANNEX_DE)
    assert "nur mit vorheriger gesonderter Genehmigung des Verantwortlichen" in annex
    assert "allgemeine schriftliche Genehmigung" not in annex
    english = build(write_yaml, processing=specific, language="en").annex(ANNEX_EN)
    assert "only with the prior specific authorisation of the Controller" in english


def test_joint_control_annex_names_data_subjects_when_given(write_yaml: WriteYaml) -> None:
    joint = PLATFORM.replace("role: processor", "role: joint_controllers") + SUBJECTS
    annex = build(write_yaml, processing=joint).annex(
        "Vereinbarung über die gemeinsame Verantwortlichkeit")
    assert ("Kategorien betroffener Personen: Kunden und Interessenten der Partner und "
            "Beschäftigte der Kunden;") in annex
    without = build(write_yaml, processing=PLATFORM.replace("role: processor",
                                                             "role: joint_controllers"))
    assert "Kategorien betroffener Personen" not in without.annex(
        "Vereinbarung über die gemeinsame Verantwortlichkeit")
