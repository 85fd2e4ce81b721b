"""A posted form → a partner's answers, and a message for each field that is not right.

The page is checked with the same schema and rules, and so the same messages, as a hand-written
``evaluation.yaml``: the partner's answers become the partial evaluation round they stand for
(this partner's ratings, trust, KPIs, goals, milestones and texts, with the round's number and
period), which runs through the evaluation schema and the rules ``coopdocs validate`` runs for
an evaluation with its cooperation; each finding's key path leads back to its field. What YAML
would not even read as a value ("11,5x", "31.02.2027") gets the form's own message first.

Field names (``field_name``): ``ratings.<criterion>`` ("1".."5" or "na" for "I cannot judge"),
``trust.<rated>.<pillar>``, ``kpis.<id>`` (a German or English decimal: "11,5" or "11.5"; no
thousands separators), ``goals.<id>`` (achieved, partial, missed or empty),
``milestones.<id>.status`` and ``milestones.<id>.date`` (YYYY-MM-DD or DD.MM.YYYY), and the
free texts ``highlights``, ``difficulties``, ``reflection``, ``needs`` (one item per line).
Every input is bounded: a text item at most 1000 characters, at most 20 items a list, a text
field at most ``MAX_FIELD`` characters, any other ``MAX_VALUE``; a field the form does not have
is refused. An empty field is not answered yet; only what passed is in the answers, so a saved
draft never holds a value the export could not write.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.check.findings import Level, sort_findings
from coopdocs.check.rules import Catalog, run_rules
from coopdocs.check.schema import check as check_schema
from coopdocs.check.sources import Source
from coopdocs.errors import KeyPath
from coopdocs.fmt import Formatter, typed_date
from coopdocs.i18n import _, language
from coopdocs.survey.export import RoundData
from coopdocs.survey.questions import TEXTS, Answers, PartnerForm, cooperation_data

NOT_JUDGED = "na"
MAX_TEXT = 1000
MAX_ITEMS = 20
MAX_FIELD = MAX_ITEMS * (MAX_TEXT + 2)  # a free text: every item with its line break
MAX_VALUE = 100  # any other field: a score, a number, a state, a date
_SCORE = re.compile(r"[+-]?[0-9]{1,6}")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
# "1.000" or "12,500": a thousands separator to a German reader, a decimal one to an English one
_AMBIGUOUS = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")
_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# What a document cannot hold (as check.sources refuses it in a YAML file); tabs may stay.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The clause library plays no part in the rules of an evaluation round.
_NO_CATALOG = Catalog(frozenset(), frozenset(), {})
_WHERE = Path("evaluation.yaml")


@dataclass(frozen=True)
class Parsed:
    """The answers that passed, and the first message for each field that did not."""

    answers: Answers
    errors: dict[str, str]


def field_name(question_key: str, part: str | None = None) -> str:
    """The HTML field name of a question (``milestones.m2`` with part ``date``)."""
    return f"{question_key}.{part}" if part else question_key


def field_names(form: PartnerForm) -> list[str]:
    """Every field of ``form``'s page, in the order of the page."""
    return [*(field_name(f"ratings.{c.key}") for c in form.criteria),
            *(field_name(f"trust.{rated}.{p.key}") for rated, _n in form.rated
              for p in form.pillars),
            *(field_name(f"kpis.{k.id}") for k in form.kpis),
            *(field_name(f"goals.{g.id}") for g in form.goals),
            *(field_name(f"milestones.{m.id}", part) for m in form.milestones
              for part in ("status", "date")),
            *(field_name(t.key) for t in form.texts)]


def parse_form(form: PartnerForm, fields: Mapping[str, list[str]], round_: RoundData, *,
               ignore: Collection[str] = ()) -> Parsed:
    """The answers ``fields`` (a posted form: name → values) give, checked like the YAML.

    ``ignore`` names fields of the page that are no answers (a CSRF token, the button).
    """
    known = field_names(form)
    errors = _refused(fields, known, ignore)
    values = {name: fields[name][0] if fields[name] else "" for name in known
              if name in fields and name not in errors}
    answers = _answers(form, values, errors)
    for name, message in _findings(form, answers, round_):
        errors.setdefault(name, message)
    return Parsed(_without(answers, errors), errors)


