"""All partners' answers of a round → the text of ``evaluation-N.yaml`` (FORMAT.md §2).

Only submitted answers count; a draft is named in the header as not submitted, and so is a
partner that has not answered. Every value carries a comment saying who gave it and when, so
the steering committee can trace each figure before it approves the round; "I cannot judge"
leaves the value out (the report then averages over the others) and the comment says who could
not judge. The date of the round is the closing date of the survey (else the day of the export)
with a comment that the steering committee sets the date of its meeting; the measures are left
to it as a commented placeholder.

The text is written here, line by line, rather than dumped: a dumper cannot put a comment on a
value. Each scalar is rendered by PyYAML's safe dumper in flow context, so quoting is always
right (an id ``yes`` or a text with ``: `` stays text). The same input gives the same bytes:
partners in the order of the cooperation, sections in the order of FORMAT.md, no clock read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from coopdocs.fmt import Formatter
from coopdocs.i18n import _, speaking, translated
from coopdocs.model.evaluation import CRITERIA, PILLARS
from coopdocs.survey.questions import (
    CRITERION_QUESTIONS,
    PILLAR_QUESTIONS,
    TEXTS,
    Answers,
    cooperation_data,
    partner_names,
    reporters,
)

WIDTH = 100
SUBMITTED = "submitted"
_ITEMS = ("kpis", "goals", "milestones")
# What a comment cannot hold: a line break would end it and let the rest be read as YAML.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class RoundData:
    """What a round asks about, frozen when it is opened.

    ``cooperation`` is the cooperation as amended by the earlier rounds (normalized; dates as
    dates or as ISO texts), ``language`` the cooperation's (de or en); ``settled`` the
    milestones earlier rounds reported reached or dropped (not asked again).
    """

    cooperation_id: str
    number: int
    period_start: datetime.date
    period_end: datetime.date
    closes: datetime.date | None
    language: str
    cooperation: Mapping[str, Any]
    settled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Response:
    """One partner's answers as the store holds them: state open, draft or submitted."""

    partner: str
    partner_name: str
    contact: str
    state: str
    answers: Answers
    submitted_at: datetime.datetime | None


@dataclass
class _Round:
    """The submitted values, each with the response that gave it (for its comment)."""

    ratings: dict[str, dict[str, tuple[int | float, Response]]] = field(default_factory=dict)
    trust: dict[str, dict[str, tuple[dict[str, Any], Response]]] = field(default_factory=dict)
    items: dict[str, dict[str, tuple[Any, Response]]] = field(default_factory=dict)
    texts: dict[str, list[tuple[list[str], Response]]] = field(default_factory=dict)
    submitted: dict[str, Response] = field(default_factory=dict)
    # "I cannot judge": (criterion, rater) of a rating, (rater, rated, pillar) of trust
    unrated: list[tuple[str, str]] = field(default_factory=list)
    unjudged: list[tuple[str, str, str]] = field(default_factory=list)


def evaluation_data(round_: RoundData, responses: Sequence[Response], *,
                    today: datetime.date | None = None) -> dict[str, Any]:
    """The round as FORMAT.md §2 data from the submitted responses (dates as dates).

    ``date`` is the closing date of the survey, else ``today``, else the end of the period.
    """
    collected = _collect(round_, responses)
    data: dict[str, Any] = {
        "format": 1, "cooperation": round_.cooperation_id, "number": round_.number,
        "period": {"start": round_.period_start, "end": round_.period_end},
        "date": _date(round_, today), "scale": [1, 5],
        "ratings": {c: {r: v for r, (v, _by) in by.items()}
                    for c, by in collected.ratings.items()},
        "trust": {r: {o: dict(p) for o, (p, _by) in by.items()}
                  for r, by in collected.trust.items()},
    }
    for section in _ITEMS:
        data[section] = {i: v for i, (v, _by) in collected.items.get(section, {}).items()}
    for key in TEXTS:
        data[key] = [item for items, _by in collected.texts.get(key, []) for item in items]
    return data


