"""Compose the Nachtrag and the Lesefassung from the versions of an agreement.

Both are agreement-shaped documents (coopdocs.model.document.AgreementDocument) and render with the
agreement's template. The Nachtrag cites the agreement and the earlier Nachträge, names every
current party (and a leaving partner as party to its own exit), refers to the evaluation, lists
one numbered command per change (research C.2) and attaches replaced annexes. Where measures take
effect on their own date, § Inkrafttreten says which commands take effect when; a partner leaving
or joining gets the exit date, the accession (§ Beitritt, with a Beitrittserklärung as annex) and
the transitional rules the modules present call for (activities.md §§ 9 and 10). The Lesefassung is
the amended agreement with each changed unit marked by the Nachträge that changed it, and the
date from which its text applies.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopdocs.amend.commands import Commands, commands
from coopdocs.amend.diff import PARTIES
from coopdocs.amend.landing import effective_of
from coopdocs.amend.versions import Version
from coopdocs.clauses.outline import letter
from coopdocs.compose.agreement import joined, party, signature_block
from coopdocs.compose.open_points import Blanks, Resolver
from coopdocs.errors import InternalError
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.i18n import _
from coopdocs.model.cooperation import Contribution, Partner
from coopdocs.model.document import (
    AgreementDocument,
    Annex,
    Paragraph,
    Party,
    Properties,
    Section,
    Signer,
)
from coopdocs.model.evaluation import Accession, Exit, Measure, Round
from coopdocs.wording import Terms

# The annexes that hold a processing agreement, by the role of the processing they govern.
PROCESSING_ANNEXES = {"annex_processing": "processor", "annex_joint_control": "joint_controllers"}


ONE_DAY = datetime.timedelta(days=1)


def addenda(versions: Sequence[Version]) -> list[Version]:
    """The versions a Nachtrag made: rounds whose measures changed the agreement."""
    return [v for v in versions[1:] if v.changes]


@dataclass(frozen=True)
class _Draft:
    """What the Nachtrag's own §§ are written from.

    ``exits`` and ``joins`` are the partners leaving and joining with their measure's terms;
    ``declarations`` the annex label of each joining partner's Beitrittserklärung; ``own`` the
    number of each of the Nachtrag's own §§ by id, so that they can refer to one another.
    """

    now: Version
    before: Version
    words: Terms
    frame: Terms
    fmt: Formatter
    made: Commands
    exits: tuple[tuple[Partner, Exit], ...]
    joins: tuple[tuple[Partner, Accession], ...]
    declarations: Mapping[str, str]
    own: Mapping[str, str]

    def at(self, module: str) -> str:
        """"§ 20" of an agreement module as amended (as it stood, for one this Nachtrag removes)."""
        number = (self.now.outline.numbers.get(module)
                  or self.before.outline.numbers.get(module))
        return f"§\u00a0{number}" if number else ""

    def refs(self, modules: Sequence[str]) -> str:
        """"§§ 19 und 21" for the modules the agreement has, in its order."""
        outline = self.before.outline
        return outline.refs([m for m in modules if m in outline.numbers], self.words.join)

    def paren(self, ref: str) -> str:
        """" (§ 20)", or nothing where the agreement has no such §."""
        return self.words.text("section_ref", ref=ref) if ref else ""

    def mine(self, section: str) -> str:
        """"§ 4 dieses Nachtrags": a § of the Nachtrag itself, told apart from the agreement's."""
        return self.words.text("own_ref", ref=self.own[section])

    def annex(self, key: str) -> str:
        return self.now.outline.annexes.get(key) or self.before.outline.annexes.get(key, "")

    def module(self, name: str) -> Mapping[str, Any]:
        clauses = self.now.coop.data.get("clauses") or {}
        value = clauses.get(name) or {}
        return value if isinstance(value, Mapping) else {}


