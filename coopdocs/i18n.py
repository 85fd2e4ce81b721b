"""The language of coopdocs' own words: messages, help, summaries and explanations.

Documents follow the cooperation's ``language``; everything coopdocs says about them follows the
user: ``--lang de|en``, else the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first
one set), German when it starts with ``de``, else English.

Messages are written in English and marked for translation: ``_("…")`` for a message said now,
``N_("…")`` for one defined at import and translated where it is shown (help texts, rule
descriptions). Parameters are named and filled in after translation, so the German sentence may
order them its own way: ``_("unknown partner id '{id}'").format(id=partner)``. Babel's gettext
tooling extracts the marked messages into ``coopdocs/locale/coopdocs.pot`` and the German catalog
``coopdocs/locale/de/LC_MESSAGES/coopdocs.po`` (``tools/i18n.py``); the build compiles it to
``coopdocs.mo``. A checkout without the compiled file reads the catalog directly (Babel), so the
language never depends on a build step having run.

A server answering people in different languages at once (the survey) says each request's words
in that request's language with ``speaking(language)``: it overrides the process language only
in the current context (a contextvars context: one request's task or thread), so two requests
never see each other's language.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("de", "en")
DOMAIN = "coopdocs"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# (language, translations) of the current context, where it speaks another language
_context: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar(
    "coopdocs_language", default=None)


def language_from(environ: Mapping[str, str]) -> str:
    """``de`` when the first locale variable that is set starts with ``de``, else ``en``."""
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


def set_language(language: str | None = None) -> str:
    """Use ``language`` (de or en; None: from the environment) for what coopdocs says."""
    global _current, _language  # noqa: PLW0603 - one interface language per process
    chosen = language or language_from(os.environ)
    _language = chosen if chosen in LANGUAGES else "en"
    _current = _translations(_language)
    return _language


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """Speak ``language`` (de or en, else en) in the current context until the block ends."""
    chosen = language if language in LANGUAGES else "en"
    token = _context.set((chosen, _translations(chosen)))
    try:
        yield chosen
    finally:
        _context.reset(token)


def language() -> str:
    """The language coopdocs speaks now."""
    override = _context.get()
    return override[0] if override else _language


def _now() -> gettext.NullTranslations:
    override = _context.get()
    return override[1] if override else _current


def _(message: str) -> str:
    """``message`` in the current language."""
    return _now().gettext(message)


def translated(text: str) -> str:
    """``text``, a message extracted by other means than a marker, in the current language.

    For the help texts of the commands, which click keeps as written in docstrings and
    ``help=`` and tools/i18n.py collects from the commands themselves.
    """
    return _now().gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the current language."""
    return _now().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is shown, not here (it is returned as is)."""
    return message


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, catalog = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.is_file() and (not catalog.is_file()
                               or compiled.stat().st_mtime >= catalog.stat().st_mtime):
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog)))


def compile_catalog(path: Path) -> bytes:
    """The .mo bytes of the catalog at ``path`` (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only without a compiled file
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()
