"""Where the shipped data lives: schemas, clause modules and Word templates.

In a source checkout (and an editable install) they are the top-level folders of the repository;
a built wheel carries them inside the package as ``coopdocs/_data/<name>``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (ten times faster); the same results.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``schemas``, ``clauses`` or ``templates`` that ships with coopdocs."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def read_yaml(path: Path) -> Any:
    """The parsed YAML of a wording or rules file, parsed once per version of the file.

    A batch reads the same few files for every document; the cache key includes the file's
    modification time and size, so an edited file is read again. Callers must not change the
    result. Raises OSError and yaml.YAMLError like reading it directly.
    """
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parsed(path: Path, _mtime: int, _size: int) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def read_wording(path: Path) -> Any:
    """A wording file (terms.yaml, report.yaml, addendum.yaml), an own one over the shipped one.

    An own file (``--templates DIR``) needs only the keys it changes: the others keep the shipped
    wording, so a file written for an earlier version of coopdocs still has every text a newer
    document uses. Mappings are merged key by key; lists (such as report.yaml's ``rules``) and
    texts are replaced whole.
    """
    shipped = resource_dir("templates") / path.name
    own = read_yaml(path)
    if not shipped.is_file() or path.resolve() == shipped.resolve():
        return own
    return _over(read_yaml(shipped), own)


def _over(base: Any, own: Any) -> Any:
    """``own`` over ``base``: new mappings, the cached ones stay as they are."""
    if isinstance(base, dict) and isinstance(own, dict):
        return {**base, **{key: _over(base.get(key), value) for key, value in own.items()}}
    return own