def compose_addendum(versions: Sequence[Version], number: int, frame: Terms, words: Terms, *,
                     final: bool = False) -> AgreementDocument:
    """Nachtrag Nr. ``number`` (the round of that number must have changes)."""
    index = next(i for i, v in enumerate(versions) if v.number == number)
    now, before = versions[index], versions[index - 1]
    if now.round is None:
        raise InternalError(_("a Nachtrag is made by an evaluation round; version 0 has none"))
    fmt = Formatter(now.coop.language, now.coop.currency)
    # earlier Nachträge, cited with the date of the evaluation that made each
    earlier = [words.text("addendum_item", number=str(v.number), date=fmt.date(v.date))
               for v in addenda(versions[:index])]
    original = versions[0].coop
    title = _title(original.title, fmt.date(original.date), earlier, words)
    made = commands(now.changes, words)
    leaving = [p for p in before.coop.partners if p.id not in {q.id for q in now.coop.partners}]
    exits, joins = _exits(now, before), _joins(now, before)
    declarations = {p.id: words.text("annex_label", number=str(len(made.annexes) + i))
                    for i, (p, _) in enumerate(joins, start=1)}
    own = _own_numbers(bool(joins), bool(exits or joins or _survivals(now, before, exits)))
    draft = _Draft(now, before, words, frame, fmt, made, exits, joins, declarations, own)
    heading = words.text("addendum", number=str(number))
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
                  *_body(draft)),
        signature_intro=frame.text("signature_intro"),
        signatures=tuple(
            resolver.signature(signature_block(p, i, frame, resolver.blanks), signing)
            for i, p in _indexed(now, before, leaving)),
        annexes=(*made.annexes, *(resolver.annex(a) for a in _declarations(draft, resolver))),
        footer=words.text("footer", number=str(number), title=original.title),
        properties=Properties(
            title=f"{heading} {title}", category=heading.split(" ")[0],
            subject=title, author=(now.coop.coordinator or now.coop.partners[0]).name,
            keywords=f"{heading}; {original.id}", language=LANGUAGE_TAGS[now.coop.language],
            created=now.date),
    )


def _own_numbers(accession: bool, transition: bool) -> dict[str, str]:
    """The Nachtrag's own §§ by id, numbered in the order ``_body`` sets them."""
    ids = ["changes", "force", *(["accession"] if accession else []),
           *(["transition"] if transition else []), "continued", "final"]
    return {section: f"§\u00a0{n}" for n, section in enumerate(ids, start=1)}


def _body(draft: _Draft) -> tuple[Section, ...]:
    """The Nachtrag's own §§.

    The amendment commands, entry into force, accession, transition, what stays, final.
    """
    words, now = draft.words, draft.now
    sections = [
        Section("changes", "", words.text("changes_heading"),
                (Paragraph("text", "", words.text("changes_intro")), *draft.made.paragraphs)),
        _force(draft),
    ]
    if "accession" in draft.own:
        sections.append(_accession(draft))
    if "transition" in draft.own:
        sections.append(Section("transition", "", words.text("transition_heading"),
                                _absaetze(_transition(draft))))
    sections += [
        Section("continued", "", words.text("continued_heading"), _absaetze(
            [words.text(k) for k in ("continued", "continued_terms", "continued_refs",
                                     "continued_part", "continued_reading")])),
        Section("final", "", words.text("final_heading"), (Paragraph(
            "text", "", words.text("final", section=_ref(now, "final_provisions", words))),)),
    ]
    return tuple(dataclasses.replace(s, number=draft.own[s.id]) for s in sections)


def _exits(now: Version, before: Version) -> tuple[tuple[Partner, Exit], ...]:
    """The partners leaving by this round, as they stood, with the terms of their exit."""
    gone = {p.id for p in before.coop.partners} - {p.id for p in now.coop.partners}
    terms = {m.exit.partner: m.exit for m in _measures(now) if m.exit is not None}
    return tuple((p, terms.get(p.id, Exit(p.id, None, None, None)))
                 for p in before.coop.partners if p.id in gone)


def _joins(now: Version, before: Version) -> tuple[tuple[Partner, Accession], ...]:
    """The partners joining by this round, as amended, with the terms of their accession."""
    new = {p.id for p in now.coop.partners} - {p.id for p in before.coop.partners}
    terms = {m.accession.partner: m.accession for m in _measures(now)
             if m.accession is not None}
    return tuple((p, terms.get(p.id, Accession(p.id, None, (), None)))
                 for p in now.coop.partners if p.id in new)


def _measures(version: Version) -> tuple[Measure, ...]:
    return version.round.measures if version.round is not None else ()


def _unit_dates(version: Version) -> dict[str, datetime.date]:
    """The first day the new text of each changed unit applies, for units with a date."""
    measures = _measures(version)
    dates = {unit: effective_of(version.sources, unit, measures) for unit in version.sources}
    return {unit: date for unit, date in dates.items() if date is not None}


