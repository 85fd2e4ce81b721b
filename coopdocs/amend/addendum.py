"""Compose the Nachtrag and the Lesefassung from the versions of an agreement.

Both are agreement-shaped documents (coopdocs.model.document.AgreementDocument) and render with the
agreement's template. The Nachtrag cites the agreement and the earlier Nachträge, names every
current party (and a leaving partner as party to its own exit), refers to the evaluation, lists
one numbered command per change (research C.2) and attaches replaced annexes. The Lesefassung is
the amended agreement with each changed unit marked by the Nachträge that changed it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence

from coopdocs.amend.commands import commands
from coopdocs.amend.versions import Version
from coopdocs.clauses.outline import letter
from coopdocs.compose.agreement import joined, party, signature_block
from coopdocs.compose.open_points import Blanks, Resolver
from coopdocs.errors import InternalError
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.model.cooperation import Partner
from coopdocs.model.document import (
    AgreementDocument,
    Annex,
    Paragraph,
    Party,
    Properties,
    Section,
)
from coopdocs.model.evaluation import Measure, Round
from coopdocs.wording import Terms


def addenda(versions: Sequence[Version]) -> list[Version]:
    """The versions a Nachtrag made: rounds whose measures changed the agreement."""
    return [v for v in versions[1:] if v.changes]


def compose_addendum(versions: Sequence[Version], number: int, frame: Terms, words: Terms, *,
                     final: bool = False) -> AgreementDocument:
    """Nachtrag Nr. ``number`` (the round of that number must have changes)."""
    index = next(i for i, v in enumerate(versions) if v.number == number)
    now, before = versions[index], versions[index - 1]
    if now.round is None:
        raise InternalError("a Nachtrag is made by an evaluation round; version 0 has none")
    fmt = Formatter(now.coop.language, now.coop.currency)
    # earlier Nachträge, cited with the date of the evaluation that made each
    earlier = [words.text("addendum_item", number=str(v.number), date=fmt.date(v.date))
               for v in addenda(versions[:index])]
    original = versions[0].coop
    title = _title(original.title, fmt.date(original.date), earlier, words)
    made = commands(now.changes, words)
    commands_, annexes = made.paragraphs, made.annexes
    leaving = [p for p in before.coop.partners if p.id not in {q.id for q in now.coop.partners}]
    heading = words.text("addendum", number=str(number))
    body = _body(now, before, commands_, words)
    # a party whose data is missing shows [●], as in the agreement (compose.open_points)
    resolver = Resolver(Blanks())
    signing = frame.text("signature_intro")
    return AgreementDocument(
        heading=heading, title=title, draft=not final,
        header_note=(words.text("final_header", number=str(number), title=original.title)
                     if final else words.text("draft_header", date=fmt.date(now.date))),
        draft_note="" if final else words.text("draft_note"),
        parties_intro=frame.text("between"),
        parties=_parties(now, before, leaving, frame=frame, words=words,
                         resolver=resolver),
        parties_outro=frame.text("together"),
        sections=(_preamble(versions, index, now.round, words, fmt=fmt, earlier=earlier),
                  *_numbered(body)),
        signature_intro=frame.text("signature_intro"),
        signatures=tuple(
            resolver.signature(signature_block(p, i, frame, resolver.blanks), signing)
            for i, p in _indexed(now, before, leaving)),
        annexes=annexes,
        footer=words.text("footer", number=str(number), title=original.title),
        properties=Properties(
            title=f"{heading} {title}", category=heading.split(" ")[0],
            subject=title, author=(now.coop.coordinator or now.coop.partners[0]).name,
            keywords=f"{heading}; {original.id}", language=LANGUAGE_TAGS[now.coop.language],
            created=now.date),
    )


def _body(now: Version, before: Version, commands: Sequence[Paragraph], words: Terms
          ) -> tuple[Section, ...]:
    """The Nachtrag's own §§: the amendment commands, entry into force, what stays, final."""
    return (
        Section("changes", "", words.text("changes_heading"),
                (Paragraph("text", "", words.text("changes_intro")), *commands)),
        _force(now, before, words),
        Section("continued", "", words.text("continued_heading"), _absaetze(
            [words.text(k) for k in ("continued", "continued_terms", "continued_part",
                                     "continued_reading")])),
        Section("final", "", words.text("final_heading"), (Paragraph(
            "text", "", words.text("final", section=_ref(now, "final_provisions", words))),)),
    )


