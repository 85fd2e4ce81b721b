"""coopdocs summary: the key terms (Eckpunkte) of the draft agreement, read back from Word.

The summary states what the input and the draft say, each item with the § the agreement gives
it; a value the draft assumed is marked as an assumption, a value neither given nor assumed is
not stated. The page count (at most two) is checked on the PDFs in
tests/integration/test_summary_pages.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner, Result
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coopdocs.build import (
    Options,
    build_outputs,
    check_cooperations,
    prepare,
    report_context,
    summary_document,
)
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from tests.conftest import MINIMAL, ROOT, SAMPLES
from tools import make_templates

LIBRARY = load_library()
EINKAUF = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml"
IMBISS = ROOT / "samples" / "imbiss-cafe" / "cooperation.yaml"
SENSORS = ROOT / "samples" / "sensor-services" / "cooperation.yaml"
NETWORK = sorted((ROOT / "samples" / "network" / "cooperations").glob("*/cooperation.yaml"))


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def paragraphs(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ").replace("•\t", "") for p in
            docx.Document(str(path)).paragraphs]


def built(tmp_path: Path, cooperation: Path) -> list[str]:
    result = invoke("summary", cooperation, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    [path] = result.stdout.split()
    return paragraphs(Path(path))


def agreement_sections(tmp_path: Path, cooperation: Path) -> dict[str, str]:
    """The agreement's §§ by title: {"Kosten": "§ 9", …}."""
    result = invoke("agreement", cooperation, "-o", tmp_path / "agreement")
    assert result.exit_code == 0, result.stderr
    sections = {}
    for text in paragraphs(Path(result.stdout.split()[0])):
        match = re.fullmatch(r"(§ \d+[a-z]?) (.+)", text)
        if match:
            sections[match[2]] = match[1]
    return sections


# --- the command --------------------------------------------------------------------------------

def test_writes_eckpunkte_in_german_and_key_terms_in_english(tmp_path: Path) -> None:
    result = invoke("summary", IMBISS, SENSORS, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "imbiss-cafe-eckpunkte.docx"),
                                     str(tmp_path / "pumpsense-key-terms.docx")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "imbiss-cafe-eckpunkte.docx", "pumpsense-key-terms.docx"]


def test_invalid_input_builds_nothing_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("format: 1", "format: 7"), encoding="utf-8")
    result = invoke("summary", IMBISS, bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}:1:9: error: format: unsupported format 7" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [[], ["--format", "odt", str(IMBISS)],
                                  [str(ROOT / "samples" / "fehlt.yaml")]])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = invoke("summary", *args, "-o", tmp_path)
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_a_batch_builds_the_summary_after_the_agreement() -> None:
    checking = check_cooperations([IMBISS], catalog(LIBRARY))
    names = [name for name, _ in build_outputs(checking.cases[0], LIBRARY, "all", Options())]
    assert names == ["imbiss-cafe-kooperationsvereinbarung.docx", "imbiss-cafe-eckpunkte.docx"]


# --- what it says ------------------------------------------------------------------------------

