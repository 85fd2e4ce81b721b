"""Issue 19: under a German interface every message of the bad-input cases is German.

The same cases as test_bad_input.py, validated with --lang de: the file, line, column, key path
and rule code stay, the level word and the message are German. A message body equal to the
English one is a message nobody translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_bad_input import CASES, run, write
from tests.cli.test_yaml_mistakes import CASES as MISTAKES

# FILE:LINE:COL: level: KEY.PATH: message [CODE]  (location and key path are optional)
_LINE = re.compile(r"^(?:\S+?:\d+(?::\d+)?: )?(?P<level>\w+): (?:(?P<path>[^\s:]+): )?"
                   r"(?P<body>.*?)(?: \[[A-Z0-9-]+\])?$")


def body(line: str) -> str:
    match = _LINE.match(line)
    return match.group("body") if match else line


def lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes,
          language: str) -> list[str]:
    write(tmp_path, text)
    _, _, stderr = run(tmp_path, monkeypatch, "--lang", language, "validate",
                       "cooperation.yaml")
    return stderr.splitlines()


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_bad_input_message_is_german(case: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    english = lines(tmp_path, monkeypatch, CASES[case][0], "en")
    german = lines(tmp_path, monkeypatch, CASES[case][0], "de")
    assert len(german) == len(english)
    for de, en in zip(german, english, strict=True):
        assert body(de) != body(en), de
        assert de.split(": ")[1:2] != ["error"], de  # the level word is German too
    assert german[-1].split(" in ")[0] != english[-1].split(" in ")[0]


def test_mistakes_in_yaml_are_explained_in_german(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    untranslated = []
    for name, case in MISTAKES.items():
        text = case[0]
        english = lines(tmp_path, monkeypatch, text, "en")
        german = lines(tmp_path, monkeypatch, text, "de")
        untranslated += [f"{name}: {de}" for de, en in zip(german, english, strict=False)
                         if body(de) == body(en)]
    assert untranslated == []


def test_explain_speaks_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reasons of the shipped modules are translated too (tools/i18n.py module_reasons)."""
    sample = Path(__file__).resolve().parents[2] / "samples" / "imbiss-cafe" / "cooperation.yaml"
    code, stdout, _ = run(tmp_path, monkeypatch, "--lang", "de", "explain", str(sample))
    assert code == 0
    assert "Grund: immer: jede Vereinbarung nennt ihren Hintergrund" in stdout
    assert "every agreement" not in stdout and "because:" not in stdout
