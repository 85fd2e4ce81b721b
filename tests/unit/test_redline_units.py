"""The redline's units (issue 18, item 9): readable marks, list items paired by their text.

A text with a few changed words is marked word by word; one of which more than half the words
changed is deleted and inserted as a whole. List items pair by their text, so inserting an item
at b) shows one inserted item and, for the items after it, only the changed letter. Accepting
every change gives the new version, rejecting every change the old one.
"""

from __future__ import annotations

import datetime
import re

import pytest

from coopdocs.amend.redline import (
    accepted,
    alike,
    changed_share,
    marked,
    merge_documents,
    rejected,
)
from coopdocs.model.document import (
    DEL,
    DEL_END,
    INS,
    INS_END,
    MARKERS,
    PARA_DEL,
    PARA_INS,
    AgreementDocument,
    Annex,
    Paragraph,
    Party,
    Properties,
    Section,
    Table,
)

DELETED = re.compile(f"{DEL}([^{DEL_END}]*){DEL_END}")
INSERTED = re.compile(f"{INS}([^{INS_END}]*){INS_END}")


def deleted(text: str) -> list[str]:
    return [run.strip() for run in DELETED.findall(text)]


def inserted(text: str) -> list[str]:
    return [run.strip() for run in INSERTED.findall(text)]


def whole_replacement(old: str, new: str) -> str:
    return f"{DEL}{old}{DEL_END}{INS}{new}{INS_END}"


# --- marked(): word by word for small edits, as a whole for a rewrite --------------------------

@pytest.mark.parametrize(("old", "new", "gone", "came"), [
    ("Die Frist beträgt 14 Tage ab Zugang.", "Die Frist beträgt 30 Tage ab Zugang.",
     ["14"], ["30"]),
    ("Der Lenkungskreis tritt zu mindestens vier Sitzungen zusammen.",
     "Der Lenkungskreis tritt zu mindestens vier ordentlichen Sitzungen zusammen.",
     [], ["ordentlichen"]),
    ("Die Vertragsstrafe beträgt 25.000,00 € je Verstoß.",
     "Die Vertragsstrafe beträgt 50.000,00 € je Verstoß.", ["25.000,00"], ["50.000,00"]),
    ("Beteiligt sind Wessels, Terhorst und Kottmann.",
     "Beteiligt sind Wessels, Terhorst, Kottmann und Lütke.", ["und Kottmann"],
     [", Kottmann und Lütke"]),
])
def test_a_small_edit_is_marked_where_it_stands(old: str, new: str, gone: list[str],
                                                 came: list[str]) -> None:
    text = marked(old, new)
    assert (deleted(text), inserted(text)) == (gone, came)
    assert accepted(text) == new and rejected(text) == old


def test_a_text_with_more_than_half_its_words_changed_is_replaced_as_a_whole() -> None:
    old = "„Beginn“ ist der Zeitpunkt, zu dem die Zusammenarbeit nach § 14 beginnt."
    new = ("„assoziierter Partner“ ist ein Partner, der in Anlage 1 als assoziierter Partner "
           "bezeichnet ist und nach § 4 ohne Stimmrecht im Lenkungskreis an der Kooperation "
           "mitwirkt.")
    assert changed_share(old, new) > 0.5
    assert marked(old, new) == whole_replacement(old, new)


@pytest.mark.parametrize(("old", "new", "share"), [
    ("eins zwei drei vier", "eins zwei drei vier", 0.0),
    ("eins zwei drei vier", "eins zwei drei fünf", 0.25),
    ("eins zwei drei vier", "eins zwei DREI VIER", 0.5),
    ("eins zwei drei vier", "eins ZWEI DREI VIER", 0.75),
    ("eins zwei", "ganz anders formuliert und viel länger", 1.0),
])
def test_changed_share_counts_the_changed_words(old: str, new: str, share: float) -> None:
    assert changed_share(old, new) == pytest.approx(share)


def test_half_the_words_changed_is_still_marked_word_by_word() -> None:
    assert marked("eins zwei drei vier", "eins zwei DREI VIER") \
        == f"eins zwei {DEL}drei vier{DEL_END}{INS}DREI VIER{INS_END}"
    assert marked("eins zwei drei vier", "eins ZWEI DREI VIER") \
        == whole_replacement("eins zwei drei vier", "eins ZWEI DREI VIER")


