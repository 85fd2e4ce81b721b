"""Write the generated reference tables into README.md (between the marker comments).

Run: .venv/bin/python tools/gen_docs.py   (tests/unit/test_reference.py checks it was run)
"""

from __future__ import annotations

from pathlib import Path

from tools.reference import (
    format_reference,
    modules_reference,
    recommendations_reference,
    rules_reference,
)

README = Path(__file__).resolve().parent.parent / "README.md"


def generated_readme(text: str) -> str:
    """``text`` with the format and rules sections replaced by freshly generated tables."""
    tables = (("format", format_reference()), ("evaluation", format_reference("evaluation")),
              ("network", format_reference("network")),
              ("rules", rules_reference()), ("modules", modules_reference()),
              ("recommendations", recommendations_reference()))
    for name, table in tables:
        begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->"
        head, rest = text.split(begin, 1)
        text = head + begin + table + end + rest.split(end, 1)[1]
    return text


def main() -> None:
    README.write_text(generated_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(README)


if __name__ == "__main__":
    main()
