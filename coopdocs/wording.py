"""The fixed wording of the document frame per language, read from ``templates/terms.yaml``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.errors import Location, TemplateError
from coopdocs.fmt import Formatter
from coopdocs.i18n import _
from coopdocs.resources import read_wording


@dataclass(frozen=True)
class Terms:
    """Frame wording of one language; ``text`` fills the {placeholders}."""

    language: str
    words: Mapping[str, Any]

    def text(self, key: str, **values: str) -> str:
        template = self.words[key]
        return str(template).format(**values) if values else str(template)

    def table(self, key: str) -> tuple[str, ...]:
        return tuple(self.words["tables"][key])

    def caption(self, key: str) -> str:
        return str(self.words["captions"][key])

    def label(self, group: str, key: str) -> str:
        return str(self.words[group][key])

    def join(self, items: Sequence[str]) -> str:
        return Formatter(self.language).join(items)


def load_terms(path: Path, language: str) -> Terms:
    """Terms of ``language`` from a wording file (terms.yaml, report.yaml, addendum.yaml).

    An unreadable file or a missing language is a located TemplateError.
    """
    data = read_wording(path)
    words = data.get(language) if isinstance(data, dict) else None
    if not isinstance(words, dict):
        raise TemplateError(_("no terms for language '{language}'").format(language=language),
                            Location(path))
    return Terms(language, words)