def _command_dates(draft: _Draft) -> dict[datetime.date, list[int]]:
    """The numbers of the commands that take effect on a date of their own, by date.

    A command of the Eingang takes effect with the accession or the exit it records (the day
    after the Stichtag); the diff lists joins, then leaves, each in the order of the partners,
    one command each.
    """
    dates = _unit_dates(draft.now)
    joins = iter(a.effective for _, a in draft.joins)
    exits = iter(e.effective + ONE_DAY if e.effective else None for _, e in draft.exits)
    kinds = iter(c.kind for c in draft.now.changes if c.kind in ("join", "leave"))
    found: dict[datetime.date, list[int]] = defaultdict(list)
    for number, unit in draft.made.numbers:
        if unit == PARTIES:
            date = next(joins if next(kinds, "") == "join" else exits, None)
        else:
            date = dates.get(unit)
        if date is not None:
            found[date].append(number)
    return dict(sorted(found.items()))


def _spans(numbers: Sequence[int], words: Terms) -> str:
    """[3, 4, 5, 6, 7, 9] → "Nr. 3 bis 7 und 9": runs of three or more as a span."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    items: list[str] = []
    for run in runs:
        if len(run) > 2:
            items.append(words.text("span", first=str(run[0]), last=str(run[-1])))
        else:
            items.extend(str(n) for n in run)
    key = "numbers_one" if len(numbers) == 1 else "numbers_many"
    return words.text(key, numbers=words.join(items))


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


def _cite(items: Sequence[str], words: Terms) -> str:
    if len(items) == 1:
        return words.text("addendum_cite", item=items[0])
    return words.text("addenda_cite", items=words.join(list(items)))


def _ref(version: Version, module: str, words: Terms) -> str:
    number = version.outline.numbers.get(module)
    return words.text("section_ref", ref=f"§\u00a0{number}") if number else ""


def _absaetze(texts: Sequence[str]) -> tuple[Paragraph, ...]:
    return _blocks([(text, []) for text in texts])


def _blocks(blocks: Sequence[tuple[str, Sequence[str]]]) -> tuple[Paragraph, ...]:
    """Absätze "(1)", "(2)" … each with its list items "a)", "b)" …; one alone is unnumbered."""
    paragraphs: list[Paragraph] = []
    for i, (text, items) in enumerate(blocks, start=1):
        paragraphs.append(Paragraph("absatz", f"({i})", text) if len(blocks) > 1
                          else Paragraph("text", "", text))
        paragraphs.extend(Paragraph("item", f"{letter(j)})", item)
                          for j, item in enumerate(items))
    return tuple(paragraphs)


def _listed(items: Sequence[str]) -> list[str]:
    """List items as the agreement writes them: "…;" and the last "…"."""
    return [f"{item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


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
        *_measures_text(r.measures, words),
        Paragraph("text", "", words.text("preamble_close")),
    ]
    return Section("preamble", "", words.text("preamble"), tuple(paragraphs))


def _measures_text(measures: Sequence[Measure], words: Terms) -> list[Paragraph]:
    """The measures this Nachtrag implements, in the partners' words.

    Their internal ids stay out of the contract text; a measure given only as a change is the
    change itself, in the Nachtrag's body.
    """
    texts = [m.text for m in measures if m.change and m.text]
    if not texts:
        return []
    return [Paragraph("text", "", words.text("preamble_measures")),
            *(Paragraph("item", f"{letter(i)})", text) for i, text in enumerate(texts))]


# --- § Inkrafttreten ---------------------------------------------------------------------------

def _force(draft: _Draft) -> Section:
    """Entry into force on signature, and the dates that differ from it.

    The exit, the accession and every command that takes effect later (issue 18: an exit at
    year end keeps the partner until then, and the new keys apply only after it).
    """
    words, fmt = draft.words, draft.fmt
    dated = _command_dates(draft)
    texts = [words.text("force_retro" if _retroactive(draft, dated) else "force")]
    undated_joins = [p.name for p, a in draft.joins if a.effective is None]
    if undated_joins:
        key = "force_join" if len(undated_joins) > 1 else "force_join_one"
        texts.append(words.text(key, names=words.join(undated_joins)))
    for p, accession in draft.joins:
        if accession.effective is not None:
            texts.append(words.text(
                "force_join_dated", name=p.name, date=fmt.date(accession.effective),
                section=draft.paren(draft.mine("accession"))))
    undated_exits = [p.name for p, e in draft.exits if e.effective is None]
    if undated_exits:
        key = "force_leave" if len(undated_exits) > 1 else "force_leave_one"
        texts.append(words.text(key, names=words.join(undated_exits),
                                section=draft.paren(draft.at("exit"))))
    for p, exit_ in draft.exits:
        if exit_.effective is not None:
            texts.append(words.text(
                "force_leave_dated", name=p.name, short=p.short_name,
                reason=_reason(draft, exit_), date=fmt.date(exit_.effective),
                section=draft.paren(draft.at("exit")),
                transition=(words.text("force_leave_transition", section=draft.mine("transition"))
                            if "transition" in draft.own else "")))
    texts.extend(words.text("force_dates", numbers=_spans(numbers, words),
                            section=draft.own["changes"], date=fmt.date(date))
                 for date, numbers in dated.items())
    if dated or any(e.effective for _, e in draft.exits) or any(
            a.effective for _, a in draft.joins):
        texts.append(words.text("force_ongoing_dated", transition=(
            words.text("force_ongoing_transition", section=draft.mine("transition"))
            if draft.exits else "")))
    else:
        texts.append(words.text("force_ongoing"))
    return Section("force", "", words.text("force_heading"), _absaetze(texts))


def _retroactive(draft: _Draft, dated: Mapping[datetime.date, list[int]]) -> bool:
    """Whether a change takes effect before the evaluation that made it, so before signature."""
    if draft.now.round is None:
        return False
    dates = [*dated, *(e.effective + ONE_DAY for _, e in draft.exits if e.effective),
             *(a.effective for _, a in draft.joins if a.effective)]
    return any(d <= draft.now.round.date for d in dates)


def _reason(draft: _Draft, exit_: Exit) -> str:
    """" auf Grund ordentlicher Kündigung (§§ 19 und 21)": why the partner leaves, if given."""
    if exit_.reason is None:
        return ""
    modules = {"ordinary_notice": ["term", "accession"], "exclusion_for_cause": ["accession"]}
    section = draft.paren(draft.refs(modules.get(exit_.reason, [])))
    return draft.words.text(f"leave_reason_{exit_.reason}", section=section)


# --- § Beitritt ---------------------------------------------------------------------------------

def _accession(draft: _Draft) -> Section:
    """The accession of each joining partner (activities.md § 10, research A.19).

    It accedes to the agreement as amended by this Nachtrag, by its Beitrittserklärung (an
    annex), which the others accept by signing; it makes the contributions the change gives,
    accepts an arbitration agreement expressly in this document signed by all (§ 1031 Abs. 1
    ZPO, activities.md BE1), is not liable internally for what came before, and may use earlier
    results under the IP §.
    """
    blocks: list[tuple[str, Sequence[str]]] = []
    for p, accession in draft.joins:
        blocks.extend(_joining(draft, p, accession))
    return Section("accession", "", draft.words.text("accession_heading"), _blocks(blocks))


def _joining(draft: _Draft, p: Partner, accession: Accession
             ) -> list[tuple[str, Sequence[str]]]:
    words, fmt, short = draft.words, draft.fmt, p.short_name
    muster = draft.annex("annex_accession")
    when = (words.text("accession_dated", date=fmt.date(accession.effective))
            if accession.effective else words.text("accession_undated"))
    blocks: list[tuple[str, Sequence[str]]] = [(words.text(
        "accession_join", name=p.name, short=short, when=when,
        annex=draft.declarations[p.id],
        form=words.text("accession_form", annex=muster) if muster else "",
        section=draft.paren(draft.at("accession"))), [])]
    if p.contributions and draft.at("contributions"):
        # those of the partner's data and of the accession (merged by model.changes)
        blocks.append((words.text("accession_contributions", short=short,
                                  section=draft.at("contributions"),
                                  annex=draft.annex("partners")),
                       _listed([_contribution(draft, c) for c in p.contributions])))
    if _arbitration(draft):
        blocks.append((words.text("accession_arbitration", short=short,
                                  section=draft.at("dispute")), []))
    blocks.append((words.text(
        "accession_prior", short=short,
        what=words.text("accession_prior_pool" if _pool(draft) else "accession_prior_costs"),
        transition=draft.paren(draft.mine("transition")) if "transition" in draft.own else ""),
        []))
    if draft.at("ip"):
        blocks.append((words.text("accession_results", short=short,
                                  section=draft.at("ip")), []))
    rivals = _rivals(draft, p)
    if rivals and draft.at("competition_law"):
        blocks.append((_competition_check(draft, short, rivals), []))
    return blocks


def _competition_check(draft: _Draft, short: str, rivals: Sequence[str]) -> str:
    """The competition-law check a joining competitor needs (R-NET-2).

    Said as done only where a measure of this round sets the competition-law facts (the
    options of competition_law, or an activity's competition facts); otherwise the partners
    undertake to do it before the accession takes effect, for the Nachtrag must not state a
    check nobody recorded.
    """
    words = draft.words
    sets = [str(m.change.get("set", "")) for m in _measures(draft.now) if m.change is not None]
    rechecked = any(path.startswith("clauses.competition_law") or ".competition" in path
                    for path in sets)
    annex = draft.annex("annex_competition")
    if rechecked:
        return words.text("accession_competition", short=short, rivals=words.join(rivals),
                          section=draft.at("competition_law"),
                          record=(words.text("accession_competition_annex", annex=annex)
                                  if annex else words.text("accession_competition_text")))
    return words.text("accession_competition_due", short=short, rivals=words.join(rivals),
                      section=draft.at("competition_law"))


def _contribution(draft: _Draft, contribution: Contribution) -> str:
    """"Geldbeitrag: Beitrittsbeitrag … in Höhe von 4.000,00 €, zu leisten bis zum …"."""
    words, fmt = draft.words, draft.fmt
    text = draft.frame.label("contribution_types", contribution.type)
    if contribution.description:
        text += f": {contribution.description}"
    if contribution.value is not None:
        key = "contribution_money" if contribution.type == "money" else "contribution_value"
        text += words.text(key, value=fmt.money(contribution.value))
    if contribution.due is not None:
        text += words.text("contribution_due", date=fmt.date(contribution.due))
    return text


def _arbitration(draft: _Draft) -> bool:
    """Whether disputes go to an arbitral tribunal.

    Its agreement binds a newcomer only in the form of § 1031 ZPO.
    """
    return bool(draft.at("dispute")) and draft.module("dispute").get("final") == "arbitration"


def _rivals(draft: _Draft, p: Partner) -> list[str]:
    """The short names of the partners a joining partner competes with (as the input says)."""
    data: Mapping[str, Any] = next(
        (q for q in draft.now.coop.data["partners"] if q["id"] == p.id), {})
    ids = [i for i in data.get("competitor_of", []) if i != p.id]
    return [draft.now.coop.short_name(i) for i in ids
            if i in {q.id for q in draft.now.coop.partners}]


def _declarations(draft: _Draft, resolver: Resolver) -> list[Annex]:
    """The Beitrittserklärung of each joining partner, attached to the Nachtrag.

    It follows the agreement's form (Anlage „Muster einer Beitrittserklärung“) filled with the
    partner's data, and is signed by the partner's representatives.
    """
    annexes = []
    for p, accession in draft.joins:
        label = draft.declarations[p.id]
        annexes.append(Annex(f"n-{p.id}", label, draft.words.text(
            "declaration_title", label=label, name=p.name), (),
            _declaration(draft, p, accession, resolver)))
    return annexes


def _declaration(draft: _Draft, p: Partner, accession: Accession, resolver: Resolver
                 ) -> tuple[Paragraph, ...]:
    words, fmt, short = draft.words, draft.fmt, p.short_name
    number, agreement = str(draft.now.number), draft.now.coop
    when = (words.text("accession_dated", date=fmt.date(accession.effective))
            if accession.effective else words.text("declaration_undated", number=number))
    duties = [words.text(f"declaration_{module}", section=draft.at(module), short=short)
              for module in ("trade_secrets", "data_protection", "competition_law")
              if draft.at(module)]
    duties.append(words.text("declaration_tasks", short=short, annex=draft.annex("partners")))
    rivals = _rivals(draft, p)
    blocks: list[tuple[str, Sequence[str]]] = [
        (words.text("declaration_join", name=p.name, address=p.address_line, short=short,
                    title=agreement.title, date=fmt.date(agreement.date), number=number, when=when,
                    section=(words.text("declaration_ref", section=draft.at("accession"))
                             if draft.at("accession") else "")), []),
        (words.text("declaration_received", short=short, number=number), []),
        (words.text("declaration_duties", short=short),
         [f"{d}{'.' if i == len(duties) - 1 else ','}" for i, d in enumerate(duties)]),
        (words.text("declaration_rivals", short=short, rivals=words.join(rivals)) if rivals
         else words.text("declaration_no_rivals", short=short), []),
    ]
    if _arbitration(draft):
        blocks.append((words.text("declaration_arbitration", short=short,
                                  section=draft.at("dispute")), []))
    blocks.append((words.text("declaration_prior", short=short), []))
    index = list(draft.now.coop.partners).index(p)
    block = signature_block(p, index, draft.frame, resolver.blanks)
    blocks.append((block.partner, _signing(block.signers, words)))
    blocks.append((words.text("declaration_acceptance", number=number,
                              section=draft.own["accession"]), []))
    return _blocks(blocks)


def _signing(signers: Sequence[Signer], words: Terms) -> list[str]:
    """"Ort, Datum: ____" and a signature line for each representative."""
    return [words.text("declaration_place"),
            *(words.text("declaration_signer", name=s.name, function=s.function)
              if s.function else words.text("declaration_signer_blank", name=s.name)
              for s in signers)]


# --- § Übergangsregelungen ----------------------------------------------------------------------

def _transition(draft: _Draft) -> list[str]:
    """The transitional rules for a partner leaving or joining and for processing agreements.

    Generated from the exit's ``settlement`` and the modules present; every figure is one of
    the input or a reference to the agreement (activities.md § 9 Art. 3 and 4).
    """
    texts: list[str] = []
    for p, exit_ in draft.exits:
        texts.extend(_leaving(draft, p, exit_))
    for p, accession in draft.joins:
        texts.extend(_joining_terms(draft, p, accession))
    texts.extend(_survival(draft))
    return texts


def _pool(draft: _Draft) -> bool:
    return bool(draft.at("profit_sharing")) and draft.module("profit_sharing").get(
        "model") == "pool"


def _partnership(draft: _Draft) -> bool:
    """Whether the partners form an internal partnership.

    Only there are losses shared, is a leaving partner paid out and does the partnership go on
    among the others (exit §).
    """
    return draft.now.coop.data.get("legal_nature") == "internal_partnership"


def _year(draft: _Draft, day: datetime.date | None, key: str) -> str:
    """"das Kalenderjahr 2029", or, without a date, the year the day falls in.

    ``key`` names it then ("das Kalenderjahr, in dem der Stichtag liegt,").
    """
    if day is None:
        return draft.words.text(key)
    return draft.words.text("transition_year", year=str(day.year))


def _year_end(day: datetime.date | None) -> bool:
    """Whether a partner leaving at the end of ``day`` leaves with the calendar year."""
    return day is not None and (day.month, day.day) == (12, 31)


def _leaving(draft: _Draft, p: Partner, exit_: Exit) -> list[str]:
    """The running year, settlement, running projects, confidentiality and results."""
    words, short, exit_ref = draft.words, p.short_name, draft.at("exit")
    texts = _leaving_year(draft, p, exit_)
    if exit_ref:
        key = ("transition_settlement_partnership" if _partnership(draft)
               else "transition_settlement")
        texts.append(words.text(key, short=short, exit=exit_ref))
        texts.append(words.text("transition_ongoing", short=short, exit=exit_ref))
    if draft.at("trade_secrets"):
        texts.append(words.text("transition_confidentiality", short=short,
                                section=draft.at("trade_secrets")))
    if draft.at("ip"):
        texts.append(words.text("transition_results", short=short, ip=draft.at("ip"),
                                sections=draft.refs(["ip", "exit"])))
    return texts


def _leaving_year(draft: _Draft, p: Partner, exit_: Exit) -> list[str]:
    """The leaving partner's share in the running year's result and joint costs.

    At year end the year simply closes with the old shares; otherwise ``settlement`` says
    whether the year is split by days (time_pro_rata) or closed on the Stichtag as the exit §
    provides (closing_accounts, and where the change does not say).
    """
    words, fmt, short, day = draft.words, draft.fmt, p.short_name, exit_.effective
    exit_ref, profit, costs = draft.at("exit"), draft.at("profit_sharing"), draft.at("costs")
    year = _year(draft, day, "transition_year_exit")
    pro_rata = exit_.settlement == "time_pro_rata" and not _year_end(day)
    texts: list[str] = []
    if _pool(draft) and exit_ref:
        shares = ((draft.before.coop.data.get("clauses") or {}).get("profit_sharing") or {}
                  ).get("shares") or {}
        share = (words.text("transition_share", share=fmt.percent(shares[p.id]))
                 if p.id in shares else "")
        key = ("transition_result_year_end" if _year_end(day) else
               "transition_result_pro_rata" if pro_rata else "transition_result_closing")
        text = words.text(key, profit=profit, exit=exit_ref, short=short, share=share,
                          year=year, next=fmt.date(day + ONE_DAY) if day else "")
        if _partnership(draft):
            text += " " + words.text("transition_loss", profit=profit)
        texts.append(text)
    if costs and exit_ref:
        texts.append(words.text("transition_costs_pro_rata" if pro_rata else "transition_costs",
                                costs=costs, short=short, year=year, exit=exit_ref))
    return texts


def _joining_terms(draft: _Draft, p: Partner, accession: Accession) -> list[str]:
    words, short = draft.words, p.short_name
    day = accession.effective
    texts: list[str] = []
    if _pool(draft):
        if day is not None and (day.month, day.day) == (1, 1):
            texts.append(words.text("transition_join_result_year", short=short,
                                    profit=draft.at("profit_sharing"), year=str(day.year)))
        else:
            texts.append(words.text("transition_join_result", short=short,
                                    profit=draft.at("profit_sharing"),
                                    year=_year(draft, day, "transition_year_join")))
    if draft.at("costs"):
        texts.append(words.text("transition_join_costs", short=short,
                                costs=draft.at("costs")))
    return texts


def _survivals(now: Version, before: Version, exits: Sequence[tuple[Partner, Exit]]
               ) -> list[tuple[str, str, str | None, tuple[Partner, ...]]]:
    """The processing agreements whose winding-up duties must survive this Nachtrag.

    (annex key, its label, how this Nachtrag amends it: "repealed", "changed" or None, the
    leaving partners that were party to one of its processings). Without this, repealing or
    replacing the annex would end the duty to return or delete the data (Art. 28 Abs. 3
    lit. g DSGVO; activities.md § 9, R-AUS-3). An annex that is only changed needs it where a
    processing ends or a partner leaves one.
    """
    old, new = _processings(before), _processings(now)
    how = {c.unit: ("repealed" if c.kind == "delete_annex" else "changed")
           for c in now.changes if c.unit in PROCESSING_ANNEXES}
    found = []
    for key, role in PROCESSING_ANNEXES.items():
        label = before.outline.annexes.get(key)
        if not label:
            continue
        parties = {i for name, (r, ids) in old.items() if r == role for i in ids}
        involved = tuple(p for p, _ in exits if p.id in parties)
        ended = any(r == role and not ids <= new.get(name, (role, frozenset()))[1]
                    for name, (r, ids) in old.items())
        if involved or how.get(key) == "repealed" or (key in how and ended):
            found.append((key, label, how.get(key), involved))
    return found


def _processings(version: Version) -> dict[str, tuple[str, frozenset[str]]]:
    """Each processing of the data-protection module (by id, else purpose): role, partners."""
    clauses = version.coop.data.get("clauses") or {}
    items = (clauses.get("data_protection") or {}).get("processing") or []
    return {str(item.get("id") or item.get("purpose")): (
        str(item.get("role")), frozenset(item.get("partners") or ())) for item in items}


def _survival(draft: _Draft) -> list[str]:
    words = draft.words
    texts = []
    for key, label, how, involved in _survivals(draft.now, draft.before, draft.exits):
        annex = words.text(f"survival_name_{key}", label=label)
        if involved:
            short = words.join([p.short_name for p in involved])
            between = words.text("survival_between_exit", short=short)
            beyond = [words.text("survival_beyond_exit", short=short)]
        else:
            between, beyond = words.text("survival_between"), []
        if how is not None:
            beyond.append(words.text(f"survival_beyond_{how}"))
        texts.append(words.text(f"survival_{key}", annex=annex, between=between,
                                beyond=words.join(beyond)))
    return texts


# --- Lesefassung --------------------------------------------------------------------------------

def compose_reading(versions: Sequence[Version], number: int, words: Terms
                    ) -> AgreementDocument:
    """The agreement as amended by Nachträge 1..``number``, each changed unit marked.

    Where changes take effect on dates of their own, the title says from when the whole text
    applies, each such unit's note names its date, and the note to the reader says that until
    then the previous wording applies; joins and leaves are noted at the parties.
    """
    index = next(i for i, v in enumerate(versions) if v.number == number)
    current, original = versions[index], versions[0].coop
    fmt = Formatter(current.coop.language, current.coop.currency)
    made = addenda(versions[:index + 1])
    notes = _notes(made, words, fmt)
    cited = [words.text("reading_addendum", number=str(v.number), date=fmt.date(v.date))
             for v in made]
    document = current.document
    applies = _applies_from(made)
    title = words.text("reading_title", title=original.title, date=fmt.date(original.date))
    note = words.text("reading_note", date=fmt.date(original.date), addenda=words.join(cited))
    if any(_unit_dates(v) for v in made):
        note += " " + words.text("reading_note_dated")
    rubrum = _rubrum_events(versions[:index + 1], words, fmt)
    if rubrum:
        note += " " + words.text("reading_note_rubrum", events=words.join(rubrum))
    return dataclasses.replace(
        document,
        heading=words.text("reading"),
        title=(words.text("reading_title_dated", title=title, date=fmt.date(applies))
               if applies else title),
        draft=False,
        header_note=(words.text("reading_header_dated", number=str(number),
                                date=fmt.date(applies)) if applies
                     else words.text("reading_header", number=str(number))),
        draft_note=note,
        parties=_noted_parties(document.parties, versions[:index + 1], words, fmt),
        sections=tuple(_noted_section(s, notes) for s in document.sections),
        annexes=tuple(_noted_annex(a, notes) for a in document.annexes),
        signatures=(),
        properties=dataclasses.replace(
            document.properties, title=f"{words.text('reading')} {original.title}",
            keywords=f"{words.text('reading')}; {original.id}; {number}",
            created=current.date if current.round else document.properties.created),
    )


def _applies_from(made: Sequence[Version]) -> datetime.date | None:
    """The first day on which the whole text of the Lesefassung applies.

    The latest date of the Nachträge included, when the last one dates every change it makes;
    a change of the last one without a date applies from its signature, which no input states.
    """
    if not made:
        return None
    last = made[-1]
    if set(_unit_dates(last)) != set(last.sources):
        return None
    return max(date for v in made for date in _unit_dates(v).values())


def _rubrum_events(versions: Sequence[Version], words: Terms, fmt: Formatter) -> list[str]:
    """"Beitritt von … mit Wirkung zum … (Nachtrag Nr. 3)" for every join and leave."""
    events = []
    for before, now in itertools.pairwise(versions):
        for p, accession in _joins(now, before):
            when = (words.text("rubrum_when_join", date=fmt.date(accession.effective))
                    if accession.effective else "")
            events.append(words.text("rubrum_join", name=p.name, when=when,
                                     number=str(now.number)))
        for p, exit_ in _exits(now, before):
            when = (words.text("rubrum_when_leave", date=fmt.date(exit_.effective))
                    if exit_.effective else "")
            events.append(words.text("rubrum_leave", name=p.name, when=when,
                                     number=str(now.number)))
    return events


def _noted_parties(parties: Sequence[Party], versions: Sequence[Version], words: Terms,
                   fmt: Formatter) -> tuple[Party, ...]:
    """The parties with a note at each partner that joined by a Nachtrag.

    The Rubrum names the current partners in their order (compose.agreement).
    """
    notes: dict[str, str] = {}
    for before, now in itertools.pairwise(versions):
        for p, accession in _joins(now, before):
            when = (words.text("rubrum_when_join", date=fmt.date(accession.effective))
                    if accession.effective else "")
            notes[p.id] = words.text("note_joined", number=str(now.number), when=when)
    partners = versions[-1].coop.partners
    if len(partners) != len(parties):
        return tuple(parties)
    return tuple(dataclasses.replace(party_, lines=(*party_.lines, notes[p.id]))
                 if p.id in notes else party_ for p, party_ in zip(partners, parties,
                                                                    strict=True))


Notes = Mapping[tuple[str, str], str]


def _notes(made: Sequence[Version], words: Terms, fmt: Formatter) -> Notes:
    """The note for every (unit, Absatz label) some Nachtrag changed: which ones, and how.

    A Nachtrag whose change of the unit takes effect on a date of its own is named with it.
    """
    kinds: dict[tuple[str, str], list[tuple[str, int, datetime.date | None]]] = \
        defaultdict(list)
    for version in made:
        dates = _unit_dates(version)
        for change in version.changes:
            if change.kind in ("join", "leave"):
                continue
            how = ("repealed" if change.kind.startswith("delete") else "inserted"
                   if change.kind.startswith(("insert", "append")) else "changed")
            kinds[(change.unit, change.label)].append((how, version.number,
                                                       dates.get(change.unit)))
    notes = {}
    for unit, events in kinds.items():
        last = events[-1][0]
        how = last if last == "repealed" or len(events) == 1 else "changed"
        touched = events[-1:] if how == "repealed" else events  # a repeal says what counts now
        by = dict.fromkeys((n, d) for _, n, d in touched)
        if any(d is not None for _, d in by):
            items = [words.text("note_item_dated", number=str(n), date=fmt.date(d)) if d
                     else words.text("note_item", number=str(n)) for n, d in by]
            notes[unit] = words.text(f"note_{how}_dated", items=words.join(items))
        else:
            numbers = words.join(list(dict.fromkeys(str(n) for n, _ in by)))
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
