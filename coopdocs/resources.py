"""Where the shipped data lives: schemas, clause modules and Word templates.

In a source checkout (and an editable install) they are the top-level folders of the repository;
a built wheel carries them inside the package as ``coopdocs/_data/<name>``.

Own clause modules (``--clauses DIR``) and own wording (``--templates DIR``) are read through
``read_text`` and ``read_wording``: a file that is not UTF-8, not YAML or not shaped like the
shipped one is a located error saying what to do, never a traceback.
"""

from __future__ import annotations

import codecs
import string
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from coopdocs.errors import CoopdocsError, Location, TemplateError
from coopdocs.i18n import _

# libyaml's parser when PyYAML was built with it (ten times faster); the same results.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``schemas``, ``clauses`` or ``templates`` that ships with coopdocs."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def read_text(path: Path, error: type[CoopdocsError]) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); else a located ``error``.

    ``error`` is the kind of file (ClauseError for a clause module, TemplateError for wording).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(_("cannot read {name}: {reason}").format(name=path.name,
                                                             reason=exc.strerror),
                    Location(path)) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error(_("{name} is UTF-16 text, not UTF-8; save it as UTF-8").format(
            name=path.name), Location(path, 1, 1))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8")) + 1
        raise error(_("{name} is not UTF-8 text (byte 0x{byte}); save it as UTF-8").format(
                        name=path.name, byte=f"{data[exc.start]:02X}"),
                    Location(path, line, column),
                    hint=_("in an editor: 'Save as' with the encoding UTF-8; or "
                           "'iconv -f windows-1252 -t utf-8' for a Windows or Latin-1 file")
                    ) from exc


def parse_yaml(text: str, path: Path, error: type[CoopdocsError]) -> Any:
    """The data of a YAML text read from ``path``; a syntax error is a located ``error``."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise _syntax_error(text, path, error, exc) from exc


def _syntax_error(text: str, path: Path, error: type[CoopdocsError], exc: yaml.YAMLError
                  ) -> CoopdocsError:
    """The located error for a YAML syntax error, in the words of PyYAML's own parser.

    libyaml finds the same errors at the same places, but words them differently; the
    pure-Python parser's messages are the ones users (and the input files' messages) know.
    """
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as pure:
        exc = pure
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return error(_("{name} is not valid YAML: {problem}").format(name=path.name,
                                                                     problem=exc.problem),
                     Location(path, mark.line + 1, mark.column + 1))
    return error(_("{name} is not valid YAML: {problem}").format(name=path.name, problem=exc),
                 Location(path))


def read_yaml(path: Path) -> Any:
    """The parsed YAML of a wording or rules file, parsed once per version of the file.

    A batch reads the same few files for every document; the cache key includes the file's
    modification time and size, so an edited file is read again. Callers must not change the
    result. A file that cannot be read, is not UTF-8 or not YAML is a located TemplateError.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(_("cannot read {name}: {reason}").format(name=path.name,
                                                                     reason=exc.strerror),
                            Location(path)) from exc
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parsed(path: Path, _mtime: int, _size: int) -> Any:
    return parse_yaml(read_text(path, TemplateError), path, TemplateError)


def read_wording(path: Path) -> Any:
    """A wording file (terms.yaml, report.yaml, addendum.yaml), an own one over the shipped one.

    An own file (``--templates DIR``) needs only the keys it changes: the others keep the shipped
    wording, so a file written for an earlier version of coopdocs still has every text a newer
    document uses. Mappings are merged key by key; lists (such as report.yaml's ``rules``) and
    texts are replaced whole. An own value must have the shape of the shipped one (a text for a
    text, a mapping for a mapping) and a text only the {placeholders} the shipped text has.
    """
    shipped = resource_dir("templates") / path.name
    own = read_yaml(path)
    if not shipped.is_file() or path.resolve() == shipped.resolve():
        return own
    base = read_yaml(shipped)
    problem = next(_misfits(base, own, ()), None)
    if problem is not None:
        keys, message = problem
        raise TemplateError(f"{'.'.join(keys)}: {message}" if keys
                            else _("the file: {problem}").format(problem=message),
                            _key_location(path, keys),
                            hint=_("compare it with the shipped {path}").format(path=shipped))
    return _over(base, own)


def _over(base: Any, own: Any) -> Any:
    """``own`` over ``base``: new mappings, the cached ones stay as they are."""
    if isinstance(base, dict) and isinstance(own, dict):
        return {**base, **{key: _over(base.get(key), value) for key, value in own.items()}}
    return own


def _misfits(base: Any, own: Any, keys: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(key path, what is wrong) for every own value that does not fit the shipped one."""
    if base is None:  # a key the shipped file does not have: coopdocs does not read it
        return
    if isinstance(base, dict):
        if not isinstance(own, dict):
            yield keys, _("must be a mapping of keys ({keys}, …)").format(
                keys=", ".join(map(str, list(base)[:3])))
            return
        for key, value in own.items():
            yield from _misfits(base.get(key), value, (*keys, str(key)))
    elif isinstance(base, list):
        if not isinstance(own, list):
            yield keys, _("must be a list")
    elif isinstance(base, str):
        yield from _text_misfits(base, own, keys)


def _text_misfits(base: str, own: Any, keys: tuple[str, ...]
                  ) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(own, (dict, list)):
        yield keys, _("must be a text")
        return
    allowed = _placeholders(base) or set()
    found = _placeholders(str(own))
    if found is None:
        yield keys, _("has a {open} or {close} that is no placeholder; write {open2} or {close2} "
                      "for one").format(open="'{'", close="'}'", open2="'{{'", close2="'}}'")
        return
    unknown = sorted(found - allowed)
    if unknown:
        placeholder = f"{{{unknown[0]}}}"
        if not allowed:
            yield keys, _("has the placeholder {placeholder}, which this text does not know "
                          "(it knows: none)").format(placeholder=placeholder)
            return
        known = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        yield keys, _("has the placeholder {placeholder}, which this text does not know "
                      "(it knows: {known})").format(placeholder=placeholder, known=known)


def _placeholders(text: str) -> set[str] | None:
    """The names of the {placeholders} of a text; None when it is no valid format string."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:
        return None
    return {field.split(".")[0].split("[")[0] for field in fields}


def _key_location(path: Path, keys: tuple[str, ...]) -> Location:
    """Where the key path ``keys`` is written in a YAML file (the file, when it cannot tell)."""
    try:
        node = yaml.compose(read_text(path, TemplateError), Loader=yaml.SafeLoader)
    except (CoopdocsError, yaml.YAMLError):
        return Location(path)
    mark = node.start_mark if node is not None else None
    for key in keys:
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        found = next((pair for pair in pairs if str(pair[0].value) == key), None)
        if found is None:
            return Location(path)
        mark, node = found[0].start_mark, found[1]
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
