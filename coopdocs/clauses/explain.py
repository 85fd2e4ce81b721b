"""Text views of the clause selection and the library for ``explain`` and ``clauses``.

Every word is in the language of the interface; what the library holds (ids, field paths,
titles) is shown as written. The shipped modules' reasons and summaries and the fields'
descriptions are in the catalog (tools/i18n.py collects them) and follow the interface too; an
own library's (--clauses) are not, and show as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import reduce

from coopdocs.check.schema import field_rules, load_schema
from coopdocs.clauses.library import Choice, Library, Module
from coopdocs.errors import CoopdocsError
from coopdocs.i18n import N_, _, translated

# How a module is included (``clauses list`` and ``show``), translated where shown.
_KINDS = {"mandatory": N_("mandatory"), "annex": N_("annex"), "optional": N_("optional")}
# The fields of ``clauses show``, each followed by its value in one column.
_FIELDS = {"id": N_("id:"), "title": N_("title:"), "version": N_("version:"),
           "order": N_("order:"), "kind": N_("kind:"), "summary": N_("summary:"),
           "included": N_("included:"), "reads": N_("reads:"), "languages": N_("languages:"),
           "folder": N_("folder:")}


def explain_lines(choices: Sequence[Choice]) -> Iterator[str]:
    """One block per module in agreement order: number, id, in/out, title, reason, evidence."""
    number = annexes = 0
    width = max((len(c.id) for c in choices), default=0)
    states = {True: _("in"), False: _("out")}
    state_width = max(len(state) for state in states.values())
    indent = " " * (5 + 1 + state_width + 2)
    for choice in choices:
        module = choice.module
        label = ""
        if choice.included and module.numbered:
            number += 1
            label = f"§ {number}"  # explain is for a terminal: plain space
        elif choice.included and module.annex:
            annexes += 1
            label = "Anl."
        state = states[choice.included]
        yield f"{label:<5} {state:<{state_width}}  {choice.id:<{width}}  {module.title['de']}"
        rule = f" [{choice.rule}]" if choice.rule else ""
        yield indent + _("because: {reason}").format(reason=choice.reason) + rule
        for evidence in choice.evidence:
            yield f"{indent}  {evidence}"


def module_rows(library: Library) -> Iterator[str]:
    """``clauses list``: id, version, title and when the module is included."""
    width = max((len(m) for m in library), default=0)
    kind_width = max(len(translated(kind)) for kind in _KINDS.values())
    for module in library.values():
        kind = _kind(module, annex=True)
        yield f"{module.id:<{width}}  v{module.version}  {kind:<{kind_width}}  {module.title['de']}"
        yield f"{'':<{width}}  {describe_when(module)}"


def module_details(library: Library, module_id: str) -> Iterator[str]:
    """``clauses show ID``: everything a lawyer or designer needs to know about a module."""
    module = library.get(module_id)
    if module is None:
        raise CoopdocsError(_("no clause module '{id}'; see 'coopdocs clauses list'").format(
            id=module_id))
    width = max(len(translated(label)) for label in _FIELDS.values()) + 1

    def field(name: str, value: object) -> str:
        return f"{translated(_FIELDS[name]):<{width}}{value}"

    placement = _placement(module)
    yield field("id", module.id)
    yield field("title", ", ".join(f"{k}: {v}" for k, v in module.title.items()))
    yield field("version", module.version)
    yield field("order", f"{module.order} {placement}" if placement else module.order)
    yield field("kind", _kind(module, annex=False))
    # an empty summary (an own library may write one) is not looked up: gettext("") is the header
    yield field("summary", translated(module.summary) if module.summary else "")
    yield field("included", describe_when(module))
    yield translated(_FIELDS["reads"]) if module.reads else field("reads", "-")
    schema = load_schema("cooperation")
    for path in module.reads:
        rules = field_rules(schema, path) or {}
        default = ""
        if "default" in rules:
            default = " " + (_("(default: none)") if rules["default"] is None else
                             _("(default: {value})").format(value=_default(rules["default"])))
        description = rules.get("meta", {}).get("description", "")
        yield f"  {path}{default}"
        if description:
            yield f"      {' '.join(translated(str(description)).split())}"
    yield field("languages", ", ".join(sorted(module.texts)))
    yield field("folder", module.folder)


def _kind(module: Module, *, annex: bool) -> str:
    """Mandatory, optional or (with ``annex``, for an annex module) annex, translated."""
    kind = "mandatory" if module.mandatory else "annex" if annex and module.annex else "optional"
    return translated(_KINDS[kind])


def _placement(module: Module) -> str:
    """"(annex to 'ip', one per item of …)", "(unnumbered)" or "" for a numbered §."""
    each = _each(module)
    if module.annex:
        if each:
            return _("(annex to '{parent}', {each})").format(parent=module.parent, each=each)
        return _("(annex to '{parent}')").format(parent=module.parent)
    if each:
        return f"({each})"
    return "" if module.numbered else _("(unnumbered)")


def _each(module: Module) -> str:
    """"one per item of activities with type supply" (empty without ``each``)."""
    if not module.each:
        return ""
    conditions = [f"{key} {value}" for key, value in (module.where or {}).items()]
    if not conditions:
        return _("one per item of {list}").format(list=module.each)
    return _("one per item of {list} with {conditions}").format(
        list=module.each, conditions=_all_of(conditions))


def _all_of(parts: Sequence[str]) -> str:
    """"a and b and c" in the language of the interface."""
    return reduce(lambda left, right: _("{left} and {right}").format(left=left, right=right),
                  parts) if parts else ""


def _one_of(parts: Sequence[str]) -> str:
    """"a or b or c" in the language of the interface."""
    return reduce(lambda left, right: _("{left} or {right}").format(left=left, right=right),
                  parts) if parts else ""


def _default(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "[]" if value == [] else "{}" if value == {} else str(value)


def describe_when(module: Module) -> str:
    """The selection rule in words."""
    when = module.when
    if "always" in when:
        return _("always ({reason})").format(reason=translated(str(when["always"])))
    conditions = [_condition(c) for c in when.get("all", when.get("any", []))]
    joined = _all_of(conditions) if "all" in when else _one_of(conditions)
    each = _each(module)
    if each:
        return _("when {conditions}, {each}").format(conditions=joined, each=each)
    return _("when {conditions}").format(conditions=joined)


def _condition(condition: dict[str, object]) -> str:
    """A condition as module.yaml writes it: field path, test, value, rule code."""
    test = condition["test"]
    value = f" {condition['value']}" if "value" in condition else ""
    rule = f" [{condition['rule']}]" if condition.get("rule") else ""
    return f"{condition['path']} {test}{value}{rule}"