def test_einkaufsverbund_partners_money_decisions_and_term(tmp_path: Path) -> None:
    text = built(tmp_path, EINKAUF)
    assert text[0] == "Eckpunkte der Kooperationsvereinbarung „SHK-Einkaufsverbund Münsterland“"
    assert "Wer beteiligt ist" in text
    assert "Lütke Heizungsservice GmbH, Assoziierter Partner. Aufgaben (§ 4): Bestellung über " \
           "die Bestellplattform zu den Verbundkonditionen. Beiträge (§ 5, Anlage 1): " \
           "Jährliches Nutzungsentgelt für die Bestellplattform (1.200,00 €)" in text
    assert "Beiträge (§ 5, Anlage 1): zusammen im Wert von 66.200,00 €; davon Geldbeiträge " \
           "13.200,00 €" in text
    assert "Erlöse und Ergebnis (§ 10): Ergebnis der gemeinsamen Geschäfte: Brüning 26 %, " \
           "Wessels 24 %, Terhorst 20 %, Kottmann 20 % und Lütke 10 %; Verlustbeteiligung über " \
           "die Erlöse hinaus: keine (Verluste nur aus den Erlösen der gemeinsamen Geschäfte) " \
           "(Annahme)" in text
    assert "Gemeinsamer Einkauf (§ 6, Anlage 7): jeder Partner bezahlt die Lieferanten selbst; " \
           "Zahlungsziel 30 Tage; Lieferantenboni, Abrechnung jährlich; Vergütung von Brüning: " \
           "1 % der Boni; Lagerkosten nach Abnahmemenge" in text
    assert "Besondere Mehrheiten (§ 8): Änderungen der Vereinbarung: einstimmig; Aufnahme neuer " \
           "Partner: einstimmig (Annahme); Ausschluss eines Partners: einstimmig (Annahme)" in text
    assert "Laufzeit (§ 19): Beginn 1. Juli 2026; unbefristet; Mindestlaufzeit 24 Monate; " \
           "Kündigungsfrist 6 Monate zum Jahresende" in text
    assert "Vertraulichkeit (§ 13): Geheimhaltung bis 5 Jahre nach dem Ende; Vertragsstrafe je " \
           "Verstoß 10.000,00 €; insgesamt höchstens das Fünffache des Betrags je Verstoß " \
           "(Annahme)" in text


def test_imbiss_marks_assumptions_and_names_the_blank(tmp_path: Path) -> None:
    text = built(tmp_path, IMBISS)
    assert "Kosten (§ 9): jeder Partner trägt seine Kosten selbst; gemeinsame Kosten nur nach " \
           "Beschluss mit Zustimmung der Zahlenden (Annahme)" in text
    assert "Erlöse und Ergebnis (§ 10): Provision für vermittelte Aufträge; 5 % des " \
           "Nettoauftragswerts; fällig 30 Tage nach Zahlungseingang (Annahme)" in text
    assert "Gemeinsame Nutzung (§ 6, Anlage 3): Betriebskosten zu gleichen Teilen" in text
    assert "Laufzeit (§ 15): Beginn 1. Mai 2026; unbefristet; Mindestlaufzeit 6 Monate; " \
           "Kündigungsfrist 1 Monat zum Monatsende; Kündigung aus wichtigem Grund jederzeit " \
           "möglich, bei Pflichtverletzungen nach Abmahnung (Abhilfefrist 30 Tage) (Annahme)" \
        in text
    assert "Der Entwurf lässt eine Angabe offen ([●]); sie ist vor der Unterzeichnung zu " \
           "ergänzen:" in text
    assert "Anlage 3: monatliche Vorauszahlung auf die Betriebskosten" in text
    assert any(t.startswith("Er nimmt 42 Werte an") for t in text)


def test_the_english_sample_is_in_english(tmp_path: Path) -> None:
    text = built(tmp_path, SENSORS)
    assert text[0] == "Key Terms of the Cooperation Agreement “PumpSense Condition Monitoring”"
    assert "Costs (§ 10): joint costs: Sensorik Havelland 30%, Datastroom 30% and Pumpenservice " \
           "Lausitz 40%; settled quarterly" in text
    assert "Shared platform (§ 7, Annex 8): The PumpSense analysis platform with the customer " \
           "dashboard, fed by the sensor gateways; operator: Datastroom" in text
    assert "Term (§ 19): start 1 July 2026; open-ended; minimum term 24 months; notice period " \
           "6 months to the end of a calendar year" in text
    assert "Annex 8: Service credits if the service levels are not met" in text
    german = re.compile(r"\b(Annahme|Kündigung|Beiträge|Partnern|Anlage|und|je|bis)\b")
    assert not [t for t in text if german.search(t)]