def _refused(fields: Mapping[str, list[str]], known: list[str], ignore: Collection[str]
             ) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, values in fields.items():
        if name in ignore:
            continue
        if name not in known:
            errors[name] = _("the form has no field '{name}'; reload the page").format(
                name=name[:100])
        elif len(values) > 1:
            errors[name] = _("this field was sent more than once; reload the page")
        elif values and len(values[0]) > (MAX_FIELD if name in TEXTS else MAX_VALUE):
            errors[name] = _("too long: at most {limit} characters").format(
                limit=_count(MAX_FIELD if name in TEXTS else MAX_VALUE))
    return errors


# --- reading the fields -------------------------------------------------------------------------

def _answers(form: PartnerForm, values: Mapping[str, str], errors: dict[str, str]) -> Answers:
    """The answers of the fields that read as values; a message in ``errors`` for the others."""
    reader = _Reader(values, errors)
    score = _score_reader(form)
    ratings = {c.key: reader.score(f"ratings.{c.key}", score) for c in form.criteria}
    trust = {rated: {p.key: reader.score(f"trust.{rated}.{p.key}", score) for p in form.pillars}
             for rated, _name in form.rated}
    answers: Answers = {
        "ratings": _given(ratings),
        "trust": {rated: _given(by) for rated, by in trust.items() if _given(by)},
        "kpis": _given({k.id: reader.read(f"kpis.{k.id}", parse_number) for k in form.kpis}),
        "goals": _given({g.id: reader.read(f"goals.{g.id}", str) for g in form.goals}),
        "milestones": _given({m.id: reader.milestone(m.id) for m in form.milestones}),
    }
    answers |= _given({t.key: reader.read(t.key, parse_items) for t in form.texts})
    return answers


