"""Compose the Kooperationsvereinbarung: selection → outline → rendered clauses → document model."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment

from coopdocs.clauses.library import Choice, Module, each_items, walk
from coopdocs.clauses.markup import ClauseText, make_environment, render_clause
from coopdocs.clauses.outline import Outline, make_outline, number_blocks
from coopdocs.compose.annexes import annex_keys, build_annexes
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.model.cooperation import Cooperation, Partner, venue_allowed
from coopdocs.model.document import (
    AgreementDocument,
    Annex,
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
    "partners.role", "partners.tasks", "partners.contributions",
    "goals", "milestones", "kpis",
)

# Fields the model derives for the texts (coopdocs.model.cooperation.enrich); not in the schema.
DERIVED_FIELDS = frozenset({"partners.address_line"})

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
                      final: bool = False, outline: Outline | None = None) -> AgreementDocument:
    """The agreement's document model for the chosen modules (numbered by ``outline``)."""
    fmt = Formatter(coop.language, coop.currency)
    outline = outline or agreement_outline(coop, choices, terms)
    sections, module_annexes = render_modules(coop, choices, outline, fmt, terms)
    annexes = build_annexes(coop, outline, terms, fmt) + module_annexes
    date = fmt.date(coop.date)
    return AgreementDocument(
        heading=terms.text("agreement"),
        title=coop.title,
        draft=not final,
        header_note=terms.text("final_header" if final else "draft_header", date=date,
                               title=coop.title),
        draft_note="" if final else terms.text("draft_note"),
        parties_intro=terms.text("between"),
        parties=joined([party(p, terms) for p in coop.partners], terms.text("and")),
        parties_outro=terms.text("together"),
        sections=sections,
        signature_intro=terms.text("signature_intro"),
        signatures=tuple(signature_block(p, terms) for p in coop.partners),
        annexes=annexes,
        footer=f"{terms.text('agreement')} {coop.title}",
        properties=_properties(coop, terms, final),
    )


def render_modules(coop: Cooperation, choices: Sequence[Choice], outline: Outline,
                   fmt: Formatter, terms: Terms) -> tuple[tuple[Section, ...], tuple[Annex, ...]]:
    """Every included module's text, rendered with one environment and context.

    § modules become numbered Sections; annex modules become annexes with Absätze, once or once
    per item of ``each``.
    """
    env = make_environment(fmt)
    base = clause_context(coop, outline, terms, fmt)
    sections: list[Section] = []
    annexes: list[Annex] = []
    for choice in choices:
        module = choice.module
        if not choice.included:
            continue
        if module.annex:
            for key, item in _annex_items(coop, module):
                text = _render(env, coop, module, {**base, **item})
                annexes.append(Annex(key, outline.annex(key), text.heading, (),
                                     number_blocks(text.blocks)))
            continue
        item = {} if choice.item is None else {"item": choice.item}
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
        return [(f"{module.id}.{item['id']}", {"item": item, "index": i})
                for i, (_, item) in enumerate(each_items(coop.data, module), start=1)]
    items = [value for _, value in walk(coop.data, module.each)]
    listed = items[0] if items and isinstance(items[0], list) else []
    return [(f"{module.id}.{i}", {"item": item, "index": i})
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
        "annex_title": lambda key: terms.text(f"annex_{key}"),
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


def party(partner: Partner, terms: Terms) -> Party:
    """A partner in the Rubrum: name, legal form, seat, register, representatives."""
    names = [f"{r.name} ({r.function})" for r in partner.represented_by]
    lines = [terms.text("address", address=partner.address_line)]
    if partner.legal_form not in partner.name:
        lines.insert(0, terms.text("legal_form", form=partner.legal_form))
    if partner.register:
        lines.append(terms.text("registered", register=partner.register))
    lines.append(terms.text("represented", names=terms.join(names)))
    return Party(partner.name, tuple(lines), terms.text("hereinafter", short=partner.short_name))


def joined(parties: Sequence[Party], word: str) -> tuple[Party, ...]:
    """The parties with ``word`` ("und") joining each to the next."""
    return tuple(dataclasses.replace(p, joiner=word if i < len(parties) - 1 else "")
                 for i, p in enumerate(parties))


def signature_block(partner: Partner, terms: Terms) -> SignatureBlock:
    """A partner's signature block: one line pair per representative."""
    signers = tuple(Signer(r.name, r.function) for r in partner.represented_by)
    return SignatureBlock(terms.text("for_partner", name=partner.name), signers)


def _properties(coop: Cooperation, terms: Terms, final: bool) -> Properties:
    author = coop.coordinator or coop.partners[0]
    status = terms.text("final_word" if final else "draft_word")
    return Properties(
        title=f"{terms.text('agreement')} {coop.title}",
        category=terms.text("agreement"),
        subject=terms.text("subject", names=terms.join([p.name for p in coop.partners])),
        author=author.name,
        keywords=terms.text("keywords", kind=status, id=coop.id),
        language=LANGUAGE_TAGS[coop.language],
        created=coop.date,
    )
