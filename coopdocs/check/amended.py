"""Findings about a cooperation as a round's measures amend it, each at the measure that causes it.

Validation applies a round's changes in order (model.changes.apply_fitting) and checks the
result like any cooperation. What it finds is said at a measure of the round, never only at
the cooperation:

- a change that does not apply after the changes before it (CD-EVAL-10);
- what follows from a partner leaving, as a plan (CD-EVAL-15, info): shares re-normalised, the
  partner taken out of lists;
- what only the partners can decide when a partner leaves (CD-EVAL-16): who takes over a goal,
  a lead, an interface; with the YAML of the measure to paste;
- any other error of the amended cooperation (CD-EVAL-12), blamed on the measure whose change
  touches the erring key, with what to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from coopdocs.check.findings import Finding, Level
from coopdocs.check.schema import rules_at
from coopdocs.check.sources import Source
from coopdocs.errors import KeyPath
from coopdocs.i18n import N_, _, translated
from coopdocs.model.changes import Applied, leaving, operations
from coopdocs.model.follow import FollowOn, dotted, references
from coopdocs.model.paths import value_at


def round_findings(source: Source, evaluation: Mapping[str, Any], applied: Applied, *,
                   broken: Sequence[Finding], found: Sequence[Finding],
                   schema: Mapping[str, Any]) -> list[Finding]:
    """The findings of a round's changes.

    ``broken`` are the findings of the amended cooperation, ``found`` what the round's own
    rules reported already (a change they refused is not reported twice).
    """
    choices = list(_choices(source, evaluation, applied, schema))
    explained = [path for _finding, path in choices]
    return [*_refusals(source, evaluation, applied, found),
            *_plans(source, evaluation, applied),
            *(finding for finding, _path in choices),
            *_blamed(source, evaluation, broken, explained, schema)]


def _measure_id(evaluation: Mapping[str, Any], index: int) -> str:
    return str(evaluation["measures"][index].get("id", index))


def _at(source: Source, index: int, *rest: str | int) -> tuple[KeyPath, Any]:
    path: KeyPath = ("measures", index, "change", *rest)
    return path, source.locate(path)


# --- changes that do not apply ------------------------------------------------------------------

def _refusals(source: Source, evaluation: Mapping[str, Any], applied: Applied,
              found: Sequence[Finding]) -> Iterator[Finding]:
    """Each change that does not apply, at its measure, unless a rule has reported it there.

    CD-EVAL-10 checks every change against the cooperation before the round; applying them in
    order also finds what only the order shows (a partner removed twice), and a change is never
    left out without an error.
    """
    for index, exc in applied.refused:
        path: KeyPath = ("measures", index, "change")
        if any(f.level is Level.ERROR and f.path[:3] == path for f in found):
            continue
        at = (*path, *exc.at)
        message = _("measure '{measure}': the change does not apply after the changes before "
                    "it: {reason}").format(measure=_measure_id(evaluation, index), reason=exc)
        yield Finding(Level.ERROR, message, at, source.locate(at), "CD-EVAL-10")


# --- the plan of an exit ------------------------------------------------------------------------

def _plans(source: Source, evaluation: Mapping[str, Any], applied: Applied
           ) -> Iterator[Finding]:
    for index, plan in sorted(applied.plans.items()):
        path, location = _at(source, index, "remove_partner")
        for step in plan:
            if step.how == "choice":
                continue
            message = translated(_PLANNED[step.how]).format(
                measure=_measure_id(evaluation, index), partner=step.partner,
                where=dotted(applied.data, step.path), after=_flow(step.after),
                before=_flow(step.before))
            yield Finding(Level.INFO, message, path, location, "CD-EVAL-15")


# What a partner leaving changed, by how it changed it (model.follow.FollowOn.how).
_PLANNED = {
    "removed": N_("measure '{measure}': as '{partner}' leaves, {where} becomes {after} (without "
                  "it; was {before}); to decide otherwise, add a measure with change: {{set: "
                  "{where}, to: …}}"),
    "renormalised": N_("measure '{measure}': as '{partner}' leaves, {where} becomes {after} "
                       "(re-normalised to 100; was {before}); to decide otherwise, add a measure "
                       "with change: {{set: {where}, to: …}}"),
    "given": N_("measure '{measure}': as '{partner}' leaves, {where} becomes {after} (as "
                "shares_after gives them; was {before}); to decide otherwise, add a measure with "
                "change: {{set: {where}, to: …}}"),
}


# --- what only the partners can decide ----------------------------------------------------------

def _choices(source: Source, evaluation: Mapping[str, Any], applied: Applied,
             schema: Mapping[str, Any]) -> Iterator[tuple[Finding, KeyPath]]:
    """Each place that still names a partner who left in this round, at its exit measure.

    A later measure of the same round may have decided it already; what is left is asked for
    with the measure to paste.
    """
    remaining = [p.get("id") for p in applied.data.get("partners", []) if isinstance(p, Mapping)]
    for index, measure in enumerate(evaluation["measures"]):
        change = measure.get("change")
        if not isinstance(change, Mapping) or operations(change) != ["remove_partner"] \
                or index in dict(applied.refused):
            continue
        partner = leaving(change)["id"]
        path, location = _at(source, index, "remove_partner")
        for n, (ref, kind, _rules) in enumerate(references(applied.data, schema, partner),
                                               start=1):
            yield Finding(Level.ERROR, _choice(applied.data, ref, kind, partner,
                                               remaining=remaining,
                                               new_id=f"{measure['id']}-{n}"),
                          path, location, "CD-EVAL-16"), ref


def _choice(data: Mapping[str, Any], ref: KeyPath, kind: str, partner: str, *,
            remaining: Sequence[Any], new_id: str) -> str:
    where = dotted(data, ref)
    value = value_at(data, ref)
    if kind == "one":
        what = _("{where} names '{partner}'; only the partners can say who takes over").format(
            where=where, partner=partner)
        proposal: Any = next((p for p in remaining if isinstance(p, str)), "ID")
    else:
        rest = [p for p in value if p != partner] if isinstance(value, list) else []
        what = _("{where} names '{partner}', and without it the list is not complete ({why}); "
                 "only the partners can say how it goes on").format(
            where=where, partner=partner, why=_why(ref, value, partner))
        proposal = rest
    paste = f"- {{id: {new_id}, change: {{set: {where}, to: {_flow(proposal)}}}}}"
    if "[" in where:  # an item without an id: a measure cannot name it yet
        how = _("give the list item an id in cooperation.yaml so a measure can name it, then "
                "add to the measures of this round: {paste}").format(paste=paste)
    elif kind == "one":
        how = _("add to the measures of this round: {paste} (one of {partners})").format(
            paste=paste, partners=", ".join(map(str, remaining)))
    else:
        how = _("add to the measures of this round: {paste}").format(paste=paste)
    return _("'{partner}' leaves, but {what}: {how}").format(partner=partner, what=what, how=how)


def _why(ref: KeyPath, value: Any, partner: str) -> str:
    if "processing" in ref and isinstance(value, list) and value and value[-1] == partner:
        return _("it processes the data for the others")
    return _("too few partners would remain")


def _flow(value: Any) -> str:
    """A value in YAML flow style, as it is pasted into a measure."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return "null" if value is None else str(value)


