"""``coopdocs deadlines``: the deadlines of a cooperation or of a whole network, in words.

Reads the inputs like the other commands (a network file lists its cooperations with their
rounds), computes each cooperation's deadlines as amended by its rounds (compose.deadlines),
says them in the words of templates/deadlines.yaml, and gives them as a table, JSON or an
iCalendar file (publish.calendar). Nothing here prints or exits; the CLI does.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coopdocs.build import Case, case_versions, check_case, template_file
from coopdocs.check.rules import Catalog
from coopdocs.check.sources import load
from coopdocs.check.validate import Checked, check_network, detect_kind
from coopdocs.clauses.library import Library
from coopdocs.compose.deadlines import (
    Deadline,
    Described,
    category,
    cooperation_deadlines,
    describe,
    short_names,
    with_former_partners,
)
from coopdocs.compose.deadlines import (
    add_months as _add_months,
)
from coopdocs.errors import InputError
from coopdocs.fmt import Formatter
from coopdocs.i18n import _
from coopdocs.model.evaluation import build_round
from coopdocs.publish.calendar import calendar_bytes, deadline_entry, event_uid
from coopdocs.wording import Terms, load_terms

FORMATS = ("text", "ics", "json")
_WITHIN = re.compile(r"(\d{1,4})([dwmy])")


@dataclass(frozen=True)
class Listed:
    """A deadline of one cooperation (``cooperation`` its id, ``name`` its title), in words.

    ``who`` names the partners it is for by their short names ("all partners" for none).
    """

    cooperation: str
    name: str
    deadline: Deadline
    described: Described
    category: str
    who: str


@dataclass(frozen=True)
class Inputs:
    """The files checked (for their findings), the valid cases, and the network's name if any.

    ``cases`` is empty when a file has an error: no deadlines from a half-valid network.
    """

    checked: list[Checked]
    cases: list[Case]
    network: str | None


def read_inputs(path: Path, evaluations: Sequence[Path], catalog: Catalog) -> Inputs:
    """A cooperation with its rounds, or every cooperation of a network file with its rounds."""
    if not _is_network(path):
        checking = check_case(path, evaluations, catalog)
        return Inputs(checking.checked, checking.cases, None)
    network, members = check_network(path)
    if network.data is None:
        return Inputs([network], [], None)
    checked: list[Checked] = [network]
    cases: list[Case] = []
    for member in members:
        checking = check_case(member.cooperation, member.evaluations, catalog)
        checked += checking.checked
        cases += checking.cases
    valid = len(cases) == len(members)
    return Inputs(checked, cases if valid else [], str(network.data["network"]["name"]))


def _is_network(path: Path) -> bool:
    try:
        return detect_kind(load(path).data) == "network"
    except InputError:
        return False  # checking it as a cooperation says why it does not load


def deadline_words(templates: Path | None, language: str) -> Terms:
    """The words table (templates/deadlines.yaml, or an own one) in ``language``."""
    return load_terms(template_file("deadlines.yaml", templates), language)


def case_deadlines(case: Case, library: Library, today: datetime.date, words: Terms,
                   templates: Path | None = None) -> list[Listed]:
    """Every deadline of ``case`` as amended by its rounds, in ``words``.

    The § numbers are those of the agreement as amended by the last Nachtrag (amend.versions
    keeps them stable), so each deadline cites the § that rules it now.
    """
    outline = case_versions(case, library, templates)[-1].outline
    data = case.states[-1].data
    rounds = [build_round(r.path, r.data) for r in case.rounds]
    named = with_former_partners(data, [s.data for s in case.states])
    return [Listed(data["id"], data["title"], d, describe(d, named, words), category(d, words),
                   short_names(named, d.who, words))
            for d in cooperation_deadlines(data, outline.numbers, today,
                                           annex_labels=outline.annexes, rounds=rounds)]


def horizon(within: str, today: datetime.date) -> datetime.date:
    """The last day ``--within`` covers: 30d, 12w, 6m or 1y from ``today``.

    ValueError with the message to show for anything else.
    """
    match = _WITHIN.fullmatch(within.strip().lower())
    if match is None:
        raise ValueError(_("'{value}' is not a period; give a number and d, w, m or y, e.g. 30d, "
                           "12w, 6m or 1y").format(value=within))
    count, unit = int(match[1]), match[2]
    if unit == "d":
        return today + datetime.timedelta(days=count)
    if unit == "w":
        return today + datetime.timedelta(weeks=count)
    return _add_months(today, count * (12 if unit == "y" else 1))


def select(listed: Sequence[Listed], until: datetime.date | None) -> list[Listed]:
    """The open deadlines to show: overdue ones first, then by date up to ``until`` (inclusive).

    Done ones (and dates that took effect) are left out; overdue ones are shown whatever
    ``until`` says, because they still need doing.
    """
    chosen = [item for item in listed if not item.deadline.done
              and (item.deadline.overdue or until is None or item.deadline.date <= until)]
    return sorted(chosen, key=lambda i: (not i.deadline.overdue, i.deadline.date, i.cooperation,
                                         i.deadline.kind, i.deadline.what))


def uid(item: Listed) -> str:
    return event_uid(item.cooperation, item.deadline.kind, item.deadline.what)


def as_json(listed: Sequence[Listed], today: datetime.date, until: datetime.date | None) -> str:
    """The deadlines as JSON: stable keys, ISO dates, in the order of ``select``."""
    return json.dumps({
        "today": today.isoformat(),
        "until": until.isoformat() if until else None,
        "deadlines": [{
            "date": item.deadline.date.isoformat(), "cooperation": item.cooperation,
            "kind": item.deadline.kind, "what": item.deadline.what,
            "who": list(item.deadline.who), "ref": item.deadline.ref,
            "overdue": item.deadline.overdue, "done": item.deadline.done,
            "round": item.deadline.round, "title": item.described.title,
            "who_names": item.who,
            "action": item.described.action, "uid": uid(item),
        } for item in listed],
    }, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def as_ics(listed: Sequence[Listed], today: datetime.date, words: Terms, name: str) -> bytes:
    """The deadlines as an iCalendar file, one all-day event each (publish.calendar).

    The summary is the title with its place; the description says the cooperation, the place
    again and what to do (with the full text of a change that takes effect).
    """
    entries = [deadline_entry((item.cooperation, item.name), item.deadline, item.described.title,
                              who=item.who, action=item.described.action,
                              category=item.category, words=words)
               for item in listed]
    return calendar_bytes(entries, stamp=today, name=words.text("calendar", name=name),
                          language=words.language)


def as_table(listed: Sequence[Listed], words: Terms, *, width: int = 100) -> str:
    """The deadlines as a table: date, cooperation, what, who, §; overdue ones marked.

    The "what" column takes the room the others leave in ``width`` and wraps.
    """
    fmt = Formatter(words.language)
    head = words.words["headings"]
    overdue = words.text("overdue")
    rows = [(fmt.short_date(i.deadline.date) + (f" ({overdue})" if i.deadline.overdue else ""),
             i.cooperation, i.described.label, i.who, i.deadline.ref) for i in listed]
    titles = (head["date"], head["cooperation"], head["what"], head["who"], head["ref"])
    widths = [max([len(titles[c]), *(len(r[c]) for r in rows)]) for c in range(5)]
    widths[3] = min(widths[3], 24)
    widths[2] = max(40, width - sum(widths) + widths[2] - 8)
    lines = [_row(titles, widths), "  ".join("-" * w for w in widths)]
    for row in rows:
        lines.append(_row(row, widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One table row; a cell longer than its column wraps onto continuation lines.

    It wraps at spaces only, never at a no-break space ("Nr.\u00a03", "§\u00a019"), which is
    printed as a plain space so that the terminal's text can be searched as typed.
    """
    wrapped = [[line.replace("\u00a0", " ") for line in textwrap.wrap(cell, width) or [""]]
               for cell, width in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    lines = []
    for n in range(height):
        lines.append("  ".join((w[n] if n < len(w) else "").ljust(width)
                               for w, width in zip(wrapped, widths, strict=True)))
    return "\n".join(lines)
