"""coopdocs speaks German or English: every message translated, chosen by --lang or the locale."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import hoisted, main
from coopdocs.i18n import language_from
from tests.conftest import ROOT
from tools.i18n import missing

MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def test_every_message_has_a_german_translation() -> None:
    """Fails on a message (coopdocs', click's or a help text) the German catalog lacks."""
    assert missing() == []


def _calls(path: Path) -> list[tuple[int, str]]:
    """Marked calls whose message is not a literal: the extractor cannot see them."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in MARKERS:
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str)
                       for a in node.args[:MARKERS[node.func.id]]]
            if len(literal) != MARKERS[node.func.id] or not all(literal):
                bad.append((node.lineno, node.func.id))
    return bad


def test_marked_messages_are_literals() -> None:
    """``_(f"…")`` or ``_(text)`` would never be translated: parameters go in after."""
    found = {str(p.relative_to(ROOT)): _calls(p) for p in (ROOT / "coopdocs").rglob("*.py")}
    assert {path: calls for path, calls in found.items() if calls} == {}


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "de"), ({"LANG": "C"}, "en"), ({}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_MESSAGES": "de_AT.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
    ({"LC_ALL": "", "LANG": "de"}, "de"),
])
def test_the_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert language_from(environ) == expected


def run(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    environ["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "coopdocs", *args], capture_output=True,
                          text=True, env=environ, check=False, cwd=ROOT)


def test_help_is_german_under_a_german_locale_and_english_under_c() -> None:
    german = run("--help", lang="de_DE.UTF-8").stdout
    assert "Aufruf: python -m coopdocs" in german and "Diese Hilfe anzeigen und beenden." in german
    assert "Nur Fehler und erstellte Dateien ausgeben." in german
    english = run("--help", lang="C").stdout
    assert "Usage: python -m coopdocs" in english
    assert "Print only errors and built paths." in english


def test_lang_overrides_the_locale_and_reaches_command_help() -> None:
    result = CliRunner().invoke(main, ["validate", "--help", "--lang", "de"])
    assert "Kooperations-, Evaluations- und Netzwerkdateien prüfen" in result.output
    assert "Warnungen wie Fehler behandeln." in result.output
    english = CliRunner(env={"LANG": "de_DE.UTF-8"}).invoke(main, ["--lang", "en", "--help"])
    assert "Usage:" in english.output


def test_usage_errors_are_german_too() -> None:
    result = run("validatte", lang="de_DE.UTF-8")
    assert result.returncode == 2
    assert "Fehler: Unbekannter Befehl 'validatte'." in result.stderr
    # the usage line of a usage error reads as in the help, metavars included
    for args, usage in ((["validate"], "Aufruf: coopdocs validate [OPTIONEN] FILES..."),
                        (["survey", "status"], "Aufruf: coopdocs survey status [OPTIONEN]"),
                        (["survey"], "Aufruf: coopdocs survey [OPTIONEN] BEFEHL [ARGUMENTE]")):
        german = CliRunner().invoke(main, ["--lang", "de", *args], prog_name="coopdocs")
        assert usage in german.output, german.output


@pytest.mark.parametrize(("args", "expected"), [
    (["batch", "net.yaml", "-q"], ["-q", "batch", "net.yaml"]),
    (["validate", "a.yaml", "--lang", "de", "-v"], ["--lang", "de", "-v", "validate", "a.yaml"]),
    (["--clauses", "x", "explain", "c.yaml", "--templates=t"],
     ["--clauses", "x", "--templates=t", "explain", "c.yaml"]),
    (["agreement", "c.yaml", "-o", "out", "--", "-q"], ["agreement", "c.yaml", "-o", "out", "--",
                                                       "-q"]),
])
def test_global_options_are_accepted_after_the_command(args: list[str],
                                                       expected: list[str]) -> None:
    assert hoisted(args) == expected


def test_quiet_after_the_command_works(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(ROOT / "samples/3dmp/cooperation.yaml"),
                                       "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("coopdocs, version ")


def test_speaking_overrides_the_language_only_in_its_own_context() -> None:
    import contextvars
    import threading

    from coopdocs.i18n import _, language, set_language, speaking

    set_language("en")
    seen: dict[str, str] = {}

    def german() -> None:
        with speaking("de"):
            seen["de"] = _("error")
            seen["de-lang"] = language()

    thread = threading.Thread(target=contextvars.copy_context().run, args=(german,))
    thread.start()
    thread.join()
    assert seen == {"de": "Fehler", "de-lang": "de"}
    assert (_("error"), language()) == ("error", "en")
    with speaking("xx") as chosen:
        assert chosen == "en"
