"""Where the shipped data lives: schemas, clause modules and Word templates.

In a source checkout (and an editable install) they are the top-level folders of the repository;
a built wheel carries them inside the package as ``coopdocs/_data/<name>``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``schemas``, ``clauses`` or ``templates`` that ships with coopdocs."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name
