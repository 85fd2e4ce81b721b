"""Comparing a text view with its golden file, the same way for every kind of document."""

from __future__ import annotations

import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent
FAILED = GOLDEN / "_failed"


def assert_golden(view: str, name: str, built: Path, *, update: bool) -> None:
    """``view`` equals ``tests/golden/<name>``; with ``update`` it is written first.

    A failing comparison keeps the built document in tests/golden/_failed/ for a person to open.
    """
    golden = GOLDEN / name
    if update:
        golden.write_text(view, encoding="utf-8")
    if not golden.exists() or golden.read_text(encoding="utf-8") != view:
        FAILED.mkdir(exist_ok=True)
        shutil.copy(built, FAILED / built.name)
    assert golden.exists(), f"no golden file; run pytest --update-golden ({golden})"
    assert view == golden.read_text(encoding="utf-8")
