"""The Nachtrag's amendment commands: as small as they can be, and exactly what changes.

Issue 18 item 10: a whole Absatz was re-enacted where "Buchstabe d wird aufgehoben" or "die
Angabe „12 Stunden“ wird durch die Angabe „24 Stunden“ ersetzt" would do, and the Eingang
(Rubrum) changed without a command. ``apply_commands`` below reads the German commands the way
a lawyer consolidating the agreement would and applies them to the previous version; on the
samples the result must be the next version, unit by unit.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Sequence

import pytest

from coopdocs.amend.addendum import compose_reading
from coopdocs.amend.commands import Commands, commands
from coopdocs.amend.diff import Change, renumber_stably
from coopdocs.amend.versions import Version
from coopdocs.build import case_versions, template_file
from coopdocs.clauses.library import load_library
from coopdocs.model.document import AgreementDocument, Paragraph, Party, Properties, Section
from coopdocs.wording import Terms, load_terms
from tests.conftest import ROOT
from tests.support.cases import case_of

GONE = "(weggefallen)"
SAMPLES = {"3dmp": 2, "einkaufsverbund": 3, "sensor-services": 1}
# the test fixture has a partner joining (round 1) and leaving (round 2), with many items changed
FIXTURE = ROOT / "tests" / "fixtures" / "amend"


@functools.cache
def words(language: str = "de") -> Terms:
    return load_terms(template_file("addendum.yaml", None), language)


def party(name: str) -> Party:
    return Party(name, (f"mit Sitz in {name}stadt", f"vertreten durch {name}"),
                 f"– nachfolgend „{name}“ –")


def document(*paragraphs: Paragraph, parties: Sequence[str] = ("Alpha", "Beta")
             ) -> AgreementDocument:
    """An agreement with § 1 (as given) and § 2 (three fixed Absätze)."""
    fixed = tuple(Paragraph("absatz", f"({i})", f"Fester Text {i} der Vereinbarung.")
                  for i in range(1, 4))
    return AgreementDocument(
        heading="Kooperationsvereinbarung", title="T", draft=True, header_note="", draft_note="",
        parties_intro="zwischen", parties=tuple(party(p) for p in parties), parties_outro="",
        sections=(Section("s1", "§\u00a01", "Eins", paragraphs),
                  Section("s2", "§\u00a02", "Zwei", fixed)),
        signature_intro="", signatures=(), annexes=(), footer="",
        properties=Properties("T", "", "", "", "", "de-DE", datetime.date(2026, 1, 1)))


LEAD = Paragraph("absatz", "(1)", "Die Partner übernehmen die folgenden Aufgaben:")
ITEMS = ("die Planung der gemeinsamen Beschaffung,", "die Auswahl der Lieferanten,",
         "die Verhandlung der Rahmenverträge,", "die Abrechnung der Bestellungen,",
         "die Prüfung der Rechnungen.")
SECOND = Paragraph("absatz", "(2)", "Ein Partner meldet eine Störung innerhalb von 12 Stunden "
                   "nach Kenntnis; die anderen Partner antworten innerhalb von 12 Tagen.")
THIRD = Paragraph("absatz", "(3)", "Die Partner treffen sich viermal im Jahr.")


def absatz_one(*texts: str) -> tuple[Paragraph, ...]:
    return (LEAD, *(Paragraph("item", f"{chr(97 + i)})", t) for i, t in enumerate(texts)))


def agreement(*texts: str, second: Paragraph = SECOND, parties: Sequence[str] = ("Alpha", "Beta")
              ) -> AgreementDocument:
    return document(*absatz_one(*texts), second, THIRD, parties=parties)


BASE = agreement(*ITEMS)


def amend(old: AgreementDocument, new: AgreementDocument, language: str = "de"
          ) -> tuple[AgreementDocument, list[Change], Commands]:
    result, changes = renumber_stably(old, new, GONE)
    return result, changes, commands(changes, words(language))


def texts(made: Commands) -> list[str]:
    """Each command with its quoted text, one line per paragraph."""
    return [f"{p.label} {p.text}".strip() for p in made.paragraphs]


def lines(section: Section) -> list[str]:
    return [f"{p.label} {p.text}" for p in section.paragraphs]


# --- the interpreter ---------------------------------------------------------------------------

NUM = r"(?P<num>§\s\S+)"
ABS = r"Absatz (?P<abs>\w+)"
ITEMS_RE = r"(?P<items>[a-z]+(?:(?:, | und )[a-z]+)*)"
PATTERNS = {
    "words": re.compile(
        rf"In {NUM} {ABS}(?: Buchstabe {ITEMS_RE})? (?:wird die Angabe|wird das Wort|werden die "
        r"Wörter) „(?P<old>.+?)“(?: jeweils)? durch (?:die Angabe|das Wort|die Wörter) "
        r"„(?P<new>.+)“ ersetzt\."),
    "end": re.compile(
        rf"In {NUM} {ABS} Buchstabe {ITEMS_RE} wird (?:der|das) (?P<old>\w+|Wort „\w+“) am Ende "
        r"durch (?:ein|einen|das) (?P<new>\w+|Wort „\w+“) ersetzt\."),
    "strike": re.compile(
        rf"In {NUM} {ABS} (?:wird Buchstabe|werden die Buchstaben) {ITEMS_RE} aufgehoben\."),
    "item": re.compile(rf"In {NUM} {ABS} wird Buchstabe {ITEMS_RE} wie folgt neu gefasst:"),
    "add": re.compile(rf"Dem {NUM} {ABS} (?:wird folgender Buchstabe|werden folgende "
                      rf"Buchstaben) {ITEMS_RE} angefügt:"),
    "absatz": re.compile(rf"{NUM} {ABS} wird wie folgt neu gefasst:"),
    "delete": re.compile(rf"{NUM} {ABS} wird aufgehoben\."),
    "insert": re.compile(rf"In {NUM} wird nach Absatz \w+ folgender {ABS} eingefügt:"),
    "append": re.compile(rf"Dem {NUM} wird folgender {ABS} angefügt:"),
    "join": re.compile(r"Im Eingang wird nach der Angabe zu (?P<anchor>.+) folgende Angabe "
                       r"eingefügt:"),
    "leave": re.compile(r"Im Eingang wird die Angabe zu (?P<name>.+) gestrichen\."),
}
MARKS = {"Punkt": ".", "Komma": ",", "Semikolon": ";", "Doppelpunkt": ":"}


def ending(named: str) -> str:
    """"Komma" → ","; "Wort „oder“" → " oder"."""
    return MARKS.get(named) or " " + named.removeprefix("Wort „").removesuffix("“")


@dataclasses.dataclass
class Text:
    """The agreement as a consolidator edits it: Absätze by (§, label), and the parties."""

    units: dict[tuple[str, str], list[Paragraph]]
    parties: list[Party]


def text_of(document: AgreementDocument) -> Text:
    units: dict[tuple[str, str], list[Paragraph]] = {}
    for section in document.sections:
        label = ""
        for paragraph in section.paragraphs:
            if paragraph.kind != "item":
                label = paragraph.label
            units.setdefault((section.number.replace("\u00a0", " "), label), []).append(paragraph)
    return Text(units, list(document.parties))


def split(made: Commands) -> list[tuple[str, list[Paragraph]]]:
    """The commands with their quoted paragraphs, quotation marks removed."""
    found: list[tuple[str, list[Paragraph]]] = []
    for paragraph in made.paragraphs:
        if paragraph.kind == "absatz":
            found.append((paragraph.text, []))
        else:
            found[-1][1].append(paragraph)
    return [(command, _unquoted(quoted)) for command, quoted in found]


def _unquoted(quoted: list[Paragraph]) -> list[Paragraph]:
    if not quoted:
        return []
    kinds = {"quote": "absatz", "quote_item": "item"}
    plain = [Paragraph(kinds[p.kind] if p.label else "text", p.label, p.text) for p in quoted]
    first, last = plain[0], plain[-1]
    plain[0] = (dataclasses.replace(first, label=first.label.removeprefix("„")) if first.label
                else dataclasses.replace(first, text=first.text.removeprefix("„")))
    plain[-1] = dataclasses.replace(plain[-1], text=plain[-1].text.removesuffix("“"))
    assert first.label.startswith("„") or first.text.startswith("„")
    assert last.text.endswith("“")
    return plain


# Commands on whole §§, the preamble and annexes, which this interpreter leaves alone.
WHOLE_UNITS = re.compile(r"§\s\S+ wird (?:wie folgt neu gefasst:|aufgehoben\.)|Nach §\s\S+ wird "
                         r"folgender §\s\S+ eingefügt:|Die (?:Präambel|Überschrift) .*|"
                         r"(?:Nach )?Anlage\s.*")


def apply_commands(made: Commands, text: Text) -> set[tuple[str, str]]:
    """Apply every command inside a § or the Eingang to ``text``; the units done ("parties").

    Every command is either one of these or one on a whole unit (WHOLE_UNITS).
    """
    done: set[tuple[str, str]] = set()
    for command, quoted in split(made):
        match = next(((kind, m) for kind, pattern in PATTERNS.items()
                      if (m := pattern.fullmatch(command))), None)
        if match is None:
            assert WHOLE_UNITS.fullmatch(command), f"not a known command: {command}"
            continue
        done.add(APPLY[match[0]](match[1], quoted, text))
    return done


def _key(match: re.Match[str]) -> tuple[str, str]:
    return match["num"].replace("\u00a0", " "), f"({match['abs']})"


def _letters(match: re.Match[str]) -> list[str]:
    return [f"{letter})" for letter in re.split(r", | und ", match["items"])]


def _words(match: re.Match[str], _: list[Paragraph], text: Text) -> tuple[str, str]:
    unit = text.units[_key(match)]
    scope = [i for i, p in enumerate(unit) if match["items"] is None or p.label in _letters(match)]
    pattern = re.compile(rf"(?<!\w){re.escape(match['old'])}(?!\w)")
    found = [i for i in scope for _ in pattern.finditer(unit[i].text)]
    # the phrase occurs once where the command points (once in each item with "jeweils")
    assert len(found) == (len(_letters(match)) if match["items"] else 1), (match[0], unit)
    for i in found:
        unit[i] = dataclasses.replace(unit[i], text=pattern.sub(match["new"], unit[i].text))
    return _key(match)


def _end(match: re.Match[str], _: list[Paragraph], text: Text) -> tuple[str, str]:
    unit = text.units[_key(match)]
    [index] = [i for i, p in enumerate(unit) if p.label in _letters(match)]
    old, new = ending(match["old"]), ending(match["new"])
    assert unit[index].text.endswith(old)
    unit[index] = dataclasses.replace(unit[index],
                                      text=unit[index].text.removesuffix(old) + new)
    return _key(match)


def _strike(match: re.Match[str], _: list[Paragraph], text: Text) -> tuple[str, str]:
    unit = text.units[_key(match)]
    for i, paragraph in enumerate(unit):
        if paragraph.label in _letters(match):
            assert paragraph.text != GONE
            unit[i] = dataclasses.replace(paragraph, text=GONE)
    return _key(match)


def _item(match: re.Match[str], quoted: list[Paragraph], text: Text) -> tuple[str, str]:
    unit = text.units[_key(match)]
    [new] = quoted
    [index] = [i for i, p in enumerate(unit) if p.label == new.label]
    assert [new.label] == _letters(match)
    unit[index] = new
    return _key(match)


def _add(match: re.Match[str], quoted: list[Paragraph], text: Text) -> tuple[str, str]:
    assert [p.label for p in quoted] == _letters(match)
    assert all(p.kind == "item" for p in quoted)
    text.units[_key(match)].extend(quoted)
    return _key(match)


def _absatz(match: re.Match[str], quoted: list[Paragraph], text: Text) -> tuple[str, str]:
    assert quoted[0].label == f"({match['abs']})"
    text.units[_key(match)] = quoted
    return _key(match)


def _insert(match: re.Match[str], quoted: list[Paragraph], text: Text) -> tuple[str, str]:
    key = _key(match)
    assert key not in text.units and quoted[0].label == key[1]
    text.units[key] = quoted
    return key


def _delete(match: re.Match[str], _: list[Paragraph], text: Text) -> tuple[str, str]:
    text.units[_key(match)] = [Paragraph("absatz", f"({match['abs']})", GONE)]
    return _key(match)


def _join(match: re.Match[str], quoted: list[Paragraph], text: Text) -> tuple[str, str]:
    [index] = [i for i, p in enumerate(text.parties) if p.name == match["anchor"]]
    name, *described, short = [p.text for p in quoted]
    text.parties.insert(index + 1, Party(name, tuple(described), short))
    return "parties", ""


def _leave(match: re.Match[str], _: list[Paragraph], text: Text) -> tuple[str, str]:
    [index] = [i for i, p in enumerate(text.parties) if p.name == match["name"]]
    del text.parties[index]
    return "parties", ""


APPLY = {"words": _words, "end": _end, "strike": _strike, "item": _item, "add": _add,
         "absatz": _absatz, "delete": _delete, "insert": _insert,
         "append": _insert, "join": _join, "leave": _leave}


def same_parties(a: Sequence[Party], b: Sequence[Party]) -> bool:
    """Parties alike but for the joining "und", which follows from their order."""
    return [(p.name, p.lines, p.short_name) for p in a] == \
        [(p.name, p.lines, p.short_name) for p in b]


def check_applies(old: AgreementDocument, new: AgreementDocument, made: Commands
                  ) -> set[tuple[str, str]]:
    """Apply the commands to ``old``: every unit they amend reads as in ``new``."""
    text = text_of(old)
    done = apply_commands(made, text)
    expected = text_of(new)
    for key in done - {("parties", "")}:
        assert text.units[key] == expected.units[key], key
    if ("parties", "") in done:
        assert same_parties(text.parties, expected.parties)
    return done


# --- item 10: list items (Buchstaben) ------------------------------------------------------------

def test_removed_item_is_struck_and_stays_as_placeholder() -> None:
    new = agreement(*ITEMS[:3], *ITEMS[4:])
    result, _, made = amend(BASE, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 1 wird Buchstabe d aufgehoben."]
    assert [p.label for p in result.sections[0].paragraphs[1:6]] == ["a)", "b)", "c)", "d)", "e)"]
    assert result.sections[0].paragraphs[4] == Paragraph("item", "d)", GONE)
    assert check_applies(BASE, result, made) == {("§ 1", "(1)")}
    # a later round that changes § 1 Absatz 2 keeps "d) (weggefallen)" and the letter e)
    later = agreement(*ITEMS[:3], *ITEMS[4:], second=dataclasses.replace(
        SECOND, text=SECOND.text.replace("12 Stunden", "24 Stunden")))
    again, changes, _ = amend(result, later)
    assert [(c.kind, c.label) for c in changes] == [("replace_words", "(2)")]
    assert again.sections[0].paragraphs[:6] == result.sections[0].paragraphs[:6]


def test_several_removed_items_are_struck_in_one_command() -> None:
    new = agreement(ITEMS[0], ITEMS[2], ITEMS[4])
    result, _, made = amend(BASE, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 1 werden die Buchstaben b und d aufgehoben."]
    assert check_applies(BASE, result, made)


def test_changed_item_is_re_enacted_alone() -> None:
    new = agreement(ITEMS[0], ITEMS[1], "die Verhandlung und den Abschluss aller Verträge mit "
                    "Lieferanten,", *ITEMS[3:])
    result, _, made = amend(BASE, new)
    assert texts(made) == [
        "1. In §\u00a01 Absatz 1 wird Buchstabe c wie folgt neu gefasst:",
        "„c) die Verhandlung und den Abschluss aller Verträge mit Lieferanten,“"]
    assert check_applies(BASE, result, made)


def test_appended_items_get_the_next_letters() -> None:
    new = agreement(*ITEMS[:4], "die Prüfung der Rechnungen,", "die Mahnung säumiger Kunden,",
                    "die Ablage der Belege.")
    result, _, made = amend(BASE, new)
    assert texts(made) == [
        "1. In §\u00a01 Absatz 1 Buchstabe e wird der Punkt am Ende durch ein Komma ersetzt.",
        "2. Dem §\u00a01 Absatz 1 werden folgende Buchstaben f und g angefügt:",
        "„f) die Mahnung säumiger Kunden,", "g) die Ablage der Belege.“"]
    assert check_applies(BASE, result, made)


def test_appended_after_a_struck_item_takes_the_letter_after_it() -> None:
    struck, _, _ = amend(BASE, agreement(*ITEMS[:4]))
    assert struck.sections[0].paragraphs[5] == Paragraph("item", "e)", GONE)
    result, _, made = amend(struck, agreement(*ITEMS[:4], "die Ablage der Belege."))
    assert texts(made) == ["1. Dem §\u00a01 Absatz 1 wird folgender Buchstabe f angefügt:",
                           "„f) die Ablage der Belege.“"]
    assert [p.label for p in result.sections[0].paragraphs[1:7]] == [
        "a)", "b)", "c)", "d)", "e)", "f)"]
    assert check_applies(struck, result, made)


def test_struck_last_item_changes_the_endings_before_it() -> None:
    """The mirror of appending: the item before the struck last one ends the list now."""
    old = agreement("die Planung der Beschaffung,", "die Auswahl der Lieferanten oder",
                    "die Abrechnung der Bestellungen.")
    new = agreement("die Planung der Beschaffung oder", "die Auswahl der Lieferanten.")
    result, _, made = amend(old, new)
    assert texts(made) == [
        "1. In §\u00a01 Absatz 1 Buchstabe a wird das Komma am Ende durch das Wort „oder“ "
        "ersetzt.",
        "2. In §\u00a01 Absatz 1 Buchstabe b wird das Wort „oder“ am Ende durch einen Punkt "
        "ersetzt.",
        "3. In §\u00a01 Absatz 1 wird Buchstabe c aufgehoben."]
    assert check_applies(old, result, made)
    _, _, english = amend(old, new, "en")
    assert texts(english)[0] == "1. In §\u00a01 paragraph 1, point (a), the comma at the end is " \
        "replaced by the word “oder”."


def test_item_inserted_between_others_re_enacts_the_absatz() -> None:
    """No "ca)" convention in the research or the agreement: the Absatz is re-enacted."""
    new = agreement(*ITEMS[:2], "die Pflege der Lieferantenliste,", *ITEMS[2:])
    _, changes, made = amend(BASE, new)
    assert [c.kind for c in changes] == ["replace_absatz"]
    assert texts(made)[0] == "1. §\u00a01 Absatz 1 wird wie folgt neu gefasst:"


# --- item 10: one phrase (Angabe) ------------------------------------------------------------

def test_a_changed_number_replaces_the_angabe_with_its_unit() -> None:
    new = agreement(*ITEMS, second=dataclasses.replace(
        SECOND, text=SECOND.text.replace("12 Stunden", "24 Stunden")))
    result, _, made = amend(BASE, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 2 wird die Angabe „12 Stunden“ durch die "
                           "Angabe „24 Stunden“ ersetzt."]
    assert check_applies(BASE, result, made)


def test_an_ambiguous_number_is_made_unique_by_its_unit() -> None:
    """"12" occurs twice; "12 Tagen" once."""
    new = agreement(*ITEMS, second=dataclasses.replace(
        SECOND, text=SECOND.text.replace("12 Tagen", "14 Tagen")))
    _, _, made = amend(BASE, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 2 wird die Angabe „12 Tagen“ durch die "
                           "Angabe „14 Tagen“ ersetzt."]


def test_a_changed_word_and_a_changed_list_of_names() -> None:
    new = document(*absatz_one(*ITEMS), SECOND, dataclasses.replace(
        THIRD, text="Die Partner treffen sich sechsmal im Jahr."))
    _, _, made = amend(BASE, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 3 wird das Wort „viermal“ durch das Wort "
                           "„sechsmal“ ersetzt."]
    names = Paragraph("absatz", "(3)", "Am Einkauf sind Alpha, Beta und Gamma beteiligt; sie "
                      "stehen miteinander im Wettbewerb.")
    old = document(*absatz_one(*ITEMS), SECOND, names)
    grown = document(*absatz_one(*ITEMS), SECOND, dataclasses.replace(
        names, text=names.text.replace("Beta und Gamma", "Beta, Gamma und Delta")))
    result, _, made = amend(old, grown)
    assert texts(made) == ["1. In §\u00a01 Absatz 3 werden die Wörter „Beta und Gamma“ durch "
                           "die Wörter „Beta, Gamma und Delta“ ersetzt."]
    assert check_applies(old, result, made)


def test_a_phrase_in_an_item_points_to_the_item() -> None:
    new = agreement(ITEMS[0], "die Auswahl der Lieferanten bis zum 30. Juni,", *ITEMS[2:])
    old = agreement(ITEMS[0], "die Auswahl der Lieferanten bis zum 31. März,", *ITEMS[2:])
    result, _, made = amend(old, new)
    assert texts(made) == ["1. In §\u00a01 Absatz 1 Buchstabe b wird die Angabe „31. März“ "
                           "durch die Angabe „30. Juni“ ersetzt."]
    assert check_applies(old, result, made)


def test_more_than_one_phrase_re_enacts_the_absatz() -> None:
    new = agreement(*ITEMS, second=dataclasses.replace(SECOND, text=SECOND.text.replace(
        "12 Stunden", "24 Stunden").replace("12 Tagen", "14 Tagen")))
    _, changes, made = amend(BASE, new)
    assert [c.kind for c in changes] == ["replace_absatz"]
    assert texts(made)[0] == "1. §\u00a01 Absatz 2 wird wie folgt neu gefasst:"


# --- item 4 / 10: the Eingang ----------------------------------------------------------------

def test_joining_and_leaving_amend_the_eingang() -> None:
    new = agreement(*ITEMS, parties=("Alpha", "Gamma"))
    result, changes, made = amend(BASE, new)
    assert [(c.kind, c.unit) for c in changes] == [("join", "Gamma"), ("leave", "Beta")]
    assert texts(made) == [
        "1. Im Eingang wird nach der Angabe zu Alpha folgende Angabe eingefügt:",
        "„Gamma", "mit Sitz in Gammastadt", "vertreten durch Gamma", "– nachfolgend „Gamma“ –“",
        "2. Im Eingang wird die Angabe zu Beta gestrichen."]
    assert made.numbers == ((1, "parties"), (2, "parties"))
    assert check_applies(BASE, result, made) == {("parties", "")}


def test_commands_in_english() -> None:
    phrase = agreement(*ITEMS, second=dataclasses.replace(
        SECOND, text=SECOND.text.replace("12 Stunden", "24 Stunden")),
        parties=("Alpha", "Beta", "Gamma"))
    _, _, made = amend(BASE, phrase, "en")
    assert texts(made)[:2] == [
        "1. In the list of parties at the beginning, the following entry is inserted after the "
        "entry for Beta:", "“Gamma"]
    assert texts(made)[5:] == [
        "2. In §\u00a01 paragraph 2, “12 Stunden” is replaced by “24 Stunden”."]
    items = agreement(ITEMS[0], ITEMS[2], *ITEMS[4:], parties=("Alpha",))
    _, _, made = amend(BASE, items, "en")
    assert texts(made) == [
        "1. In the list of parties at the beginning, the entry for Beta is deleted.",
        "2. In §\u00a01 paragraph 1, points (b) and (d) are repealed."]
    appended = agreement(*ITEMS[:4], "die Prüfung der Rechnungen,", "die Ablage der Belege.")
    _, _, made = amend(BASE, appended, "en")
    assert texts(made) == [
        "1. In §\u00a01 paragraph 1, point (e), the full stop at the end is replaced by a comma.",
        "2. The following point (f) is added to §\u00a01 paragraph 1:",
        "“f) die Ablage der Belege.”"]


def test_every_command_kind_has_german_and_english_wording() -> None:
    keys = ["replace_item", "strike_item", "strike_items", "add_item", "add_items", "item_ref",
            "where_absatz", "where_item", "where_items", "replace_words", "replace_words_each",
            "replace_end", "join", "join_first", "leave"]
    for language in ("de", "en"):
        assert all(key in words(language).words for key in keys), language
        for group in ("phrase_replaced", "phrase_replacing"):
            assert set(words(language).words[group]) == {"angabe", "word", "words"}
        for group in ("end_replaced", "end_replacing"):
            assert set(words(language).words[group]) == set(".,;:")


# --- the samples: the commands say exactly what changes -----------------------------------------

@functools.cache
def sample_versions(name: str) -> tuple[Version, ...]:
    library = load_library()
    folder = FIXTURE if name == "amend" else ROOT / "samples" / name
    rounds = [folder / f"evaluation-{i}.yaml" for i in range(1, {**SAMPLES, "amend": 2}[name] + 1)]
    case = case_of(folder / "cooperation.yaml", *rounds, library=library)
    return tuple(case_versions(case, library, None))


def sample_rounds() -> list[tuple[str, int]]:
    return [(name, n) for name, rounds in SAMPLES.items() for n in range(1, rounds + 1)]


@pytest.mark.parametrize(("name", "number"), [*sample_rounds(), ("amend", 1), ("amend", 2)])
def test_sample_commands_applied_to_the_old_text_give_the_new_text(name: str, number: int
                                                                   ) -> None:
    versions = sample_versions(name)
    before, now = versions[number - 1], versions[number]
    language = now.coop.language
    made = commands(now.changes, words(language))
    if language != "de":  # the interpreter reads German; the English wording is tested above
        assert not any("is replaced by the following" in t for t in texts(made))
        return
    done = check_applies(before.document, now.document, made)
    amended = {(s.number.replace("\u00a0", " "), c.label) for c in now.changes
               for s in now.document.sections if s.id == c.unit and c.label}
    assert amended <= done, amended - done  # every Absatz change was applied and checked


def test_sample_nachtraege_use_minimal_commands() -> None:
    """The samples' small changes are said as Angaben, items and Eingang commands."""
    made = {(name, n): texts(commands(sample_versions(name)[n].changes,
                                      words(sample_versions(name)[n].coop.language)))
            for name, n in sample_rounds()}
    assert "1. In §\u00a08 Absatz 7 wird das Wort „vier“ durch das Wort „sechs“ ersetzt." \
        in made[("3dmp", 1)]
    assert "3. In §\u00a013 Absatz 7 Buchstabe a wird die Angabe „3.000.000,00\u00a0€“ durch " \
        "die Angabe „5.000.000,00\u00a0€“ ersetzt." in made[("3dmp", 1)]
    assert "1. In §\u00a07 Absatz 7 wird die Angabe „21 Tagen“ durch die Angabe „14 Tagen“ " \
        "ersetzt." in made[("einkaufsverbund", 1)]
    second = made[("einkaufsverbund", 2)]
    assert "4. In §\u00a07 Absatz 5 Buchstabe c wird der Punkt am Ende durch ein Semikolon " \
        "ersetzt." in second
    assert "5. Dem §\u00a07 Absatz 5 wird folgender Buchstabe d angefügt:" in second
    assert "7. In §\u00a014 Absatz 2 Buchstabe a und b werden die Wörter „Kottmann und Lütke“ " \
        "jeweils durch die Wörter „Kottmann, Lütke und Bennemann“ ersetzt." in second
    third = made[("einkaufsverbund", 3)]
    assert third[0] == "1. Im Eingang wird nach der Angabe zu Bennemann Gebäudetechnik GmbH " \
        "folgende Angabe eingefügt:"
    assert third[1:3] == ["„Hölscher Haustechnik GmbH", "mit Sitz in Dülmen"]
    assert third[6] == "– nachfolgend „Hölscher“ –“"
    assert third[7] == "2. Im Eingang wird die Angabe zu Kottmann Haustechnik KG gestrichen."
    assert "1. In §\u00a07 paragraph 11, “24 hours” is replaced by “12 hours”." \
        in made[("sensor-services", 1)]
    fixture = texts(commands(sample_versions("amend")[2].changes, words()))
    assert "11. In §\u00a07 Absatz 4 Buchstabe b wird das Komma am Ende durch das Wort „oder“ " \
        "ersetzt." in fixture
    assert "15. In §\u00a07 Absatz 6 werden die Buchstaben f und g aufgehoben." in fixture


def test_numbers_name_the_unit_of_every_command() -> None:
    now = sample_versions("einkaufsverbund")[2]
    made = commands(now.changes, words())
    numbered = [p.label for p in made.paragraphs if p.kind == "absatz"]
    assert [f"{n}." for n, _ in made.numbers] == numbered
    assert [unit for _, unit in made.numbers][:6] == [
        "parties", "roles", "op_joint_purchasing.einkauf", "governance", "governance",
        "profit_sharing"]


def test_reading_notes_an_absatz_with_changed_items_as_changed() -> None:
    """An item appended changes its Absatz; the Absatz is not noted as inserted."""
    versions = sample_versions("einkaufsverbund")
    assert [c.kind for c in versions[2].changes if c.unit == "governance"] == [
        "replace_end", "add_item"]
    reading = compose_reading(list(versions), 2, words())
    [noted] = [s for s in reading.sections if s.id == "governance"]
    paragraphs = list(noted.paragraphs)
    item_d = next(i for i, p in enumerate(paragraphs) if p.label == "d)"
                  and "Prüf- und Messtechnik" in p.text)
    assert paragraphs[item_d + 1] == Paragraph("note", "", "[geändert durch Nachtrag Nr. 2]")