def test_a_rewritten_sentence_in_a_long_paragraph_is_one_deletion_and_one_insertion() -> None:
    kept = ("Die Kündigung bedarf der Schriftform; die telekommunikative Übermittlung, "
            "insbesondere per E-Mail, genügt (§ 127 Abs. 2 BGB). Eine Kündigung aus wichtigem "
            "Grund soll den Grund angeben. ")
    old = kept + "Mit ihrem Wirksamwerden endet diese Vereinbarung für alle Partner."
    new = kept + "Für die Wahrung der Frist kommt es auf den Zugang bei allen Partnern an."
    text = marked(old, new)
    assert text.startswith(kept)
    assert len(deleted(text)) == 1 and len(inserted(text)) == 1
    assert accepted(text) == new and rejected(text) == old


def test_separate_small_edits_each_stay_marked() -> None:
    old = "Brüning trägt 26 %, Wessels trägt 24 % und Terhorst trägt 20 % der Kosten."
    new = "Brüning trägt 24 %, Wessels trägt 22 % und Terhorst trägt 18 % der Kosten."
    text = marked(old, new)
    assert (deleted(text), inserted(text)) == (["26", "24", "20"], ["24", "22", "18"])


def test_empty_sides_and_the_same_text() -> None:
    assert marked("gleich", "gleich") == "gleich"
    assert marked("", "neu") == PARA_INS + "neu"
    assert marked("alt", "") == PARA_DEL + "alt"
    assert accepted(PARA_DEL + "alt") == "" and rejected(PARA_INS + "neu") == ""
    assert alike("gleich", "gleich") == 1.0 and alike("eins", "ganz anders als vorher") == 0.0


# --- list items paired by their text -----------------------------------------------------------

DEFINITIONS = ("„Ansprechpartner“ ist die Person, die ein Partner benannt hat.",
               "„Beginn“ ist der Zeitpunkt, zu dem die Zusammenarbeit beginnt.",
               "„Beiträge“ sind die Leistungen, die ein Partner erbringt.",
               "„Kooperation“ ist die Zusammenarbeit der Partner nach dieser Vereinbarung.",
               "„Lenkungskreis“ ist das gemeinsame Gremium der Partner.")
ASSOCIATED = ("„assoziierter Partner“ ist ein Partner, der in Anlage 1 als assoziierter Partner "
              "bezeichnet ist und ohne Stimmrecht im Lenkungskreis an der Kooperation mitwirkt.")
LETTERS = "abcdefgh"


def definitions(*texts: str, after: tuple[Paragraph, ...] = ()) -> Section:
    items = tuple(Paragraph("item", f"{LETTERS[i]})", text) for i, text in enumerate(texts))
    head = Paragraph("absatz", "(1)", "Die folgenden Begriffe haben die folgende Bedeutung:")
    return Section("definitions", "§ 1", "Begriffsbestimmungen", (head, *items, *after))


def document(*sections: Section, rows: tuple[tuple[str, ...], ...] = (("Alpha", "GmbH"),)
             ) -> AgreementDocument:
    table = Table("Partner", ("Partner", "Anteil"), rows)
    return AgreementDocument(
        heading="Kooperationsvereinbarung", title="T", draft=True, header_note="", draft_note="",
        parties_intro="zwischen", parties=(Party("Alpha", (), "Alpha"),), parties_outro="",
        sections=sections, signature_intro="", signatures=(),
        annexes=(Annex("partners", "Anlage 1", "Partner", (table,)),), footer="",
        properties=Properties("T", "", "", "", "", "de-DE", datetime.date(2026, 1, 1)))


def test_an_item_inserted_at_b_is_the_only_insertion_the_rest_only_change_letters() -> None:
    old = definitions(*DEFINITIONS)
    new = definitions(DEFINITIONS[0], ASSOCIATED, *DEFINITIONS[1:])
    [section] = merge_documents(document(old), document(new)).sections
    paragraphs = section.paragraphs
    assert [p.text for p in paragraphs if any(m in p.text for m in MARKERS)] \
        == [PARA_INS + ASSOCIATED]
    assert [p.text for p in paragraphs] == [p.text.replace(ASSOCIATED, PARA_INS + ASSOCIATED)
                                            for p in new.paragraphs]
    assert [p.label for p in paragraphs] == [
        "(1)", "a)", "b)", *(f"{DEL}{LETTERS[i]}{DEL_END}{INS}{LETTERS[i + 1]}{INS_END})"
                             for i in range(1, 5))]


