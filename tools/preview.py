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
from coopdocs.clauses import load_library
from coopdocs.compose.agreement import compose_agreement
from coopdocs.compose.terms import load_terms
from coopdocs.findings import Level
from coopdocs.validate import check_cooperation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cooperation", type=Path)
    parser.add_argument("--lang", choices=["de", "en"])
    parser.add_argument("--only", nargs="*", default=[], help="module ids to print")
    args = parser.parse_args()
    library = load_library()
    checked = check_cooperation(args.cooperation, library)
    errors = [f for f in checked.findings
              if f.level is Level.ERROR and not (args.lang and f.code == "CD-LANG-1")]
    for finding in checked.findings:
        print(finding.format(), file=sys.stderr)
    if errors or checked.data is None:
        return 1
    if args.lang:
        checked = dataclasses.replace(checked, data={**checked.data, "language": args.lang})
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
    for section in document.sections:
        if args.only and section.id not in args.only:
            continue
        print(f"\n{section.heading}")
        for para in section.paragraphs:
            print(f"  {para.label} {para.text}".rstrip() if para.label else f"  {para.text}")
    for annex in document.annexes:
        if args.only and annex.key.split(".")[0] not in args.only:
            continue
        print(f"\n{annex.label}: {annex.title}")
        for para in annex.paragraphs:
            print(f"  {para.label} {para.text}".rstrip() if para.label else f"  {para.text}")
        for table in annex.tables:
            print(f"  [{table.caption}] " + " | ".join(table.header))
            for row in table.rows:
                print("    " + " | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
