"""Compose the Kooperationsvereinbarung: selection → outline → rendered clauses → document model."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment

from coopdocs.clauses.library import Choice, Module, each_items, walk
from coopdocs.clauses.markup import ClauseText, make_environment, render_clause
from coopdocs.clauses.outline import Outline, make_outline, number_blocks
from coopdocs.compose.annexes import annex_keys, annex_title, build_annexes
from coopdocs.compose.open_points import Blanks, Resolver, assumptions
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.model.cooperation import (
    Cooperation,
    Partner,
    Representative,
    is_registered_form,
    venue_allowed,
)
from coopdocs.model.document import (
    AgreementDocument,
    Annex,
    Paragraph,
    Party,
    Properties,
    Section,
    SignatureBlock,
    Signer,
)
from coopdocs.wording import Terms

# Fields of cooperation.yaml read in code rather than by a clause text: the document frame
# (Rubrum, signatures, annex tables, properties, formatting) and the module selection. With the
# modules' `reads` they must cover the whole schema (tests/unit/test_coverage.py).
CODE_READS = (
    "format", "id", "title", "language", "date", "currency", "clauses.include", "clauses.exclude",
    "partners.id", "partners.name", "partners.short_name", "partners.legal_form",
    "partners.address", "partners.register", "partners.represented_by", "partners.contact",
    "partners.general_partner",
    "partners.role", "partners.tasks", "partners.contributions",
    "goals", "milestones", "kpis",
)

# Fields the model derives for the texts (coopdocs.model.cooperation.enrich); not in the schema.
DERIVED_FIELDS = frozenset({"partners.address_line", "partners.form"})

# The fields behind the context helpers of clause_context, for the coverage test: a text that
# uses a helper reads these fields.
HELPER_FIELDS: dict[str, tuple[str, ...]] = {
    "coordinator": ("partners.role",),
    "competitor_pairs": ("partners.competitor_of",),
    "all_merchants": ("partners.merchant",),
    "venue_allowed": ("partners.merchant", "partners.address.country"),
    "annex:goals": ("goals", "milestones", "kpis"),
}


def agreement_outline(coop: Cooperation, choices: Sequence[Choice], terms: Terms, *,
                      keep: Outline | None = None) -> Outline:
    """§ numbers and annex labels; with ``keep``, stable against the version this one amends."""
    return make_outline(choices, [*annex_keys(coop), *module_annex_keys(coop, choices)],
                        terms.text("annex"), keep=keep)


def compose_agreement(coop: Cooperation, choices: Sequence[Choice], terms: Terms, *,
                      final: bool = False, outline: Outline | None = None,
                      written: Mapping[str, Any] | None = None) -> AgreementDocument:
    """The agreement's document model for the chosen modules (numbered by ``outline``).

    Its open points are the blanks ([●]) it shows and, given the input as the user ``written``
    it, the values a draft assumed (compose.open_points).
    """
    fmt = Formatter(coop.language, coop.currency)
    outline = outline or agreement_outline(coop, choices, terms)
    blanks = Blanks()
    rendered, module_annexes = render_modules(coop, choices, outline, fmt, terms,
                                               blanks=blanks)
    parties = joined([party(p, i, terms, blanks) for i, p in enumerate(coop.partners)],
                     terms.text("and"))
    signatures = tuple(signature_block(p, i, terms, blanks)
                       for i, p in enumerate(coop.partners))
    annexes_marked = build_annexes(coop, outline, terms, fmt, blanks) + module_annexes
    resolver = Resolver(blanks)
    rubrum, signing = terms.text("rubrum"), terms.text("signature_intro")
    parties = tuple(resolver.party(p, rubrum) for p in parties)
    signatures = tuple(resolver.signature(b, signing) for b in signatures)
    sections = tuple(resolver.section(s, terms) for s in rendered)
    annexes = tuple(resolver.annex(a) for a in annexes_marked)
    points = resolver.points
    if written is not None and not final:
        texts = {**{s.id: _text(s.paragraphs) for s in sections},
                 **{a.label: _text(a.paragraphs) + " ".join(" ".join(row) for t in a.tables
                                                            for row in t.rows)
                    for a in annexes}}
        points.extend(assumptions(coop.data, written, choices, outline, texts=texts,
                                  terms=terms, fmt=fmt))
    date = fmt.date(coop.date)
    return AgreementDocument(
        heading=terms.text("agreement"),
        title=coop.title,
        draft=not final,
        header_note=terms.text("final_header" if final else "draft_header", date=date,
                               title=coop.title),
        draft_note="" if final else terms.text("draft_note"),
        parties_intro=terms.text("between"),
        parties=parties,
        parties_outro=terms.text("together"),
        sections=sections,
        signature_intro=terms.text("signature_intro"),
        signatures=signatures,
        annexes=annexes,
        footer=footer(coop.title, terms),
        properties=_properties(coop, terms, final),
        open_points=tuple(points),
        contents=contents(sections, annexes),
    )


def _text(paragraphs: Sequence[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def render_modules(coop: Cooperation, choices: Sequence[Choice], outline: Outline,
                   fmt: Formatter, terms: Terms, *, blanks: Blanks | None = None
                   ) -> tuple[tuple[Section, ...], tuple[Annex, ...]]:
    """Every included module's text, rendered with one environment and context.

    Annex modules render first (once, or once per item of ``each``), so that a § can list
    every annex with its title (``annex_list()``); then the § modules become numbered
    Sections. Blanks the texts ask for are recorded in ``blanks`` and stay marked until
    ``open_points.Resolver`` turns them into [●].
    """
    env = make_environment(fmt)
    base = {**clause_context(coop, outline, terms, fmt),
            "blank": (blanks or Blanks()).function()}
    annexes: list[Annex] = []
    for choice in choices:
        module = choice.module
        if choice.included and module.annex:
            for key, item in _annex_items(coop, module):
                text = _render(env, coop, module, {**base, **item})
                annexes.append(Annex(key, outline.annex(key), text.heading, (),
                                     number_blocks(text.blocks)))
    titles = {**{key: annex_title(coop, key, terms) for key in annex_keys(coop)},
              **{a.key: a.title for a in annexes}}
    base["annex_list"] = lambda: [f"{label}: {titles[key]}"
                                  for key, label in outline.annexes.items() if key in titles]
    sections: list[Section] = []
    for choice in choices:
        module = choice.module
        if not choice.included or module.annex:
            continue
        item = {} if choice.item is None else {"item": choice.item, "item_path": choice.path}
        text = _render(env, coop, module, {**base, **item})
        number = outline.ref(choice.id) if module.numbered else ""
        paragraphs = number_blocks(text.blocks, numbered_module=module.numbered)
        sections.append(Section(choice.id, number, text.heading, paragraphs))
    return tuple(sections), tuple(annexes)


def module_annex_keys(coop: Cooperation, choices: Sequence[Choice]) -> list[str]:
    """Annex keys of the included annex modules: the id, or ``id.n`` per item of ``each``."""
    keys: list[str] = []
    for choice in choices:
        module = choice.module
        if choice.included and module.annex:
            keys.extend(key for key, _ in _annex_items(coop, module))
    return keys


def _render(env: Environment, coop: Cooperation, module: Module, context: dict[str, Any]
            ) -> ClauseText:
    """One module's text in the document language, with its options as ``opt``."""
    options = coop.data["clauses"].get(module.id, {})
    return render_clause(env, module.texts[coop.language], {**context, "opt": options},
                         module.folder / f"{coop.language}.md")