def _title(agreement: str, date: str, earlier: Sequence[str], words: Terms) -> str:
    """"Nachtrag … zur Kooperationsvereinbarung … vom …", citing the earlier Nachträge."""
    if not earlier:
        return words.text("addendum_title", title=agreement, date=date)
    return words.text("addendum_title_amended", title=agreement, date=date,
                      addenda=_cite(earlier, words))


def _parties(now: Version, before: Version, leaving: Sequence[Partner], *, frame: Terms,
             words: Terms, resolver: Resolver) -> tuple[Party, ...]:
    """Every current partner, and a leaving partner as party to its own exit."""
    rubrum = frame.text("rubrum")
    parties = []
    for i, p in _indexed(now, before, leaving):
        named = resolver.party(party(p, i, frame, resolver.blanks), rubrum)
        if p in leaving:
            named = dataclasses.replace(named, lines=(*named.lines, words.text("leaving_party")))
        parties.append(named)
    return joined(parties, frame.text("and"))


def _indexed(now: Version, before: Version, leaving: Sequence[Partner]
             ) -> list[tuple[int, Partner]]:
    """The parties of a Nachtrag with their index in the input (``partners[i]``).

    Current partners as amended, leaving ones as they stood before.
    """
    return [*enumerate(now.coop.partners),
            *((before.coop.partners.index(p), p) for p in leaving)]


def _numbered(sections: Sequence[Section]) -> tuple[Section, ...]:
    """The Nachtrag's own §§, numbered in the order they stand."""
    return tuple(dataclasses.replace(section, number=f"§\u00a0{n}")
                 for n, section in enumerate(sections, start=1))


def _cite(items: Sequence[str], words: Terms) -> str:
    if len(items) == 1:
        return words.text("addendum_cite", item=items[0])
    return words.text("addenda_cite", items=words.join(list(items)))


def _ref(version: Version, module: str, words: Terms) -> str:
    number = version.outline.numbers.get(module)
    return words.text("section_ref", ref=f"§\u00a0{number}") if number else ""


def _absaetze(texts: Sequence[str]) -> tuple[Paragraph, ...]:
    if len(texts) == 1:
        return (Paragraph("text", "", texts[0]),)
    return tuple(Paragraph("absatz", f"({i})", text) for i, text in enumerate(texts, start=1))


def _preamble(versions: Sequence[Version], index: int, r: Round, words: Terms, *,
              fmt: Formatter, earlier: Sequence[str]) -> Section:
    original = versions[0].coop
    by = (words.text("addendum_by", item=earlier[0]) if len(earlier) == 1 else
          words.text("addenda_by", items=words.join(list(earlier))))
    amended = words.text("preamble_amended", addenda=by) if earlier else ""
    approval = (words.text("preamble_approved", date=fmt.date(r.approved)) if r.approved
                else words.text("preamble_not_approved"))
    paragraphs = [
        Paragraph("text", "", words.text("preamble_agreement", date=fmt.date(original.date),
                                         title=original.title, amended=amended)),
        Paragraph("text", "", words.text(
            "preamble_evaluation", section=_ref(versions[index - 1], "evaluation", words),
            start=fmt.date(r.start), end=fmt.date(r.end), number=str(r.number),
            date=fmt.date(r.date), approval=approval)),
        *_measures(r.measures, words),
        Paragraph("text", "", words.text("preamble_close")),
    ]
    return Section("preamble", "", words.text("preamble"), tuple(paragraphs))


def _measures(measures: Sequence[Measure], words: Terms) -> list[Paragraph]:
    """The measures this Nachtrag implements, in the partners' words.

    Their internal ids stay out of the contract text; a measure given only as a change is the
    change itself, in the Nachtrag's body.
    """
    texts = [m.text for m in measures if m.change and m.text]
    if not texts:
        return []
    return [Paragraph("text", "", words.text("preamble_measures")),
            *(Paragraph("item", f"{letter(i)})", text) for i, text in enumerate(texts))]


