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

from coopdocs.amend.diff import Change
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
    commands, annexes = _commands(now.changes, words)
    leaving = [p for p in before.coop.partners if p.id not in {q.id for q in now.coop.partners}]
    heading = words.text("addendum", number=str(number))
    body = _body(now, before, commands, words)
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


# --- amendment commands -------------------------------------------------------------------------

def _commands(changes: Sequence[Change], words: Terms
              ) -> tuple[tuple[Paragraph, ...], tuple[Annex, ...]]:
    """Numbered commands ("1.", "2.", …) with the quoted new text, and the attached annexes."""
    paragraphs: list[Paragraph] = []
    annexes: list[Annex] = []
    for change in changes:
        if change.kind in ("replace_annex", "insert_annex") and change.annex is not None:
            label = words.text("annex_label", number=str(len(annexes) + 1))
            annexes.append(Annex(f"n{len(annexes) + 1}", label, words.text(
                "annex_title", label=change.annex.label, title=change.annex.title),
                change.annex.tables, change.annex.paragraphs))
            command = words.text(change.kind, label=change.number, new=label,
                                 anchor=change.anchor)
        else:
            command = _command(change, words)
        paragraphs.append(Paragraph("absatz", f"{_count(paragraphs)}.", command))
        paragraphs.extend(_quote(change, words))
    return tuple(paragraphs), tuple(annexes)


def _count(paragraphs: Sequence[Paragraph]) -> int:
    return sum(p.kind == "absatz" for p in paragraphs) + 1


def _command(change: Change, words: Terms) -> str:
    if change.kind in ("join", "leave"):
        return words.text(change.kind, name=change.unit)
    if change.kind == "replace_section" and not change.number:
        return words.text("replace_preamble")
    if change.kind.endswith("_annex"):
        return words.text(change.kind, label=change.number, anchor=change.anchor, new="")
    title = change.section.title if change.section else ""
    return words.text(change.kind, number=change.number, label=change.label.strip("()"),
                      anchor=change.anchor.strip("()"), title=title)


def _quote(change: Change, words: Terms) -> list[Paragraph]:
    """The new text of a change in quotation marks: „§ 7a Titel (1) … (2) …“."""
    if change.kind in ("replace_section", "insert_section") and change.section is not None:
        section = change.section
        lines = [Paragraph("quote", "", section.heading)] if section.number else []
        lines += [_quoted(p) for p in section.paragraphs]
    elif change.kind in ("replace_absatz", "insert_absatz", "append_absatz"):
        lines = [_quoted(p) for p in change.paragraphs]
    else:
        return []
    opening, closing = words.text("quote_open"), words.text("quote_close")
    first = lines[0]
    lines[0] = (dataclasses.replace(first, label=f"{opening}{first.label}") if first.label
                else dataclasses.replace(first, text=f"{opening}{first.text}"))
    lines[-1] = dataclasses.replace(lines[-1], text=f"{lines[-1].text}{closing}")
    return lines


def _quoted(paragraph: Paragraph) -> Paragraph:
    kind = "quote_item" if paragraph.kind == "item" else "quote"
    return Paragraph(kind, paragraph.label, paragraph.text)


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