# --- errors of the amended cooperation ----------------------------------------------------------

def _blamed(source: Source, evaluation: Mapping[str, Any], broken: Sequence[Finding],
            explained: Sequence[KeyPath], schema: Mapping[str, Any]) -> Iterator[Finding]:
    """The errors of the amended cooperation, located at the measure that caused them."""
    changing = [(i, m["change"]) for i, m in enumerate(evaluation["measures"])
                if isinstance(m.get("change"), Mapping)]
    for finding in (f for f in broken if f.level is Level.ERROR):
        if any(finding.path[:len(path)] == path for path in explained):
            continue  # a choice of an exit says what to do there
        index = _culprit(changing, finding, schema)
        path, location = _at(source, index)
        message = (_("measure '{measure}': with the changes of this round the cooperation is "
                     "invalid at {where}: {problem}; {remedy}") if finding.named else
                   _("measure '{measure}': with the changes of this round the cooperation is "
                     "invalid at the cooperation: {problem}; {remedy}"))
        problem = f"{finding.message} [{finding.code}]" if finding.code else finding.message
        yield Finding(Level.ERROR, message.format(
            measure=_measure_id(evaluation, index), where=finding.named, problem=problem,
            remedy=_remedy(changing, index)), path, location, "CD-EVAL-12")


def _culprit(changing: Sequence[tuple[int, Mapping[str, Any]]], finding: Finding,
             schema: Mapping[str, Any]) -> int:
    """The measure whose change most likely broke ``finding``.

    The last ``set`` of the erring key or a key above or below it; else a partner joining or
    leaving: a leaving partner when the finding names it, a joining one when the erring key is a
    partner's own or one that names partners (``meta.partner`` in the schema: shares, lists,
    owners), whatever the language of the message; else an ``add`` or
    ``remove`` of the list; else the last change of the round.
    """
    named = finding.named.split(".") if finding.named else []
    about_partners = _names_partners(finding.path, schema)
    for test in (_sets(named), _partners(finding, about_partners), _lists(named)):
        touched = [i for i, change in changing if test(change)]
        if touched:
            return touched[-1]
    return changing[-1][0] if changing else 0


def _sets(named: Sequence[str]) -> Any:
    def test(change: Mapping[str, Any]) -> bool:
        parts = str(change.get("set", "")).split(".") if "set" in change else []
        size = min(len(parts), len(named))
        return bool(parts) and parts[:size] == list(named[:size])
    return test


def _partners(finding: Finding, about_partners: bool) -> Any:
    def test(change: Mapping[str, Any]) -> bool:
        if "remove_partner" in change:
            gone = leaving(change)["id"]
            return f"'{gone}'" in finding.message or gone in (finding.named or "")
        return "add_partner" in change and about_partners
    return test


def _names_partners(path: KeyPath, schema: Mapping[str, Any]) -> bool:
    """Whether ``path`` lies in a partner's own data or in a field that names partners."""
    if path[:1] == ("partners",):
        return True
    return any(isinstance(meta := rules_at(schema, path[:end]).get("meta"), Mapping)
               and "partner" in meta for end in range(1, len(path) + 1))


def _lists(named: Sequence[str]) -> Any:
    def test(change: Mapping[str, Any]) -> bool:
        ops = change.get("add") or change.get("remove")
        return isinstance(ops, Mapping) and bool(named) and named[0] in ops
    return test


def _remedy(changing: Sequence[tuple[int, Mapping[str, Any]]], index: int) -> str:
    change = next(c for i, c in changing if i == index) if changing else {}
    if "add_partner" in change:
        return _("give the new partner what the agreement needs of every partner in the long "
                 "form of add_partner (partner, contributions, shares_after), or add a measure "
                 "with change: {set: KEY, to: …} for the key named")
    if "set" in change:
        return _("correct the value of {key} or add a measure that sets the key named").format(
            key=change["set"])
    return _("add a measure with change: {set: KEY, to: …} for the key named, so that the "
             "amended cooperation is complete")


def plans_of(applied: Applied) -> list[FollowOn]:
    """Every follow-on change of the round, in the order of the measures."""
    return [step for _index, plan in sorted(applied.plans.items()) for step in plan]