def test_section_numbers_are_the_agreements(tmp_path: Path) -> None:
    sections = agreement_sections(tmp_path, EINKAUF)
    text = "\n".join(built(tmp_path / "summary", EINKAUF))
    for label, title in (("Kosten", "Kosten"), ("Haftung", "Haftung und Versicherung"),
                         ("Laufzeit", "Laufzeit und Kündigung"), ("Lenkungskreis", "Lenkungskreis"),
                         ("Kartellrecht", "Kartellrecht"), ("Streitfälle",
                                                            "Eskalation und Streitbeilegung")):
        assert f"\n{label} ({sections[title]}" in text, (label, sections[title])


def test_a_value_neither_given_nor_assumed_is_not_stated(tmp_path: Path) -> None:
    """The minimal cooperation gives no quorum, penalty, cap or term: none is invented."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    text = built(tmp_path / "out", path)
    joined = "\n".join(text)
    assert "beschlussfähig" not in joined and "Mindestlaufzeit" not in joined
    assert "Vertraulichkeit (§ 12): Geheimhaltung bis 5 Jahre nach dem Ende (Annahme); keine " \
           "Vertragsstrafe" in text
    assert "Haftung (§ 11): kein Höchstbetrag vereinbart" in text
    assert "Laufzeit (§ 14): Beginn mit Unterzeichnung durch alle Partner; unbefristet; " \
           "Kündigungsfrist 3 Monate zum Quartalsende (Annahme); Kündigung aus wichtigem Grund " \
           "jederzeit möglich, bei Pflichtverletzungen nach Abmahnung (Abhilfefrist 30 Tage) " \
           "(Annahme)" in text
    assert "Alpha GmbH, Partner. Aufgaben (§ 4): keine angegeben. Beiträge (§ 5, Anlage 1): " \
           "keine angegeben" in text
    assert "Eingang (Parteien), Alpha: Registergericht und Registernummer" in text
    assert "Eingang (Parteien), Beta: Registergericht und Registernummer" in text


def test_a_written_default_is_no_assumption(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL + "term: {notice_months: 3, notice_to: quarter_end}\n",
                    encoding="utf-8")
    text = "\n".join(built(tmp_path / "out", path))
    assert "Kündigungsfrist 3 Monate zum Quartalsende;" in text


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("sample", [*SAMPLES, *NETWORK], ids=lambda p: p.parent.name)
def test_every_sample_in_both_languages_has_only_words(sample: Path, language: str,
                                                       tmp_path: Path) -> None:
    """Every activity type, both languages: no placeholder, list or internal key shows."""
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    data["language"] = language
    path = tmp_path / "cooperation.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checking = check_cooperations([path], catalog(LIBRARY))
    assert checking.ok, [f.format() for c in checking.checked for f in c.findings]
    [(name, data_)] = build_outputs(checking.cases[0], LIBRARY, "summary", Options())
    assert name.endswith("-eckpunkte.docx" if language == "de" else "-key-terms.docx")
    (tmp_path / name).write_bytes(data_)
    text = "\n".join(paragraphs(tmp_path / name))
    words = text.replace("([●])", "")
    assert not re.search(r"[{}\[\]]|None|True|False|_[a-z]+|\(\)|: ;|; ;", words), words


# --- the template -------------------------------------------------------------------------------

def test_committed_template_matches_its_generator() -> None:
    fresh = zipfile.ZipFile(io.BytesIO(make_templates.template("summary")))
    committed = zipfile.ZipFile(ROOT / "templates" / "summary.docx")
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml"):
        assert fresh.read(part) == committed.read(part), f"{part}: run tools/make_templates.py"


def test_template_uses_only_provided_variables() -> None:
    checking = check_cooperations([IMBISS], catalog(LIBRARY))
    document = summary_document(prepare(checking.cases[0].cooperation, LIBRARY), None)
    provided = set(report_context(document))
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    template = DocxTemplate(str(ROOT / "templates" / "summary.docx"))
    used = template.get_undeclared_template_variables(jinja_env=env)
    assert used and used <= {*provided, "body"}, used - provided
