"""Print the clause text of an agreement as coopdocs would compose it, for writing clause modules.

    python tools/preview.py samples/3dmp/cooperation.yaml [--lang en] [--only MODULE ...]

Unlike ``coopdocs agreement`` it renders in a language even while some modules lack a text in it
(those print as "[no <lang> text]"), and it prints plain text, so a clause author sees the result
of an edit at once. It validates first and stops on errors, like the real build.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from coopdocs.build import prepare, template_file
from coopdocs.check.findings import Level
from coopdocs.check.schema import check as check_schema
from coopdocs.check.validate import Valid, check_cooperation
from coopdocs.clauses.library import Library, catalog, load_library
from coopdocs.compose.agreement import compose_agreement
from coopdocs.model.cooperation import enrich
from coopdocs.model.document import AgreementDocument, Paragraph
from coopdocs.wording import load_terms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cooperation", type=Path)
    parser.add_argument("--lang", choices=["de", "en"])
    parser.add_argument("--only", nargs="*", default=[], help="module ids to print")
    args = parser.parse_args()
    library = load_library()
    checked = _checked(args.cooperation, library, args.lang)
    if checked is None:
        return 1
    prepared = prepare(checked, library)
    coop = prepared.coop
    missing = {c.module.id for c in prepared.choices if coop.language not in c.module.texts}
    stand_in = f"# [no {coop.language} text]\n\n[no {coop.language} text]\n"
    choices = [
        c if c.module.id not in missing else dataclasses.replace(
            c, module=dataclasses.replace(c.module, texts={coop.language: stand_in}))
        for c in prepared.choices
    ]
    terms = load_terms(template_file("terms.yaml", None), coop.language)
    document = compose_agreement(coop, choices, terms)
    print(f"[no {coop.language} text] " + (", ".join(sorted(missing)) or "-"))
    _print(document, args.only)
    return 0


def _checked(path: Path, library: Library, language: str | None) -> Valid | None:
    """The validated file, in ``language``; texts missing in a language do not stop a preview."""
    checked = check_cooperation(path, catalog(library))
    for finding in checked.findings:
        print(finding.format(), file=sys.stderr)
    errors = [f for f in checked.findings if f.level is Level.ERROR and f.code != "CD-LANG-1"]
    if errors or checked.source is None:
        return None
    data = checked.data or enrich(check_schema(checked.source, "cooperation")[1])
    if language:
        data = {**data, "language": language}
    return Valid(checked.path, checked.source, data)


def _print(document: AgreementDocument, only: list[str]) -> None:
    for section in document.sections:
        if not only or section.id in only:
            print(f"\n{section.heading}")
            _paragraphs(section.paragraphs)
    for annex in document.annexes:
        if only and annex.key.split(".")[0] not in only:
            continue
        print(f"\n{annex.label}: {annex.title}")
        _paragraphs(annex.paragraphs)
        for table in annex.tables:
            print(f"  [{table.caption}] " + " | ".join(table.header))
            for row in table.rows:
                print("    " + " | ".join(row))


def _paragraphs(paragraphs: tuple[Paragraph, ...]) -> None:
    for para in paragraphs:
        print(f"  {para.label} {para.text}".rstrip() if para.label else f"  {para.text}")


if __name__ == "__main__":
    sys.exit(main())
