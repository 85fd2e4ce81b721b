"""Issue 17, item 10: the standard sections a lawyer expects (R-STD-1, R-STD-2, R-STD-3).

Force majeure and compliance are frame §§ of every agreement, placed after term, exit and
accession and before the dispute §; the final provisions replace earlier letters of intent by a
replacement clause (Ersetzungsklausel) instead of the completeness clause "Nebenabreden bestehen
nicht", which is void as a standard term (BGH XII ZR 92/19). Each test builds the agreement and
reads its text (tests/support/agreement.py).
"""

from __future__ import annotations

import pytest

from coopdocs.check.findings import Level, format_path
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from tests.conftest import GAMMA, MINIMAL, SAMPLES, WriteYaml
from tests.support.agreement import Agreement, assumed, read_agreement

TITLE = {
    "de": {"fm": "Höhere Gewalt", "compliance": "Einhaltung von Rechtsvorschriften (Compliance)",
           "final": "Schlussbestimmungen"},
    "en": {"fm": "Force majeure", "compliance": "Compliance", "final": "Final provisions"},
}


def section(agreement: Agreement, key: str) -> str:
    text = agreement.section(TITLE[agreement.language][key])
    assert text, (key, agreement.headings)
    return text


def english(text: str) -> str:
    return text + "language: en\n"


@pytest.fixture(scope="module")
def samples() -> dict[str, Agreement]:
    built = {path.parent.name: read_agreement(path) for path in SAMPLES}
    assert {a.language for a in built.values()} == {"de", "en"}
    return built


# --- R-STD-1: force majeure --------------------------------------------------------------------

FM_DE = ["von außen kommendes", "nicht vorhersehbar",
         "äußerste nach der Sachlage vernünftigerweise zu erwartende Sorgfalt",
         "Epidemien und Pandemien", "Cyberangriffe Dritter",
         "vergleichbare Ereignisse, die sämtliche vorstehenden Voraussetzungen erfüllen",
         "Keine höhere Gewalt sind", "innerhalb von 3 Arbeitstagen", "in Textform",
         "Auswirkungen der höheren Gewalt zu begrenzen", "Fristen und Termine",
         "nach den für sie vereinbarten Anteilen",
         "Höhere Gewalt befreit nicht von Pflichten zur Zahlung von Geld", "länger als 90 Tage",
         "(§ 275 BGB)", "(§ 313 BGB)"]
FM_EN = ["coming from outside", "not foreseeable", "utmost care that can reasonably be expected",
         "epidemics and pandemics", "cyberattacks by third parties",
         "comparable events that meet all of the above conditions",
         "do not constitute force majeure", "no later than 3 working days", "text form",
         "limit the effects of the force majeure", "Time limits and dates",
         "in the shares agreed for them",
         "Force majeure does not release any Partner from obligations to pay money",
         "longer than 90 days", "section 275", "section 313"]


@pytest.mark.rule("R-STD-1")
def test_every_sample_has_a_closed_force_majeure_clause(samples: dict[str, Agreement]) -> None:
    for name, agreement in samples.items():
        text = section(agreement, "fm")
        for phrase in FM_DE if agreement.language == "de" else FM_EN:
            assert phrase in text, (name, phrase)
        # no open, discretionary catch-all (§ 307 BGB transparency)
        for catch_all in ("sonstige Ereignisse", "ähnliche Ereignisse", "other events",
                          "similar events", "beyond the reasonable control"):
            assert catch_all not in text, (name, catch_all)


@pytest.mark.rule("R-STD-1")
def test_force_majeure_and_compliance_stand_before_the_dispute_section(
        samples: dict[str, Agreement]) -> None:
    for name, agreement in samples.items():
        titles = [h.split(" ", 2)[2] for h in agreement.headings]
        words = TITLE[agreement.language]
        fm, compliance = titles.index(words["fm"]), titles.index(words["compliance"])
        dispute = next(i for i, t in enumerate(titles)
                       if t.startswith(("Eskalation", "Escalation")))
        term = next(i for i, t in enumerate(titles) if t.startswith(("Laufzeit", "Term")))
        assert term < fm < compliance < dispute, (name, titles)
        assert titles[fm + 1] == words["compliance"], (name, titles)


@pytest.mark.rule("R-STD-1")
def test_force_majeure_periods_come_from_the_input(write_yaml: WriteYaml) -> None:
    text = MINIMAL + ("clauses:\n  force_majeure: {notice_working_days: 5, "
                      "termination_after_days: 120}\n")
    fm = section(read_agreement(write_yaml(text)), "fm")
    assert "innerhalb von 5 Arbeitstagen" in fm and "länger als 120 Tage" in fm
    one = MINIMAL + "clauses:\n  force_majeure: {notice_working_days: 1}\n"
    assert "innerhalb eines Arbeitstages" in section(read_agreement(write_yaml(one)), "fm")
    en = section(read_agreement(write_yaml(english(text))), "fm")
    assert "no later than 5 working days" in en and "longer than 120 days" in en


