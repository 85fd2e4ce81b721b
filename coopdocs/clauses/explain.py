"""Text views of the clause selection and the library for ``explain`` and ``clauses``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from coopdocs.check.schema import field_rules, load_schema
from coopdocs.clauses.library import Choice, Library, Module
from coopdocs.errors import CoopdocsError


def explain_lines(choices: Sequence[Choice]) -> Iterator[str]:
    """One block per module in agreement order: number, id, in/out, title, reason, evidence."""
    number = annexes = 0
    width = max((len(c.id) for c in choices), default=0)
    for choice in choices:
        module = choice.module
        label = ""
        if choice.included and module.numbered:
            number += 1
            label = f"§ {number}"  # explain is for a terminal: plain space
        elif choice.included and module.annex:
            annexes += 1
            label = "Anl."
        state = "in " if choice.included else "out"
        yield f"{label:<5} {state}  {choice.id:<{width}}  {module.title['de']}"
        rule = f" [{choice.rule}]" if choice.rule else ""
        yield f"{'':<11}because: {choice.reason}{rule}"
        for evidence in choice.evidence:
            yield f"{'':<11}  {evidence}"


def module_rows(library: Library) -> Iterator[str]:
    """``clauses list``: id, version, title and when the module is included."""
    width = max((len(m) for m in library), default=0)
    for module in library.values():
        kind = "mandatory" if module.mandatory else "annex" if module.annex else "optional"
        yield f"{module.id:<{width}}  v{module.version}  {kind:<9}  {module.title['de']}"
        yield f"{'':<{width}}  {describe_when(module)}"


def module_details(library: Library, module_id: str) -> Iterator[str]:
    """``clauses show ID``: everything a lawyer or designer needs to know about a module."""
    module = library.get(module_id)
    if module is None:
        raise CoopdocsError(f"no clause module '{module_id}'; see 'coopdocs clauses list'")
    yield f"id:        {module.id}"
    yield f"title:     {', '.join(f'{k}: {v}' for k, v in module.title.items())}"
    yield f"version:   {module.version}"
    yield f"order:     {module.order}{_placement(module)}"
    yield f"kind:      {'mandatory' if module.mandatory else 'optional'}"
    yield f"summary:   {module.summary}"
    yield f"included:  {describe_when(module)}"
    yield "reads:" if module.reads else "reads:     -"
    schema = load_schema("cooperation")
    for path in module.reads:
        rules = field_rules(schema, path) or {}
        default = f" (default: {_default(rules['default'])})" if "default" in rules else ""
        description = rules.get("meta", {}).get("description", "")
        yield f"  {path}{default}"
        if description:
            yield f"      {' '.join(str(description).split())}"
    yield f"languages: {', '.join(sorted(module.texts))}"
    yield f"folder:    {module.folder}"


def _placement(module: Module) -> str:
    if module.annex:
        return f" (annex to '{module.parent}'{_each(module)})"
    if module.each:
        return f" ({_each(module)[2:]})"
    return "" if module.numbered else " (unnumbered)"


def _each(module: Module) -> str:
    """", one per item of activities with type supply" (empty without ``each``)."""
    if not module.each:
        return ""
    where = " and ".join(f"{key} {value}" for key, value in (module.where or {}).items())
    return f", one per item of {module.each}{f' with {where}' if where else ''}"


def _default(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return "[]" if value == [] else "{}" if value == {} else str(value)


def describe_when(module: Module) -> str:
    """The selection rule in words."""
    when = module.when
    if "always" in when:
        return f"always ({when['always']})"
    joiner = " and " if "all" in when else " or "
    conditions = when.get("all", when.get("any", []))
    parts = [_condition(c) for c in conditions]
    return "when " + joiner.join(parts) + _each(module)


def _condition(condition: dict[str, object]) -> str:
    test = condition["test"]
    value = f" {condition['value']}" if "value" in condition else ""
    rule = f" [{condition['rule']}]" if condition.get("rule") else ""
    return f"{condition['path']} {test}{value}{rule}"