def _date(round_: RoundData, today: datetime.date | None) -> datetime.date:
    return round_.closes or today or round_.period_end


def _ordered(round_: RoundData, responses: Sequence[Response]) -> list[Response]:
    """The responses in the order of the cooperation's partners (others after, by id)."""
    order = {p: n for n, p in enumerate(partner_names(round_.cooperation))}
    return sorted(responses, key=lambda r: (order.get(r.partner, len(order)), r.partner))


def _collect(round_: RoundData, responses: Sequence[Response]) -> _Round:
    found = _Round()
    submitted = [r for r in _ordered(round_, responses) if r.state == SUBMITTED]
    found.submitted = {r.partner: r for r in submitted}
    for criterion in CRITERIA:
        for response in submitted:
            _rating(found, criterion, response)
    for response in submitted:
        _trust(found, response)
    expected = reporters(round_.cooperation, round_.settled)
    for key in expected:
        section, item = key.split(".", 1)
        _item(found, section, item, submitted, expected[key])
    for key in TEXTS:
        found.texts[key] = [(list(r.answers.get(key) or []), r) for r in submitted
                            if r.answers.get(key)]
    return found


def _rating(found: _Round, criterion: str, response: Response) -> None:
    given = response.answers.get("ratings") or {}
    if criterion not in given:
        return
    if given[criterion] is None:
        found.unrated.append((criterion, response.partner))
    else:
        found.ratings.setdefault(criterion, {})[response.partner] = (given[criterion], response)


def _trust(found: _Round, response: Response) -> None:
    for rated, pillars in (response.answers.get("trust") or {}).items():
        scores = {p: pillars[p] for p in PILLARS if pillars.get(p) is not None}
        found.unjudged += [(response.partner, rated, p) for p in PILLARS
                           if p in pillars and pillars[p] is None]
        if scores:
            found.trust.setdefault(response.partner, {})[rated] = (scores, response)


def _item(found: _Round, section: str, item: str, submitted: Sequence[Response],
          reporter: str) -> None:
    """A KPI's, goal's or milestone's value: the reporter's, else the first one given."""
    giving = [r for r in submitted if (r.answers.get(section) or {}).get(item) not in (None, "")]
    giving.sort(key=lambda r: r.partner != reporter)
    if giving:
        value = giving[0].answers[section][item]
        found.items.setdefault(section, {})[item] = (_item_value(section, value), giving[0])


def _item_value(section: str, value: Any) -> Any:
    if section != "milestones" or not isinstance(value, Mapping):
        return value
    state: dict[str, Any] = {"status": value.get("status")}
    if value.get("date"):
        when = value["date"]
        state["date"] = datetime.date.fromisoformat(when) if isinstance(when, str) else when
    return state


# --- the text -----------------------------------------------------------------------------------

def evaluation_yaml(round_: RoundData, responses: Sequence[Response], *,
                    today: datetime.date) -> str:
    """The commented text of ``evaluation-N.yaml``, in the round's language."""
    round_ = _revived(round_)
    with speaking(round_.language):
        writer = _Writer(round_, Formatter(round_.language))
        collected = _collect(round_, responses)
        lines = [*writer.header(responses, today), *writer.top(today),
                 *writer.ratings(collected), *writer.trust(collected),
                 *writer.items(collected), *writer.texts(collected), *writer.measures()]
    return "\n".join(lines) + "\n"


def _revived(round_: RoundData) -> RoundData:
    return RoundData(round_.cooperation_id, round_.number, round_.period_start,
                     round_.period_end, round_.closes, round_.language,
                     cooperation_data(round_.cooperation), round_.settled)


