"""Key paths into plain data: the one way to read the value a path names.

A key path is a tuple of dict keys and list positions (``("partners", 0, "name")``), as findings,
blanks and changes carry them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopdocs.errors import KeyPath


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in ``data``; KeyError (or IndexError) when there is none."""
    for part in path:
        if not isinstance(data, (Mapping, list)) or isinstance(data, list) != isinstance(part,
                                                                                          int):
            raise KeyError(part)
        data = data[part]  # type: ignore[index]
    return data


def found_at(data: Any, path: KeyPath) -> bool:
    """Whether ``data`` has a value (even null) at ``path``."""
    try:
        value_at(data, path)
    except (KeyError, IndexError):
        return False
    return True


def get_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in ``data``, None when there is none."""
    try:
        return value_at(data, path)
    except (KeyError, IndexError):
        return None