def test_a_removed_item_is_one_deletion_and_an_edited_item_keeps_its_word_marks() -> None:
    old = definitions(*DEFINITIONS)
    edited = DEFINITIONS[3].replace("Partner", "Partner und assoziierten Partner")
    new = definitions(DEFINITIONS[0], DEFINITIONS[2], edited, DEFINITIONS[4])
    [section] = merge_documents(document(old), document(new)).sections
    texts = [p.text for p in section.paragraphs[1:]]
    assert texts[0] == DEFINITIONS[0]
    assert texts[1] == PARA_DEL + DEFINITIONS[1]
    assert texts[2] == DEFINITIONS[2]
    assert inserted(texts[3]) == ["und assoziierten Partner"] and not deleted(texts[3])
    assert section.paragraphs[4].label == f"{DEL}d{DEL_END}{INS}c{INS_END})"


def test_an_item_rewritten_under_its_letter_is_deleted_and_another_inserted() -> None:
    old = definitions(*DEFINITIONS)
    new = definitions(DEFINITIONS[0], ASSOCIATED, *DEFINITIONS[2:])
    [section] = merge_documents(document(old), document(new)).sections
    assert [(p.label, p.text) for p in section.paragraphs[2:4]] == [
        ("b)", PARA_DEL + DEFINITIONS[1]), ("b)", PARA_INS + ASSOCIATED)]
    assert not any(m in p.label + p.text for p in section.paragraphs[4:] for m in MARKERS)


# --- Absätze and table rows --------------------------------------------------------------------

def absaetze(*texts: str) -> Section:
    return Section("term", "§ 14", "Laufzeit", tuple(
        Paragraph("absatz", f"({i})", text) for i, text in enumerate(texts, start=1)))


TERM = ("Diese Vereinbarung wird mit ihrer Unterzeichnung durch alle Partner wirksam.",
        "Jeder Partner kann diese Vereinbarung mit einer Frist von 3 Monaten kündigen.",
        "Jede Kündigung bedarf der Schriftform.")


def test_a_largely_rewritten_absatz_is_one_deletion_and_one_insertion() -> None:
    rewritten = ("Die ordentliche Kündigung eines Partners beendet nur dessen Teilnahme; "
                 "zwischen den übrigen Partnern wird die Zusammenarbeit fortgesetzt.")
    merged = merge_documents(document(absaetze(*TERM)),
                             document(absaetze(TERM[0], rewritten, TERM[2])))
    paragraph = merged.sections[0].paragraphs[1]
    assert (paragraph.label, paragraph.text) == ("(2)", whole_replacement(TERM[1], rewritten))


def test_an_absatz_that_moved_to_a_new_number_pairs_by_its_text() -> None:
    inserted_absatz = "Liegt ein wichtiger Grund in der Person eines Partners vor, kann er " \
                      "ausgeschlossen werden."
    merged = merge_documents(document(absaetze(*TERM)),
                             document(absaetze(TERM[0], inserted_absatz, *TERM[1:])))
    assert [(p.label, p.text) for p in merged.sections[0].paragraphs] == [
        ("(1)", TERM[0]), ("(2)", PARA_INS + inserted_absatz),
        (f"({DEL}2{DEL_END}{INS}3{INS_END})", TERM[1]),
        (f"({DEL}3{DEL_END}{INS}4{INS_END})", TERM[2])]


def test_a_label_is_marked_where_it_changed_and_ends_in_kept_text() -> None:
    # render.tracked carries the change of a label's last piece on into the paragraph's text,
    # so the closing bracket stays unmarked; a label that cannot end alike replaces the paragraph
    def relabelled(old: str, new: str) -> list[tuple[str, str]]:
        section = Section("s", "§ 1", "T", (Paragraph("absatz", old, TERM[2]),))
        moved = Section("s", "§ 1", "T", (Paragraph("absatz", new, TERM[2]),))
        merged = merge_documents(document(section), document(moved))
        return [(p.label, p.text) for p in merged.sections[0].paragraphs]

    assert relabelled("(9)", "(9a)") == [(f"(9{INS}a{INS_END})", TERM[2])]
    assert relabelled("(10)", "(1)") == [(f"(1{DEL}0{DEL_END})", TERM[2])]
    assert relabelled("(2)", "2.") == [("(2)", PARA_DEL + TERM[2]), ("2.", PARA_INS + TERM[2])]


