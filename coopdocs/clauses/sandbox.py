"""The Jinja sandbox for templates and clause texts, quick on plain data.

Both render with a plain-data context (dicts, lists, strings, numbers). Jinja's sandbox looks up
``item.name`` as an attribute first and only then as a key, so every lookup in a dict raises and
catches an AttributeError. ``PlainDataSandbox`` looks such names up as keys straight away; names
that are dict attributes (``items``, ``keys``, dunder names) still take the sandbox's own checked
path, so templates see exactly what the stock sandbox gives them.
"""

from __future__ import annotations

from typing import Any

from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

_DICT_ATTRIBUTES = frozenset(dir(dict))


class PlainDataSandbox(ImmutableSandboxedEnvironment):
    """``ImmutableSandboxedEnvironment`` with dict keys looked up without a detour."""

    def getattr(self, obj: Any, attribute: str) -> Any | Undefined:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
