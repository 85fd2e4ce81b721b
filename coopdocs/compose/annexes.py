"""The agreement's annexes.

Anlage 1: partners, representatives, tasks, contributions. Anlage 2: goals, milestones and KPIs
with tolerance bands, only when the cooperation has any.
"""

from __future__ import annotations

import datetime

from coopdocs.clauses.outline import Outline
from coopdocs.compose.open_points import Blanks
from coopdocs.fmt import Formatter
from coopdocs.model.cooperation import Cooperation, Partner, is_registered_form
from coopdocs.model.document import Annex, Table
from coopdocs.wording import Terms


def annex_keys(coop: Cooperation) -> list[str]:
    """Which annexes this agreement has, in order."""
    keys = ["partners"]
    if coop.goals or coop.milestones or coop.kpis:
        keys.append("goals")
    return keys


def annex_title(coop: Cooperation, key: str, terms: Terms) -> str:
    """An annex's title.

    The goals annex names only the parts it has ("Ziele und Kennzahlen" when there are no
    milestones): no heading promises an empty part.
    """
    if key != "goals":
        return terms.text(f"annex_{key}")
    parts = [part for part, items in (("goals", coop.goals), ("milestones", coop.milestones),
                                      ("kpis", coop.kpis)) if items]
    if len(parts) == 3:
        return terms.text("annex_goals")
    words = [terms.label("goal_parts", part) for part in parts]
    return terms.join([words[0][:1].upper() + words[0][1:], *words[1:]])


def build_annexes(coop: Cooperation, outline: Outline, terms: Terms, fmt: Formatter,
                  blanks: Blanks) -> tuple[Annex, ...]:
    """The annexes with their tables, labelled as the outline numbered them."""
    annexes = [Annex("partners", outline.annex("partners"), terms.text("annex_partners"),
                     _partner_tables(coop, terms, fmt, blanks))]
    if outline.has_annex("goals"):
        annexes.append(Annex("goals", outline.annex("goals"), annex_title(coop, "goals", terms),
                             _goal_tables(coop, terms, fmt)))
    return tuple(annexes)


def _partner_tables(coop: Cooperation, terms: Terms, fmt: Formatter, blanks: Blanks
                    ) -> tuple[Table, ...]:
    """Partners, representation and contacts, tasks, contributions.

    Data a signing version needs and the input lacks (a registered form's entry, who signs,
    the contact notices go to) is a blank; data a partner does not have is "–".
    """
    none = terms.text("none")

    def register(i: int, p: Partner) -> str:
        if p.register:
            return p.register
        if is_registered_form(p.legal_form):
            return blanks.partner(i, "register", terms.text("blank_register"))
        return none

    partners = tuple(
        (p.name, p.legal_form, p.address_line, register(i, p), terms.label("roles", p.role))
        for i, p in enumerate(coop.partners)
    )
    people = tuple(
        (p.short_name,
         "; ".join(f"{r.name}, {r.function}" for r in p.represented_by)
         or blanks.partner(i, "represented_by", terms.text("blank_representatives")),
         p.contact or blanks.partner(i, "contact", terms.text("blank_contact")))
        for i, p in enumerate(coop.partners)
    )
    tables = [_table(terms, "partners", partners), _table(terms, "representatives", people)]
    tasks = tuple((p.short_name, "; ".join(p.tasks)) for p in coop.partners if p.tasks)
    if tasks:
        tables.append(_table(terms, "tasks", tasks))
    contributions = tuple(
        (p.short_name, terms.label("contribution_types", c.type), c.description or none,
         fmt.money(c.value) if c.value is not None else none, _date(fmt, c.due, none))
        for p in coop.partners for c in p.contributions
    )
    if contributions:
        tables.append(_table(terms, "contributions", contributions))
    return tuple(tables)


def _goal_tables(coop: Cooperation, terms: Terms, fmt: Formatter) -> tuple[Table, ...]:
    none = terms.text("none")
    kpi_names = {k.id: k.name for k in coop.kpis}
    owner = {p.id: p.short_name for p in coop.partners}
    tables = []
    rows: tuple[tuple[str, ...], ...]
    if coop.goals:
        rows = tuple(
            (str(i), g.description, kpi_names.get(g.kpi or "", none), _date(fmt, g.deadline, none),
             owner.get(g.owner or "", none))
            for i, g in enumerate(coop.goals, start=1)
        )
        tables.append(_table(terms, "goals", rows))
    if coop.milestones:
        rows = tuple(
            (str(i), m.description, fmt.date(m.due), owner.get(m.owner or "", none))
            for i, m in enumerate(coop.milestones, start=1)
        )
        tables.append(_table(terms, "milestones", rows))
    if coop.kpis:
        rows = tuple(
            (k.name, k.unit or none, fmt.number(k.target),
             f"{fmt.number(k.tolerance[0])} – {fmt.number(k.tolerance[1])}" if k.tolerance
             else none, terms.label("better", k.better))
            for k in coop.kpis
        )
        tables.append(_table(terms, "kpis", rows))
    return tuple(tables)


def _table(terms: Terms, key: str, rows: tuple[tuple[str, ...], ...]) -> Table:
    return Table(terms.caption(key), terms.table(key), rows)


def _date(fmt: Formatter, value: datetime.date | None, none: str) -> str:
    return fmt.date(value) if value else none