def test_defaulted_periods_and_the_export_answer_are_listed_as_assumptions(
        write_yaml: WriteYaml) -> None:
    keys = {key: row.value for key, row in assumed(write_yaml(MINIMAL)).items()}
    assert keys.get("clauses.force_majeure.notice_working_days") == "3 Arbeitstage"
    assert keys.get("clauses.force_majeure.termination_after_days") == "90 Tage"
    assert keys.get("clauses.compliance.exports_third_countries") == "nein"


@pytest.mark.rule("R-STD-1")
def test_force_majeure_cannot_be_excluded(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "clauses:\n  exclude: [force_majeure]\n")
    findings = check_cooperation(path, catalog(load_library())).findings
    assert [(f.code, f.level) for f in findings] == [("CD-MOD-1", Level.ERROR)]


@pytest.mark.rule("R-STD-1")
def test_cyberattacks_follow_the_it_security_section(write_yaml: WriteYaml) -> None:
    with_it = read_agreement(write_yaml(MINIMAL + "fields: [it]\n"))
    it_ref = next(h.split(" ", 2)[:2] for h in with_it.headings if "IT-Sicherheit" in h)
    fm = section(with_it, "fm")
    assert f"Pflichten zur IT-Sicherheit nach {' '.join(it_ref)} nicht abwehren konnte" in fm
    assert "Die Pflicht zur Meldung von Sicherheitsvorfällen" in fm
    without = section(read_agreement(write_yaml(MINIMAL)), "fm")
    assert "Sicherheitsmaßnahmen nach dem Stand der Technik nicht abwehren konnte" in without
    assert "Sicherheitsvorfällen" not in without


@pytest.mark.rule("R-STD-1")
def test_long_force_majeure_ends_the_affected_partners_participation(
        write_yaml: WriteYaml) -> None:
    two = section(read_agreement(write_yaml(MINIMAL)), "fm")
    assert "kann jeder Partner diese Vereinbarung kündigen" in two
    three = section(read_agreement(write_yaml(MINIMAL.replace(
        "partners:\n", "partners:\n" + GAMMA, 1))), "fm")
    assert "kann der verhinderte Partner seine Teilnahme an dieser Vereinbarung kündigen" in three
    assert "für den Ausschluss eines Partners bestimmt ist; der verhinderte Partner stimmt dabei " \
           "nicht mit" in three
    assert "kann jeder Partner diese Vereinbarung kündigen" not in three


# --- R-STD-2: compliance and the No-Russia clause -----------------------------------------------

@pytest.mark.rule("R-STD-2")
def test_every_sample_has_the_compliance_section(samples: dict[str, Agreement]) -> None:
    for name, agreement in samples.items():
        text = section(agreement, "compliance")
        for phrase in ("299 to 300", "833/2014", "269/2014", "2021/821", "765/2006",
                       "section 13 MiLoG") if agreement.language == "en" else (
                "§§ 299 bis 300", "833/2014", "269/2014", "2021/821", "765/2006", "§ 13 MiLoG"):
            assert phrase in text, (name, phrase)
        assert "Art. 12g" in text or "Article 12g" in text, name


@pytest.mark.rule("R-STD-2")
def test_no_russia_clause_when_partners_export_listed_goods(write_yaml: WriteYaml) -> None:
    plain = section(read_agreement(write_yaml(MINIMAL)), "compliance")
    assert "vereinbaren die beteiligten Partner diese Untersagung zuvor durch Nachtrag" in plain
    assert "Wiederausfuhr nach Russland und Belarus" not in plain
    exports = MINIMAL + "clauses:\n  compliance: {exports_third_countries: true}\n"
    text = section(read_agreement(write_yaml(exports)), "compliance")
    for phrase in ("No-Russia-Klausel nach Art. 12g der Verordnung (EU) Nr. 833/2014",
                   "Anhang VIII der Verordnung (EU) Nr. 833/2014",
                   "weder unmittelbar noch mittelbar nach Russland oder Belarus",
                   "untersagt er seinem Vertragspartner vertraglich die Wiederausfuhr",
                   "angemessene Abhilfemaßnahmen", "(BAFA)",
                   "oder die Pflichten nach der No-Russia-Klausel verletzt"):
        assert phrase in text, phrase
    en = section(read_agreement(write_yaml(english(exports))), "compliance")
    assert "No-Russia clause under Article 12g of Regulation (EU) No 833/2014" in en
    assert "adequate remedies" in en


@pytest.mark.rule("R-STD-2")
def test_compliance_refers_to_the_competition_law_section(write_yaml: WriteYaml) -> None:
    competing = read_agreement(write_yaml(MINIMAL.replace(
        "name: Beta KG\n", "name: Beta KG\n    competitor_of: [alpha]\n")))
    ref = next(h.split(" ", 2)[:2] for h in competing.headings if "Kartellrecht" in h)
    assert f"gelten die Regeln nach {' '.join(ref)}" in section(competing, "compliance")
    alone = section(read_agreement(write_yaml(MINIMAL)), "compliance")
    assert "§ 1 des Gesetzes gegen Wettbewerbsbeschränkungen" in alone


