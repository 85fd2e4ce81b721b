"""The unit-level diff of two agreement versions: stable numbers, placeholders, changes."""

from __future__ import annotations

import dataclasses
import datetime

from coopdocs.amend.diff import Change, renumber_stably
from coopdocs.amend.redline import accepted, marked
from coopdocs.clauses.outline import stable_numbers
from coopdocs.model.document import (
    DEL,
    INS,
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

GONE = "(weggefallen)"


def absaetze(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph("absatz", f"({i})", t) for i, t in enumerate(texts, start=1))


def document(sections: tuple[Section, ...], *, parties: tuple[str, ...] = ("Alpha", "Beta"),
             rows: tuple[tuple[str, ...], ...] = (("Alpha", "GmbH"),)) -> AgreementDocument:
    table = Table("Partner", ("Partner", "Rechtsform"), rows)
    return AgreementDocument(
        heading="Kooperationsvereinbarung", title="T", draft=True, header_note="", draft_note="",
        parties_intro="zwischen", parties=tuple(Party(p, (), p) for p in parties),
        parties_outro="", sections=sections, signature_intro="", signatures=(),
        annexes=(Annex("partners", "Anlage 1", "Partner", (table,)),), footer="",
        properties=Properties("T", "", "", "", "", "de-DE", datetime.date(2026, 1, 1)))


def section(number: str, *texts: str, section_id: str = "") -> Section:
    return Section(section_id or f"s{number}", f"§ {number}", f"Titel {number}",
                   absaetze(*texts))


BASE = document((section("1", "A", "B", "C", "D", "E"), section("2", "X", "Y")))


def changes_of(old: AgreementDocument, new: AgreementDocument
               ) -> tuple[AgreementDocument, list[tuple[str, str, str, str]]]:
    result, changes = renumber_stably(old, new, GONE)
    return result, [(c.kind, c.number, c.label, c.anchor) for c in changes]


def test_unchanged_versions_have_no_changes() -> None:
    assert changes_of(BASE, BASE) == (BASE, [])


def test_changed_absatz_keeps_its_label() -> None:
    new = document((section("1", "A", "B2", "C", "D", "E"), section("2", "X", "Y")))
    result, changes = changes_of(BASE, new)
    assert changes == [("replace_absatz", "§ 1", "(2)", "")]
    assert result.sections[0].paragraphs[1] == Paragraph("absatz", "(2)", "B2")


def test_inserted_absatz_gets_a_letter_and_appended_one_the_next_number() -> None:
    new = document((section("1", "A", "B", "B+", "C", "D", "E", "F"), section("2", "X", "Y")))
    result, changes = changes_of(BASE, new)
    assert changes == [("insert_absatz", "§ 1", "(2a)", "(2)"),
                       ("append_absatz", "§ 1", "(6)", "(5)")]
    assert [p.label for p in result.sections[0].paragraphs] == [
        "(1)", "(2)", "(2a)", "(3)", "(4)", "(5)", "(6)"]


def test_removed_absatz_stays_as_placeholder_and_numbers_stay_stable_over_rounds() -> None:
    first = document((section("1", "A", "C", "D", "E"), section("2", "X", "Y")))
    one, changes = changes_of(BASE, first)
    assert changes == [("delete_absatz", "§ 1", "(2)", "")]
    assert one.sections[0].paragraphs[1] == Paragraph("absatz", "(2)", GONE)
    # round 2 puts new text where (2) was: the vacant number is filled again ("neu gefasst")
    second = document((section("1", "A", "A+", "C", "D", "E"), section("2", "X", "Y")))
    two, changes = changes_of(one, second)
    assert changes == [("replace_absatz", "§ 1", "(2)", "")]
    assert [p.label for p in two.sections[0].paragraphs] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    # round 3 inserts after (3): (3a); nothing else moves
    third = document((section("1", "A", "A+", "C", "C+", "D", "E"), section("2", "X", "Y")))
    three, changes = changes_of(two, third)
    assert changes == [("insert_absatz", "§ 1", "(3a)", "(3)")]
    assert [p.label for p in three.sections[0].paragraphs] == [
        "(1)", "(2)", "(3)", "(3a)", "(4)", "(5)"]


def test_many_changes_restate_the_whole_section() -> None:
    new = document((section("1", "A1", "B1", "C1", "D", "E"), section("2", "X", "Y")))
    _, changes = changes_of(BASE, new)
    assert changes == [("replace_section", "§ 1", "", "")]


def test_inserted_and_removed_sections() -> None:
    numbers = stable_numbers(["s1", "new", "s2"], {"s1": "1", "s2": "2"})
    assert numbers == {"s1": "1", "new": "1a", "s2": "2"}
    inserted = document((section("1", "A", "B", "C", "D", "E"),
                         section("1a", "N", section_id="new"), section("2", "X", "Y")))
    one, changes = changes_of(BASE, inserted)
    assert changes == [("insert_section", "§ 1a", "", "§ 1")]
    removed = document((section("1", "A", "B", "C", "D", "E"), section("2", "X", "Y")))
    two, changes = changes_of(one, removed)
    assert changes == [("delete_section", "§ 1a", "", "")]
    assert [(s.number, s.title) for s in two.sections] == [
        ("§ 1", "Titel 1"), ("§ 1a", GONE), ("§ 2", "Titel 2")]
    # a later round that changes nothing keeps the placeholder without a new change
    assert changes_of(two, removed)[1] == []


def test_changed_annex_table_replaces_the_annex() -> None:
    new = dataclasses.replace(BASE, annexes=document(
        BASE.sections, rows=(("Alpha", "GmbH"), ("Gamma", "AG"))).annexes)
    _, changes = changes_of(BASE, new)
    assert changes == [("replace_annex", "Anlage 1", "", "")]


def test_partner_joined_and_left() -> None:
    new = document(BASE.sections, parties=("Alpha", "Gamma"))
    result, changes = renumber_stably(BASE, new, GONE)
    assert [(c.kind, c.unit) for c in changes] == [("join", "Gamma"), ("leave", "Beta")]
    assert [p.name for p in result.parties] == ["Alpha", "Gamma"]


def test_items_belong_to_their_absatz() -> None:
    items = (Paragraph("absatz", "(1)", "A:"), Paragraph("item", "a)", "eins"),
             Paragraph("item", "b)", "zwei"), Paragraph("absatz", "(2)", "B"),
             Paragraph("absatz", "(3)", "C"))
    old = document((Section("s1", "§ 1", "T", items),))
    changed = (*items[:2], Paragraph("item", "b)", "drei"), *items[3:])
    result, changes = renumber_stably(old, document((Section("s1", "§ 1", "T", changed),)), GONE)
    # one item changed: a command on that Buchstabe, not the whole Absatz (issue 18 item 10)
    assert [(c.kind, c.label) for c in changes] == [("replace_item", "(1)")]
    change: Change = changes[0]
    assert change.items == ("b)",)
    assert [p.text for p in change.paragraphs] == ["drei"]
    assert result.sections[0].paragraphs == changed


def test_word_level_marks_accept_to_the_new_text() -> None:
    text = marked("tritt viermal im Jahr zusammen", "tritt sechsmal im Jahr zusammen")
    assert DEL in text and INS in text
    assert accepted(text) == "tritt sechsmal im Jahr zusammen"
    assert marked("", "neu") == PARA_INS + "neu" and accepted(PARA_INS + "neu") == "neu"
    assert marked("alt", "") == PARA_DEL + "alt" and accepted(PARA_DEL + "alt") == ""
    assert marked("gleich", "gleich") == "gleich"
