"""The frame of the agreement as a lawyer's review asked for it (issue 17, items 11, 13–15).

The Rubrum names each kind of party as German drafting does; data a signing version needs and
the input lacks prints as [●] and is listed in the draft's "Offene Punkte und Annahmen", with the
values the draft assumed; ``--final`` refuses while a blank remains; a long agreement has a
table of contents; the footer does not say "Kooperation" twice; no heading promises an empty
part; the signature line keeps a long function at the tab; hyphenation is on in the document's
language.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from coopdocs.build import Options, build_outputs
from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from coopdocs.compose.agreement import contents
from coopdocs.model.document import Paragraph, Section
from tests.conftest import COMPLETE, MINIMAL, WriteYaml
from tests.integration.test_libreoffice import require_libreoffice
from tests.support.agreement import Agreement, assumed, open_points, read_agreement
from tests.support.cases import case_of


def build(path: Path, *, final: bool = False) -> Agreement:
    return read_agreement(path, final=final)


def word_document(path: Path) -> DocxDocument:
    """The draft of ``path`` as python-docx reads it, for what ``Agreement`` leaves out (layout,
    footer, settings)."""
    [(_, data)] = build_outputs(case_of(path), load_library(), "agreement", Options())
    return docx.Document(io.BytesIO(data))


def parties(agreement: Agreement) -> str:
    """The Rubrum: from "zwischen" to "gemeinsam „die Partner“"."""
    start = agreement.lines.index("zwischen")
    end = next(i for i, line in enumerate(agreement.lines) if "gemeinsam „die Partner“" in line)
    return "\n".join(agreement.lines[start:end + 1])


@pytest.fixture
def complete(write_yaml: WriteYaml) -> Agreement:
    return build(write_yaml(COMPLETE))


# --- item 11: the Rubrum -----------------------------------------------------------------------

def test_a_company_has_seat_business_address_and_register_in_words(complete: Agreement) -> None:
    rubrum = parties(complete)
    assert "Alpha GmbH\nmit Sitz in Berlin\nGeschäftsanschrift: Friedrichstraße 100, 10117 " \
           "Berlin\neingetragen im Handelsregister des Amtsgerichts Charlottenburg unter HRB " \
           "123456 B\nvertreten durch Anna Alpha (Geschäftsführerin)" in rubrum
    assert "mit Sitz in Friedrichstraße" not in rubrum


def test_a_sole_trader_is_the_party_itself(complete: Agreement) -> None:
    rubrum = parties(complete)
    assert "Peter Hoffmann\nhandelnd unter der Firma Velo Hoffmann e.K.\nGeschäftsanschrift: " \
           "Radweg 5, 01067 Dresden\neingetragen im Handelsregister des Amtsgerichts Dresden " \
           "unter HRA 4711\n– nachfolgend „Velo Hoffmann“ –" in rubrum
    assert "(Inhaber)" not in rubrum
    assert "Peter Hoffmann, handelnd unter der Firma Velo Hoffmann e.K.:" in complete.lines


def test_a_gmbh_co_kg_is_represented_by_its_general_partner(complete: Agreement) -> None:
    assert "vertreten durch ihre persönlich haftende Gesellschafterin, die Muster Verwaltungs " \
           "GmbH, diese vertreten durch Max Muster (Geschäftsführer der Muster Verwaltungs GmbH" \
           in parties(complete)
    assert "Für Muster Touristik GmbH & Co. KG, vertreten durch ihre persönlich haftende " \
           "Gesellschafterin Muster Verwaltungs GmbH:" in complete.lines


def test_a_gbr_is_represented_by_its_partners(complete: Agreement) -> None:
    assert "vertreten durch ihre Gesellschafter Jana Sonne (Gesellschafterin) und Jens Sonne " \
           "(Gesellschafter)" in parties(complete)


def test_english_rubrum(write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml(COMPLETE.replace("format: 1\n", "format: 1\nlanguage: en\n")))
    text = "\n".join(agreement.lines)
    assert "having its registered office in Berlin\nbusiness address: Friedrichstraße 100, " \
           "10117 Berlin\nregistered in the commercial register (Handelsregister) of the Local " \
           "Court (Amtsgericht) Charlottenburg under HRB 123456 B" in text
    assert "Peter Hoffmann\ntrading under the firm name Velo Hoffmann e.K." in text


# --- item 13: the signature line ----------------------------------------------------------------

def test_a_long_function_wraps_at_the_tab_not_under_place_and_date(write_yaml: WriteYaml
                                                                     ) -> None:
    document = word_document(write_yaml(COMPLETE))
    line = next(p for p in document.paragraphs
                if p.text.startswith("Ort, Datum") and "Max Muster" in p.text)
    fmt = line.paragraph_format
    [stop] = list(fmt.tab_stops)
    assert fmt.left_indent == stop.position  # wrapped lines start at the tab
    assert fmt.first_line_indent == -stop.position  # "Ort, Datum" starts at the margin


# --- item 15: blanks, open points, --final -------------------------------------------------------

def test_missing_party_data_prints_as_blanks_never_as_a_dash(write_yaml: WriteYaml) -> None:
    text = MINIMAL.replace(
        "    represented_by: [{name: Bernd Beta, function: Geschäftsführer}]\n", "")
    agreement = build(write_yaml(text))
    rubrum = parties(agreement)
    assert "eingetragen im Handelsregister des Amtsgerichts [●] unter [●]" in rubrum
    assert "Beta KG\nmit Sitz in Hamburg\nGeschäftsanschrift: Nebenweg 2, 20095 Hamburg\n" \
           "eingetragen im Handelsregister des Amtsgerichts [●] unter [●]\nvertreten durch [●]" \
           in rubrum
    assert "Für Beta KG:" in agreement.lines
    assert any(line.startswith("Ort, Datum") and line.endswith("[●]") for line in agreement.lines)


def test_the_draft_lists_each_blank_with_its_place_and_key(write_yaml: WriteYaml) -> None:
    rows = open_points(write_yaml(MINIMAL))
    blanks = [r for r in rows if len(r) == 4]
    assert ["1", "Eingang (Parteien)", "Registergericht und Registernummer",
            "partners[0].register"] in blanks
    assert any(r[1] == "Anlage 1" and r[3] == "partners[1].contact" for r in blanks)


def test_the_draft_lists_defaulted_values_that_change_rights(write_yaml: WriteYaml) -> None:
    notice = assumed(write_yaml(MINIMAL))["term.notice_months"]
    assert re.fullmatch(r"§\s\d+", notice.where), notice
    assert (notice.what, notice.value) == ("Kündigungsfrist", "3 Monate")
    written = MINIMAL + "term: {notice_months: 6}\n"
    assert "term.notice_months" not in assumed(write_yaml(written))  # the user chose it


def test_final_refuses_while_a_blank_remains(write_yaml: WriteYaml, tmp_path: Path) -> None:
    path = write_yaml(MINIMAL)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["agreement", str(path), "--final", "-o", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert any(re.match(rf"{re.escape(str(path))}:\d+:\d+: error: partners\[0\]\.register: ",
                        line) for line in lines), lines
    assert any("partners[1].contact" in line for line in lines)
    assert "nothing was built" in lines[-1]
    assert not out.exists() or not any(out.iterdir())


def test_a_complete_final_has_no_blank_and_no_open_points(write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml(COMPLETE), final=True)
    assert "[●]" not in agreement.text
    assert "Offene Punkte und Annahmen" not in agreement.text


# --- items 10 and 14: contents, footer, headings, hyphenation -----------------------------------

def test_a_long_agreement_has_a_table_of_contents_of_its_headings(complete: Agreement) -> None:
    headings = [line for line in complete.lines if re.match(r"§\s\d+ ", line)]
    listed = [line.replace("\u00a0", " ") for line in complete.contents]
    assert [line for line in listed if line.startswith("§")] == headings
    assert listed[-1].startswith("Anlage ")


def test_a_short_agreement_has_none() -> None:
    short = Section("s", "§ 1", "Kurz", (Paragraph("text", "", "Ein Satz."),))
    assert contents([short], []) == ()


def test_the_footer_does_not_say_cooperation_twice(write_yaml: WriteYaml) -> None:
    document = word_document(write_yaml(COMPLETE))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Kooperationsvereinbarung Radregion"), footer
    assert document.core_properties.title == "Kooperationsvereinbarung Radregion"


def test_no_heading_promises_an_empty_part(write_yaml: WriteYaml) -> None:
    text = MINIMAL + "goals:\n  - {id: g1, description: Einkaufsvolumen bündeln}\n"
    agreement = build(write_yaml(text))
    [annex] = [line for line in agreement.lines if line.startswith("Anlage 2:")]
    assert annex == "Anlage 2: Ziele"
    assert "Meilensteine" not in agreement.annex("Ziele")


@pytest.mark.parametrize(("language", "tag"), [("de", "de-DE"), ("en", "en-GB")])
def test_hyphenation_is_on_in_the_documents_language(write_yaml: WriteYaml, language: str,
                                                     tag: str) -> None:
    document = word_document(write_yaml(MINIMAL.replace("format: 1\n",
                                                        f"format: 1\nlanguage: {language}\n")))
    assert document.settings.element.find(qn("w:autoHyphenation")) is not None
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == tag


@pytest.mark.pdf
def test_libreoffice_hyphenates_a_long_word_in_a_narrow_cell(write_yaml: WriteYaml,
                                                             tmp_path: Path) -> None:
    """A German compound too long for its table column breaks at a syllable with a hyphen
    (hyphenation on, de-DE patterns installed), not somewhere without one."""
    require_libreoffice()
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesellschaft"
    text = MINIMAL.replace("name: Beta KG", f"name: {word} Nord KG")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["agreement", str(write_yaml(text)), "--format", "pdf",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    [pdf] = out.glob("*.pdf")
    reader = PdfReader(pdf)
    cell = next(page.extract_text() for page in reversed(reader.pages)
                if "Vertreten durch" in page.extract_text())
    assert word not in cell.replace("\n", " ")  # the column is too narrow for the whole word
    joined = re.sub(r"-\s*\n", "", cell)
    assert word in joined, cell  # ... so it is split where a hyphen marks the break