@pytest.mark.rule("R-STD-2")
def test_serious_breach_excludes_the_wrongdoer_in_a_network(write_yaml: WriteYaml) -> None:
    network = read_agreement(write_yaml(MINIMAL.replace("partners:\n", "partners:\n" + GAMMA, 1)))
    text = section(network, "compliance")
    assert "können die übrigen Partner den betroffenen Partner" in text
    assert "aus der Kooperation ausschließen" in text
    two = section(read_agreement(write_yaml(MINIMAL)), "compliance")
    assert "kann der andere Partner diese Vereinbarung" in two


def test_r_std_2_blocks_excluding_the_no_russia_clause(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "clauses:\n  compliance: {exports_third_countries: true}\n"
                      "  exclude: [compliance]\n")
    findings = [f for f in check_cooperation(path, catalog(load_library())).findings
                if f.code == "R-STD-2"]
    assert [(f.level, format_path(f.path)) for f in findings] == [
        (Level.ERROR, "clauses.exclude[0]")]
    assert findings[0].location is not None and findings[0].location.line == 19


@pytest.mark.parametrize("options", ["  exclude: [compliance]\n",
                                     "  compliance: {exports_third_countries: true}\n",
                                     "  compliance: {exports_third_countries: false}\n"
                                     "  exclude: [compliance]\n"])
def test_r_std_2_quiet_without_exports_or_with_the_module(write_yaml: WriteYaml,
                                                           options: str) -> None:
    path = write_yaml(MINIMAL + "clauses:\n" + options)
    findings = check_cooperation(path, catalog(load_library())).findings
    assert not [f for f in findings if f.code == "R-STD-2"]


# --- R-STD-3: replacement clause instead of "Nebenabreden bestehen nicht" ------------------------

@pytest.mark.rule("R-STD-3")
def test_no_completeness_clause_in_any_sample(samples: dict[str, Agreement]) -> None:
    for name, agreement in samples.items():
        assert "Nebenabreden" not in agreement.text, name
        assert "side agreements" not in agreement.text.lower(), name
        final = section(agreement, "final")
        if agreement.language == "de":
            assert "Diese Vereinbarung ersetzt mit ihrem Wirksamwerden" in final, name
            assert "Abreden, die die Partner bei oder nach Abschluss dieser Vereinbarung " \
                   "individuell treffen, haben Vorrang vor ihren Bestimmungen (§ 305b BGB)" \
                   in final, name
        else:
            assert "this Agreement replaces" in final, name
            assert "take precedence over its provisions (section 305b" in final, name


@pytest.mark.rule("R-STD-3")
def test_replacement_clause_is_generic_without_input(write_yaml: WriteYaml) -> None:
    final = section(read_agreement(write_yaml(MINIMAL)), "final")
    assert ("ersetzt mit ihrem Wirksamwerden alle früheren Vereinbarungen der Partner über den "
            "Kooperationszweck, insbesondere Absichtserklärungen") in final
    assert "Einzelvereinbarungen und sonstige Verträge der Partner" in final
    assert "Pflichten zur Vertraulichkeit aus einer ersetzten Vereinbarung gelten" in final


@pytest.mark.rule("R-STD-3")
def test_replacement_clause_names_the_superseded_agreements(write_yaml: WriteYaml) -> None:
    one = MINIMAL + ("clauses:\n  final_provisions:\n    supersedes: "
                     "[\"Absichtserklärung (Letter of Intent) vom 15. Januar 2026\"]\n")
    final = section(read_agreement(write_yaml(one)), "final")
    assert ("ersetzt mit ihrem Wirksamwerden die folgende frühere Vereinbarung der Partner, die zu "
            "diesem Zeitpunkt außer Kraft tritt: Absichtserklärung (Letter of Intent) vom "
            "15. Januar 2026.") in final
    assert "alle früheren Vereinbarungen" not in final
    two = MINIMAL + ("clauses:\n  final_provisions:\n    supersedes:\n"
                     "      - Absichtserklärung vom 15. Januar 2026\n"
                     "      - Vertraulichkeitsvereinbarung vom 2. Dezember 2025\n")
    agreement = read_agreement(write_yaml(two))
    final = section(agreement, "final")
    assert "die folgenden früheren Vereinbarungen der Partner" in final
    assert "Absichtserklärung vom 15. Januar 2026,\n" in final
    assert "Vertraulichkeitsvereinbarung vom 2. Dezember 2025." in final
    en = section(read_agreement(write_yaml(english(two))), "final")
    assert "replaces the following earlier agreements of the Partners" in en


def test_supersedes_needs_at_least_one_entry(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "clauses:\n  final_provisions: {supersedes: []}\n")
    assert not check_cooperation(path, catalog(load_library())).ok