@dataclass(frozen=True)
class _Writer:
    round_: RoundData
    fmt: Formatter

    # --- header and the keys of the round

    def header(self, responses: Sequence[Response], today: datetime.date) -> list[str]:
        coop = self.round_.cooperation
        states = {r.partner: r for r in responses}
        submitted = [self.who(r) for r in _ordered(self.round_, responses)
                     if r.state == SUBMITTED]
        drafts = [self.who(r) for r in _ordered(self.round_, responses) if r.state == "draft"]
        missing = [self.who(states[p]) if p in states else name
                   for p, name in partner_names(coop).items()
                   if p not in states or states[p].state not in (SUBMITTED, "draft")]
        text = [_("Evaluation round {number} of \"{title}\", collected with the coopdocs survey "
                  "and exported on {date}.").format(number=self.round_.number,
                                                    title=coop.get("title", ""),
                                                    date=self.fmt.short_date(today)),
                _("Submitted: {names}.").format(names="; ".join(submitted)) if submitted
                else _("Nobody has submitted answers yet.")]
        if drafts:
            text.append(_("Saved as a draft but not submitted, so not included: {names}.").format(
                names="; ".join(drafts)))
        if missing:
            text.append(_("Not answered: {names}.").format(names="; ".join(missing)))
        text.append(_("Each value has a comment saying who gave it; \"I cannot judge\" leaves "
                      "the value out. The steering committee checks the values, sets the date "
                      "of its evaluation meeting and adds the measures at the end."))
        text.append(_("Check the file with: coopdocs validate cooperation.yaml "
                      "evaluation-1.yaml … evaluation-{number}.yaml").format(
            number=self.round_.number))
        return [line for paragraph in text for line in _comment(paragraph)]

    def top(self, today: datetime.date) -> list[str]:
        r = self.round_
        note = (_("the closing date of the survey; the steering committee sets the date of its "
                  "evaluation meeting") if r.closes else
                _("the date of the export; the steering committee sets the date of its "
                  "evaluation meeting"))
        period = _flow({"start": r.period_start, "end": r.period_end})
        return ["", "format: 1", f"cooperation: {_scalar(r.cooperation_id)}",
                f"number: {r.number}", f"period: {period}",
                _line("", "date", _scalar(_date(r, today)), note),
                _line("", "scale", "[1, 5]", _("worst and best score"))]

    def who(self, response: Response) -> str:
        name = (_("{contact} ({partner})").format(contact=response.contact,
                                                  partner=response.partner_name)
                if response.contact else response.partner_name)
        return name

    def given(self, response: Response) -> str:
        """``Lena Muster (GEFERTEC GmbH), submitted on 10.04.2027``."""
        when = response.submitted_at
        if when is None:
            return self.who(response)
        day = (when.astimezone() if when.tzinfo else when).date()  # the day where it is read
        return _("{who}, submitted on {date}").format(who=self.who(response),
                                                      date=self.fmt.short_date(day))

    def name(self, partner: str) -> str:
        return partner_names(self.round_.cooperation).get(partner, partner)

    # --- sections

    def ratings(self, found: _Round) -> list[str]:
        lines = ["", _section("ratings", found.ratings)]
        for question in CRITERION_QUESTIONS:
            scores = found.ratings.get(question.key, {})
            lines += _comment(translated(question.question), "  ")
            if scores:
                lines.append(f"  {question.key}:")
                lines += [_line("    ", rater, _scalar(value), self.given(by))
                          for rater, (value, by) in scores.items()]
            unrated = [self.given(found.submitted[rater]) for criterion, rater in found.unrated
                       if criterion == question.key]
            lines += ["  # " + _safe(_("{criterion}: I cannot judge – {who}").format(
                          criterion=question.key, who=who)) for who in unrated]
            if not scores and not unrated:
                lines.append("  # " + _safe(_("{criterion}: no rating submitted").format(
                    criterion=question.key)))
        return lines

    def trust(self, found: _Round) -> list[str]:
        lines = ["", _section("trust", found.trust)]
        lines += _comment(_("The three pillars of trust: rater → rated partner → pillar; a "
                            "partner rating itself is its self-assessment."), "  ")
        for rater, rated in found.trust.items():
            lines.append(f"  {_scalar(rater)}:")
            for other, (scores, by) in rated.items():
                note = self.given(by)
                gaps = [self.pillar(p) for r, o, p in found.unjudged
                        if r == rater and o == other]
                if gaps:
                    note = _("{who}; I cannot judge: {pillars}").format(
                        who=note, pillars=", ".join(gaps))
                lines.append(_line("    ", other, _flow(scores), note))
        lines += self.untrusted(found)
        return lines

    def pillar(self, key: str) -> str:
        return next(translated(p.name) for p in PILLAR_QUESTIONS if p.key == key)

    def untrusted(self, found: _Round) -> list[str]:
        """Comments for a rated partner on whom the rater could not judge any pillar."""
        pairs = dict.fromkeys((rater, rated) for rater, rated, _pillar in found.unjudged)
        return ["  # " + _safe(_("{rater} → {rated}: I cannot judge – {who}").format(
                    rater=rater, rated=rated, who=self.given(found.submitted[rater])))
                for rater, rated in pairs if rated not in found.trust.get(rater, {})]

    def items(self, found: _Round) -> list[str]:
        expected = reporters(self.round_.cooperation, self.round_.settled)
        lines: list[str] = []
        for section in _ITEMS:
            given = found.items.get(section, {})
            lines += ["", _section(section, given)]
            for key, reporter in expected.items():
                kind, item = key.split(".", 1)
                if kind != section:
                    continue
                if item in given:
                    value, by = given[item]
                    lines.append(_line("  ", item, _scalar_or_flow(value), self.given(by)))
                else:
                    lines.append("  # " + _safe(_("{item}: no value given (asked of "
                                                   "{partner})").format(
                        item=item, partner=self.name(reporter))))
        return lines

    def texts(self, found: _Round) -> list[str]:
        lines: list[str] = []
        for key in TEXTS:
            given = found.texts.get(key, [])
            lines += ["", f"{key}: []" if not given else f"{key}:"]
            for items, by in given:
                lines += [f"  # {_safe(self.given(by))}", *(f"  - {_scalar(i)}" for i in items)]
        return lines

    def measures(self) -> list[str]:
        example = [f"  - id: e{self.round_.number}-…", "    text: …", "    owner: …",
                   "    due: YYYY-MM-DD"]
        return ["", *_comment(_("measures: the consequences of the evaluation, added by the "
                                "steering committee; a measure with a change is folded into "
                                "the Nachtrag (FORMAT.md §2), for example:")),
                "# measures:", *(f"# {line}" for line in example)]