def _annex_items(coop: Cooperation, module: Module) -> list[tuple[str, dict[str, Any]]]:
    """(annex key, extra context) per annex the module gives: ``item`` and ``index`` for each.

    With ``where`` (an annex per activity of a type), the key ends in the item's id, so it stays
    the same when other items come or go.
    """
    if module.each is None:
        return [(module.id, {})]
    if module.where is not None:
        return [(f"{module.id}.{item['id']}", {"item": item, "index": i, "item_path": path})
                for i, (path, item) in enumerate(each_items(coop.data, module), start=1)]
    lists = [(path, value) for path, value in walk(coop.data, module.each)
             if isinstance(value, list)]
    where, listed = lists[0] if lists else ((), [])
    return [(f"{module.id}.{i}", {"item": item, "index": i, "item_path": (*where, i - 1)})
            for i, item in enumerate(listed, start=1)]


def clause_context(coop: Cooperation, outline: Outline, terms: Terms, fmt: Formatter
                   ) -> dict[str, Any]:
    """What every clause text can use (docs/clause-modules.md): plain data and pure helpers."""
    partners = coop.data["partners"]
    by_id = {p["id"]: p for p in partners}
    coordinator = next((p for p in partners if p["role"] == "coordinator"), None)
    return {
        "coop": coop.data,
        "partners": partners,
        "coordinator": coordinator,
        "competitor_pairs": _competitor_pairs(partners),
        "all_merchants": all(p["merchant"] for p in partners),
        "venue_allowed": venue_allowed(partners),
        "ref": outline.ref,
        "refs": lambda ids: outline.refs(ids, fmt.join),
        "included": outline.included,
        "annex": outline.annex,
        "has_annex": outline.has_annex,
        "annex_title": lambda key: annex_title(coop, key, terms),
        "partner": by_id.__getitem__,
        "plural": _plural,
    }