def test_table_rows_pair_by_their_content_not_their_position() -> None:
    old = document(absaetze(*TERM), rows=(("Alpha", "30 %"), ("Beta", "30 %"), ("Gamma", "40 %")))
    new = document(absaetze(*TERM), rows=(("Alpha", "50 %"), ("Gamma", "50 %")))
    rows = merge_documents(old, new).annexes[0].tables[0].rows
    assert [[accepted(c) for c in row] for row in rows] \
        == [["Alpha", "50 %"], ["", ""], ["Gamma", "50 %"]]
    assert rows[1] == (PARA_DEL + "Beta", PARA_DEL + "30 %")
    assert rows[2] == ("Gamma", whole_replacement("40 %", "50 %"))  # its only word changed


# --- accepting gives the new version, rejecting the old -----------------------------------------

def accepted_view(document: AgreementDocument) -> list[tuple[str, ...]]:
    """Labels, texts and rows after accepting every change (a deleted unit is gone)."""
    return [(accepted(p.label), accepted(p.text)) for s in document.sections
            for p in s.paragraphs if not p.text.startswith(PARA_DEL)] + [
        tuple(accepted(c) for c in row) for a in document.annexes for t in a.tables
        for row in t.rows if not all(c.startswith(PARA_DEL) for c in row)]


def rejected_view(document: AgreementDocument) -> list[tuple[str, ...]]:
    return [(rejected(p.label), rejected(p.text)) for s in document.sections
            for p in s.paragraphs if not p.text.startswith(PARA_INS)] + [
        tuple(rejected(c) for c in row) for a in document.annexes for t in a.tables
        for row in t.rows if not all(c.startswith(PARA_INS) for c in row)]


def plain_view(document: AgreementDocument) -> list[tuple[str, ...]]:
    return [(p.label, p.text) for s in document.sections for p in s.paragraphs] + [
        row for a in document.annexes for t in a.tables for row in t.rows]


ROUND_TRIPS = {
    "item inserted at b)": (definitions(*DEFINITIONS),
                            definitions(DEFINITIONS[0], ASSOCIATED, *DEFINITIONS[1:])),
    "items removed and edited": (
        definitions(*DEFINITIONS),
        definitions(DEFINITIONS[0], DEFINITIONS[2].replace("erbringt", "schuldet"),
                    DEFINITIONS[4])),
    "items reordered": (definitions(*DEFINITIONS),
                        definitions(*DEFINITIONS[2:], *DEFINITIONS[:2])),
    "absatz rewritten": (absaetze(*TERM), absaetze(TERM[0], ASSOCIATED, TERM[2])),
    "absatz moved": (absaetze(*TERM), absaetze(TERM[0], ASSOCIATED, *TERM[1:])),
    "absatz removed with its items": (
        definitions(*DEFINITIONS, after=(Paragraph("absatz", "(2)", TERM[2]),)),
        absaetze(TERM[2])),
}


@pytest.mark.parametrize("case", list(ROUND_TRIPS), ids=list(ROUND_TRIPS))
def test_accepting_gives_the_new_version_and_rejecting_the_old(case: str) -> None:
    old_section, new_section = ROUND_TRIPS[case]
    old = document(old_section, rows=(("Alpha", "30 %"), ("Beta", "70 %")))
    new = document(with_id(new_section, old_section.id),
                   rows=(("Alpha", "50 %"), ("Gamma", "50 %")))
    merged = merge_documents(old, new)
    assert accepted_view(merged) == plain_view(new)
    assert rejected_view(merged) == plain_view(old)


def with_id(section: Section, section_id: str) -> Section:
    """The section under ``section_id``, so the redline pairs it with the old one."""
    return Section(section_id, section.number, section.title, section.paragraphs)