# --- YAML pieces --------------------------------------------------------------------------------

def _section(key: str, values: Mapping[str, Any]) -> str:
    return f"{key}:" if values else f"{key}: {{}}"


def _line(indent: str, key: str, value: str, comment: str) -> str:
    """``key: value  # comment``; the comment made safe to stay one comment."""
    return f"{indent}{_scalar(key)}: {value}  # {_safe(comment)}"


def _scalar(value: Any) -> str:
    """One scalar as YAML writes it in flow context (quoted where it must be)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = yaml.dump([value], Dumper=yaml.SafeDumper, allow_unicode=True,
                     default_flow_style=True, width=1_000_000_000)
    return text.strip()[1:-1]


def _flow(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def _scalar_or_flow(value: Any) -> str:
    return _flow(value) if isinstance(value, Mapping) else _scalar(value)


def _safe(text: str) -> str:
    """``text`` on one line: line breaks and control characters as spaces."""
    return _UNSAFE.sub(" ", text).strip()


def _comment(text: str, indent: str = "") -> list[str]:
    """``text`` as comment lines of at most WIDTH characters."""
    lines: list[str] = []
    line = indent + "#"
    for word in _safe(text).split():
        if len(line) + 1 + len(word) > WIDTH and line != indent + "#":
            lines.append(line)
            line = indent + "#"
        line += " " + word
    return [*lines, line]