def _plural(n: int | float, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def _competitor_pairs(partners: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    order = [p["id"] for p in partners]
    pairs = []
    for p in partners:
        for other in p["competitor_of"]:
            if order.index(p["id"]) < order.index(other):
                pairs.append([p["id"], other])
    return pairs


def party(partner: Partner, index: int, terms: Terms, blanks: Blanks) -> Party:
    """A partner in the Rubrum, as German drafting names it.

    A company: its name, seat and business address, register entry and representatives; a
    GmbH & Co. KG is represented by its general partner, represented in turn by the signers;
    a GbR by its partners; a sole trader is the party itself, trading under its firm name.
    Missing data a signing version needs is a blank.
    """
    kind = partner.form
    lines: list[str] = []
    if kind == "sole_trader":
        name = _owner(partner, index, terms, blanks)
        firm = "trading_as" if is_registered_form(partner.legal_form) else "trading_as_name"
        lines.append(terms.text(firm, firm=partner.name))
    else:
        name = partner.name
        if partner.legal_form not in partner.name:
            lines.append(terms.text("legal_form", form=partner.legal_form))
        lines.append(terms.text("seat", city=partner.city))
    lines.append(terms.text("business_address", address=partner.address_line))
    register = _register(partner, index, terms, blanks)
    if register:
        lines.append(register)
    represented = _representation(partner, index, terms, blanks)
    if represented:
        lines.append(represented)
    return Party(name, tuple(lines), terms.text("hereinafter", short=partner.short_name))


def _owner(partner: Partner, index: int, terms: Terms, blanks: Blanks) -> str:
    """The person who is a sole trader: the representative named Inhaber(in), else the first."""
    owner = _owner_of(partner)
    if owner is None:
        return blanks.partner(index, "represented_by", terms.text("blank_owner"))
    return owner.name


def _owner_of(partner: Partner) -> Representative | None:
    people = partner.represented_by
    return next((r for r in people if "inhaber" in r.function.lower()),
                people[0] if people else None)


def _register(partner: Partner, index: int, terms: Terms, blanks: Blanks) -> str:
    """"eingetragen im Handelsregister des Amtsgerichts X unter HRB n".

    A blank for a registered form without an entry, "" for a form that has none.
    """
    if partner.register is None:
        if not is_registered_form(partner.legal_form):
            return ""
        mark = blanks.partner(index, "register", terms.text("blank_register"))
        return terms.text("register_court", kind=terms.label("register_kinds",
                                                             _register_kind(partner, "")),
                          court=mark, number=mark)
    match = re.fullmatch(r"(?:Amtsgericht|AG|Local Court)\s+(?P<court>[^,]+),\s*(?P<number>.+)",
                         partner.register.strip())
    if match is None:
        return terms.text("register_plain", register=partner.register)
    kind = _register_kind(partner, match["number"])
    return terms.text("register_court", kind=terms.label("register_kinds", kind),
                      court=match["court"].strip(), number=match["number"].strip())


def _register_kind(partner: Partner, number: str) -> str:
    """HR, GnR, PR, VR or GsR: from the number's prefix, else from the legal form."""
    prefix = number.split(maxsplit=1)[0].rstrip(".") if number.split() else ""
    by_prefix = {"HRA": "HR", "HRB": "HR", "GnR": "GnR", "PR": "PR", "VR": "VR", "GsR": "GsR"}
    if prefix in by_prefix:
        return by_prefix[prefix]
    words = partner.legal_form.replace("&", " ").split()
    for kind, forms in (("GnR", ("eG",)), ("PR", ("PartG", "PartGmbB")), ("VR", ("e.V.",)),
                        ("GsR", ("eGbR",))):
        if any(form in words for form in forms):
            return kind
    return "HR"


def _representation(partner: Partner, index: int, terms: Terms, blanks: Blanks) -> str:
    kind = partner.form
    people = partner.represented_by
    if kind == "sole_trader":
        owner = _owner_of(partner)
        others = [r for r in people if r is not owner]
        return terms.text("represented", names=_people(others, terms)) if others else ""
    names = _people(people, terms) if people else blanks.partner(
        index, "represented_by", terms.text("blank_representatives"))
    if kind == "gmbh_co_kg":
        return terms.text("represented_gp", gp=_general_partner(partner, index, terms, blanks),
                          names=names)
    if kind == "gbr":
        return terms.text("represented_partners", names=names)
    return terms.text("represented", names=names)


def _people(people: Sequence[Representative], terms: Terms) -> str:
    return terms.join([f"{r.name} ({r.function})" for r in people])


def _general_partner(partner: Partner, index: int, terms: Terms, blanks: Blanks) -> str:
    """The general partner of a GmbH & Co. KG, a blank until the input names it."""
    return partner.general_partner or blanks.partner(index, "general_partner",
                                                     terms.text("blank_general_partner"))


def joined(parties: Sequence[Party], word: str) -> tuple[Party, ...]:
    """The parties with ``word`` ("und") joining each to the next."""
    return tuple(dataclasses.replace(p, joiner=word if i < len(parties) - 1 else "")
                 for i, p in enumerate(parties))


def signature_block(partner: Partner, index: int, terms: Terms, blanks: Blanks
                    ) -> SignatureBlock:
    """A partner's signature block: one line pair per person who signs (a blank until known)."""
    kind = partner.form
    if kind == "sole_trader":
        heading = terms.text("for_sole_trader", owner=_owner(partner, index, terms, blanks),
                             firm=partner.name)
    elif kind == "gmbh_co_kg":
        heading = terms.text("for_partner_gp", name=partner.name,
                             gp=_general_partner(partner, index, terms, blanks))
    else:
        heading = terms.text("for_partner", name=partner.name)
    signers = tuple(Signer(r.name, r.function) for r in partner.represented_by) or (
        Signer(blanks.partner(index, "represented_by", terms.text("blank_representatives")), ""),)
    return SignatureBlock(heading, signers)


def footer(title: str, terms: Terms) -> str:
    """"Kooperationsvereinbarung <title>", without repeating a title's leading "Kooperation"."""
    word = terms.text("agreement")
    for lead in (word, terms.text("cooperation_word")):
        if title.lower().startswith(lead.lower() + " "):
            title = title[len(lead) + 1:]
            break
    return f"{word} {title}"


# An agreement longer than this many pages gets a table of contents; pages are estimated from
# the characters of its text (10.5 pt Arial on A4 with the template's margins and spacing).
CONTENTS_FROM_PAGES = 10
CHARACTERS_PER_PAGE = 3300


def contents(sections: Sequence[Section], annexes: Sequence[Annex]) -> tuple[str, ...]:
    """The headings of the §§ and annexes, for an agreement of more than ten pages; else ()."""
    characters = sum(len(p.text) + 40 for s in sections for p in s.paragraphs) + sum(
        len(p.text) + 40 for a in annexes for p in a.paragraphs) + sum(
        sum(len(c) for c in row) + 40 for a in annexes for t in a.tables for row in t.rows)
    if characters / CHARACTERS_PER_PAGE <= CONTENTS_FROM_PAGES:
        return ()
    return (*(s.heading for s in sections), *(f"{a.label}: {a.title}" for a in annexes))


def _properties(coop: Cooperation, terms: Terms, final: bool) -> Properties:
    author = coop.coordinator or coop.partners[0]
    status = terms.text("final_word" if final else "draft_word")
    return Properties(
        title=footer(coop.title, terms),
        category=terms.text("agreement"),
        subject=terms.text("subject", names=terms.join([p.name for p in coop.partners])),
        author=author.name,
        keywords=terms.text("keywords", kind=status, id=coop.id),
        language=LANGUAGE_TAGS[coop.language],
        created=coop.date,
    )