def _force(now: Version, before: Version, words: Terms) -> Section:
    joined = [p.name for p in now.coop.partners if p.id not in {q.id for q in before.coop.partners}]
    left = [p.name for p in before.coop.partners if p.id not in {q.id for q in now.coop.partners}]
    texts = [words.text("force")]
    if joined:
        key = "force_join" if len(joined) > 1 else "force_join_one"
        texts.append(words.text(key, names=words.join(joined)))
    if left:
        key = "force_leave" if len(left) > 1 else "force_leave_one"
        texts.append(words.text(key, names=words.join(left),
                                section=_ref(before, "exit", words)))
    texts.append(words.text("force_ongoing"))
    return Section("force", "", words.text("force_heading"), _absaetze(texts))


# --- Lesefassung --------------------------------------------------------------------------------

def compose_reading(versions: Sequence[Version], number: int, words: Terms
                    ) -> AgreementDocument:
    """The agreement as amended by Nachträge 1..``number``, each changed unit marked."""
    index = next(i for i, v in enumerate(versions) if v.number == number)
    current, original = versions[index], versions[0].coop
    fmt = Formatter(current.coop.language, current.coop.currency)
    made = addenda(versions[:index + 1])
    notes = _notes(made, words)
    cited = [words.text("reading_addendum", number=str(v.number), date=fmt.date(v.date))
             for v in made]
    document = current.document
    return dataclasses.replace(
        document,
        heading=words.text("reading"),
        title=words.text("reading_title", title=original.title, date=fmt.date(original.date)),
        draft=False,
        header_note=words.text("reading_header", number=str(number)),
        draft_note=words.text("reading_note", date=fmt.date(original.date),
                              addenda=words.join(cited)),
        sections=tuple(_noted_section(s, notes) for s in document.sections),
        annexes=tuple(_noted_annex(a, notes) for a in document.annexes),
        signatures=(),
        properties=dataclasses.replace(
            document.properties, title=f"{words.text('reading')} {original.title}",
            keywords=f"{words.text('reading')}; {original.id}; {number}",
            created=current.date if current.round else document.properties.created),
    )


Notes = Mapping[tuple[str, str], str]


def _notes(made: Sequence[Version], words: Terms) -> Notes:
    """The note for every (unit, Absatz label) some Nachtrag changed: which ones, and how."""
    kinds: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for version in made:
        for change in version.changes:
            if change.kind in ("join", "leave"):
                continue
            how = ("repealed" if change.kind.startswith("delete") else "inserted"
                   if change.kind.startswith(("insert", "append")) else "changed")
            kinds[(change.unit, change.label)].append((how, version.number))
    notes = {}
    for unit, events in kinds.items():
        last = events[-1][0]
        how = last if last == "repealed" or len(events) == 1 else "changed"
        touched = events[-1:] if how == "repealed" else events  # a repeal says what counts now
        numbers = words.join(list(dict.fromkeys(str(n) for _, n in touched)))
        notes[unit] = words.text(f"note_{how}", numbers=numbers)
    return notes


def _noted_section(section: Section, notes: Notes) -> Section:
    paragraphs: list[Paragraph] = []
    units = _unit_ends(section.paragraphs)
    for i, paragraph in enumerate(section.paragraphs):
        paragraphs.append(paragraph)
        label = units.get(i)
        if label is not None and (section.id, label) in notes:
            paragraphs.append(Paragraph("note", "", notes[(section.id, label)]))
    if (section.id, "") in notes:
        paragraphs.append(Paragraph("note", "", notes[(section.id, "")]))
    return dataclasses.replace(section, paragraphs=tuple(paragraphs))


def _unit_ends(paragraphs: Sequence[Paragraph]) -> dict[int, str]:
    """Index of the last paragraph of every Absatz (with its items) → the Absatz label."""
    ends: dict[int, str] = {}
    label = ""
    for i, paragraph in enumerate(paragraphs):
        if paragraph.kind == "absatz":
            label = paragraph.label
        elif paragraph.kind != "item":
            label = ""
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if label and (following is None or following.kind != "item"):
            ends[i] = label
    return ends


def _noted_annex(annex: Annex, notes: Notes) -> Annex:
    if (annex.key, "") not in notes:
        return annex
    note = Paragraph("note", "", notes[(annex.key, "")])
    return dataclasses.replace(annex, paragraphs=(note, *annex.paragraphs))
