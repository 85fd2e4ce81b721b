"""Write the generated reference tables into README.md (between the marker comments).

Run: .venv/bin/python tools/gen_docs.py   (tests/unit/test_reference.py checks it was run)
"""

from __future__ import annotations

import re
from pathlib import Path

from coopdocs.reference import format_reference, rules_reference

README = Path(__file__).resolve().parent.parent / "README.md"


def generated_readme(text: str) -> str:
    """``text`` with the format and rules sections replaced by freshly generated tables."""
    for name, table in (("format", format_reference()), ("rules", rules_reference())):
        pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    return text


def main() -> None:
    README.write_text(generated_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(README)


if __name__ == "__main__":
    main()
