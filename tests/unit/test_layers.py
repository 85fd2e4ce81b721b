"""The layers of docs/architecture.md: no module imports from a layer above its own.

Every ``import`` and ``from … import`` of a coopdocs module is read from the syntax tree,
including imports inside functions and under ``TYPE_CHECKING``, so a lazy import cannot hide an
upward dependency. Units of the same layer (amend and render) must not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

# Bottom to top; a unit is a sub-package or a top-level module of coopdocs.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("i18n",),
    ("errors", "__init__"),
    ("resources", "fmt"),
    ("wording",),
    ("model",),
    ("check",),
    ("clauses",),
    ("compose",),
    ("amend", "render"),
    ("publish",),
    ("build",),
    ("batch", "questionnaire", "survey"),
    ("cli",),
    ("__main__",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str:
    """``coopdocs.check.rules.core`` → ``check``; ``coopdocs`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every coopdocs module a syntax tree imports."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("coopdocs")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coopdocs"):
            module = node.module or ""
            names = [f"{module}.{a.name}" for a in node.names] if module == "coopdocs" else []
            found += [(node.lineno, name) for name in names or [module]]
    return found


def violations(package: Path) -> list[str]:
    """Every import of ``package`` (the coopdocs folder) that points upward or sideways."""
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        unit = unit_of(".".join(relative.parts))
        for line, module in imported(ast.parse(path.read_text(encoding="utf-8"))):
            target = unit_of(module)
            if target == "__version__":
                target = "__init__"
            if target != unit and RANK[target] >= RANK[unit]:
                found.append(f"{relative}.py:{line}: {unit} imports {module} "
                             f"(layer {RANK[target]} >= {RANK[unit]})")
    return found


def test_every_unit_has_a_layer() -> None:
    package = ROOT / "coopdocs"
    units = {p.stem for p in package.glob("*.py")} | {p.parent.name
                                                      for p in package.glob("*/__init__.py")}
    assert units == set(RANK)


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    assert violations(ROOT / "coopdocs") == []


def test_an_upward_or_sideways_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "coopdocs"
    for folder in ("model", "render", "amend"):
        (package / folder).mkdir(parents=True)
    (package / "model" / "cooperation.py").write_text(
        "from coopdocs.errors import KeyPath\n\n\ndef f() -> None:\n"
        "    from coopdocs.check.validate import Valid\n", encoding="utf-8")
    (package / "render" / "tracked.py").write_text(
        "from coopdocs.amend.redline import marked\nfrom coopdocs.model import document\n",
        encoding="utf-8")
    (package / "amend" / "diff.py").write_text("from coopdocs import build\n", encoding="utf-8")
    assert violations(package) == [
        "coopdocs/amend/diff.py:1: amend imports coopdocs.build (layer 10 >= 8)",
        "coopdocs/model/cooperation.py:5: model imports coopdocs.check.validate (layer 5 >= 4)",
        "coopdocs/render/tracked.py:1: render imports coopdocs.amend.redline (layer 8 >= 8)",
    ]