_NOTHING = object()  # an empty field, or one that did not read: no answer at all
_CANNOT = object()  # "I cannot judge", told apart from an empty field while reading


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The answers among ``values``; "I cannot judge" as None."""
    return {key: None if value is _CANNOT else value for key, value in values.items()
            if value is not _NOTHING and value is not None}


@dataclass(frozen=True)
class _Reader:
    values: Mapping[str, str]
    errors: dict[str, str]

    def read(self, name: str, parse: Any) -> Any:
        """The value of field ``name``; None when it is empty or does not read (a message)."""
        text = self.values.get(name, "").strip()
        if not text:
            return None
        try:
            return parse(text)
        except _Unreadable as exc:
            self.errors[name] = str(exc)
            return None

    def score(self, name: str, parse: Any) -> Any:
        value = self.read(name, parse)
        return _NOTHING if value is None else value

    def milestone(self, milestone: str) -> dict[str, str] | None:
        status = self.read(f"milestones.{milestone}.status", str)
        when = self.read(f"milestones.{milestone}.date", parse_date)
        if status is None and when is not None:
            self.errors.setdefault(f"milestones.{milestone}.status", _(
                "choose the state of the milestone, or leave its date empty"))
        if status is None:
            return None
        return {"status": status, **({"date": when.isoformat()} if when is not None else {})}


class _Unreadable(ValueError):
    """A field whose text is no value of its kind; the message says what to enter."""


def _score_reader(form: PartnerForm) -> Any:
    low, high = form.scale

    def parse(text: str) -> Any:
        if text == NOT_JUDGED:
            return _CANNOT
        if not _SCORE.fullmatch(text):
            raise _Unreadable(_("choose a score from {low} to {high}, or \"I cannot "
                                "judge\"").format(low=low, high=high))
        return int(text)

    return parse


def parse_number(text: str) -> int | float:
    """A number as a partner types it: ``11,5`` or ``11.5``; whole numbers stay whole.

    A separator before exactly three digits ("1.000") is refused: it groups thousands to a
    German reader and is a decimal point to an English one.
    """
    if _AMBIGUOUS.fullmatch(text):
        whole = re.sub(r"[.,]", "", text)
        raise _Unreadable(_("'{text}' can be read as {whole} or as a decimal; write {whole} "
                            "without a thousands separator, or the decimal with a 0 at the "
                            "end ({decimal}0)").format(text=text, whole=whole, decimal=text))
    if not _NUMBER.fullmatch(text):
        raise _Unreadable(_("'{text}' is not a number; write it like 11,5 or 11.5, without "
                            "thousands separators").format(text=text[:40]))
    written = decimal.Decimal(text.replace(",", "."))
    if "," not in text and "." not in text:
        return int(written)
    value = float(written)
    if decimal.Decimal(repr(value)) != written:
        raise _Unreadable(_("'{text}' has more digits than a number keeps (about 15 significant "
                            "digits; it would be read as {value}); round it").format(
            text=text[:40], value=repr(value)))
    return value


def parse_date(text: str) -> datetime.date:
    """A date as YYYY-MM-DD (a date field's value) or DD.MM.YYYY (typed by hand)."""
    german = _GERMAN_DATE.fullmatch(text)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return datetime.date(year, month, day)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise _Unreadable(_("'{text}' is not a date; write it as YYYY-MM-DD or "
                        "DD.MM.YYYY").format(text=text[:40]))


def parse_items(text: str) -> list[str]:
    """The items of a free text, one per line (empty lines left out), within the bounds."""
    items = [line.strip() for line in text.splitlines() if line.strip()]
    if len(items) > MAX_ITEMS:
        raise _Unreadable(_("at most {limit} points, one per line; found {count}").format(
            limit=MAX_ITEMS, count=len(items)))
    for number, item in enumerate(items, start=1):
        if len(item) > MAX_TEXT:
            raise _Unreadable(_("point {number} has {count} characters; at most {limit} fit "
                                "(put a longer point on several lines)").format(
                number=number, count=_count(len(item)), limit=_count(MAX_TEXT)))
        unfit = _UNFIT.search(item)
        if unfit:
            raise _Unreadable(_("the text contains the control character {code}, which cannot "
                                "appear in a document; remove it").format(
                code=f"U+{ord(unfit.group()):04X}"))
    return items


def _count(number: int) -> str:
    """A count as the page's language writes it: ``1.000`` in German, ``1,000`` in English."""
    return Formatter(language()).number(number)


# --- checking like the YAML ---------------------------------------------------------------------

def evaluation_of(form: PartnerForm, answers: Answers, round_: RoundData) -> dict[str, Any]:
    """The partial evaluation round ``answers`` stand for: this partner's share of FORMAT.md §2."""
    me = form.partner
    return {
        "format": 1, "cooperation": round_.cooperation_id, "number": round_.number,
        "period": {"start": round_.period_start, "end": round_.period_end},
        "date": round_.closes or round_.period_end, "scale": list(form.scale),
        "ratings": {c: {me: v} for c, v in answers.get("ratings", {}).items() if v is not None},
        "trust": {me: {rated: {p: v for p, v in pillars.items() if v is not None}
                       for rated, pillars in answers.get("trust", {}).items()}},
        "kpis": dict(answers.get("kpis", {})), "goals": dict(answers.get("goals", {})),
        "milestones": {m: _dated(state) for m, state in answers.get("milestones", {}).items()},
        **{key: list(answers[key]) for key in TEXTS if key in answers},
    }


def _dated(state: Mapping[str, Any]) -> dict[str, Any]:
    when = state.get("date")
    return {**state, "date": datetime.date.fromisoformat(when)} if isinstance(when, str) \
        else dict(state)


def _findings(form: PartnerForm, answers: Answers, round_: RoundData) -> list[tuple[str, str]]:
    """(field, message) of every error the evaluation schema and rules find in ``answers``."""
    source = Source(_WHERE, evaluation_of(form, answers, round_))
    schema_findings, normalized = check_schema(source, "evaluation")
    malformed = any(f.level is Level.ERROR for f in schema_findings)
    context = {"cooperation": cooperation_data(round_.cooperation),
               "rounds": [(round_.number, str(_WHERE))], "path": str(_WHERE), "earlier": []}
    rule_findings = run_rules(source, normalized, _NO_CATALOG, kind="evaluation",
                              context=context, malformed=malformed)
    known = set(field_names(form))
    found = []
    for finding in sort_findings([*schema_findings, *rule_findings]):
        name = _field_of(finding.path)
        if finding.level is Level.ERROR and name in known:
            found.append((name, finding.message))
    return found


def _field_of(path: KeyPath) -> str | None:
    """The field a finding's key path leads to (a rater's own key is left out of trust)."""
    parts = [str(part) for part in path]
    section = parts[0] if parts else ""
    if section in TEXTS:
        return section
    if section == "trust" and len(parts) >= 3:
        return ".".join(["trust", parts[2], *(parts[3:4] or ["competence"])])
    if section in ("ratings", "kpis", "goals") and len(parts) >= 2:
        return f"{section}.{parts[1]}"
    if section == "milestones" and len(parts) >= 2:
        return f"milestones.{parts[1]}.{parts[2] if len(parts) > 2 else 'status'}"
    return None


def _without(answers: Answers, errors: Mapping[str, str]) -> Answers:
    """``answers`` without the values of fields that have a message."""
    kept: Answers = {}
    for section, value in answers.items():
        if section in TEXTS:
            if section not in errors:
                kept[section] = value
        elif section == "trust":
            kept[section] = {rated: kept_pillars for rated, pillars in value.items()
                             if (kept_pillars := {p: v for p, v in pillars.items()
                                                  if f"trust.{rated}.{p}" not in errors})}
        elif section == "milestones":
            kept[section] = {m: state for m, state in value.items()
                             if f"milestones.{m}.status" not in errors
                             and f"milestones.{m}.date" not in errors}
        else:
            kept[section] = {k: v for k, v in value.items() if f"{section}.{k}" not in errors}
    return kept


def form_values(form: PartnerForm, answers: Answers) -> dict[str, str]:
    """Field name → the text to show in it, from saved answers (to fill in the page again)."""
    values: dict[str, str] = {}
    for criterion, score in (answers.get("ratings") or {}).items():
        values[f"ratings.{criterion}"] = NOT_JUDGED if score is None else str(score)
    for rated, pillars in (answers.get("trust") or {}).items():
        for pillar, score in pillars.items():
            values[f"trust.{rated}.{pillar}"] = NOT_JUDGED if score is None else str(score)
    for kpi, number in (answers.get("kpis") or {}).items():
        values[f"kpis.{kpi}"] = show_number(number)
    for goal, state in (answers.get("goals") or {}).items():
        values[f"goals.{goal}"] = str(state)
    for milestone, state in (answers.get("milestones") or {}).items():
        values[f"milestones.{milestone}.status"] = str(state.get("status", ""))
        values[f"milestones.{milestone}.date"] = show_date(state.get("date"))
    for key in TEXTS:
        if answers.get(key):
            values[key] = "\n".join(answers[key])
    known = set(field_names(form))
    return {name: text for name, text in values.items() if name in known}


def show_date(value: object) -> str:
    """A kept date as the partner would type it: 12.09.2026 in German, else 2026-09-12."""
    if not value:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return typed_date(day)


def show_number(value: float) -> str:
    """A number as the partner typed it, with a decimal comma in German."""
    text = format(decimal.Decimal(repr(value)), "f")
    return text.replace(".", ",") if language() == "de" else text
