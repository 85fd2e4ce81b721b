"""Answering the questionnaire: in a conversation, or from an answers file; and what to write.

A conversation gets its input and output as two callables (the CLI passes click's prompt and
echo), so the library itself never reads the terminal or prints. It shows each step's heading,
a question's hint and choices, and asks again with the reason when an answer cannot be taken.
An answers file (``--answers``) answers the same questions by key path; a missing required
answer or a bad one is an error at its key, and an answer that no question asked for is a
warning, so a misspelt key does not pass unnoticed.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from coopdocs.check.findings import Finding, Level, format_path
from coopdocs.check.json_schema import render
from coopdocs.check.sources import Source
from coopdocs.errors import CoopdocsError, KeyPath, Location
from coopdocs.i18n import _, translated
from coopdocs.questionnaire.answers import (
    AnswerError,
    Kind,
    MissingAnswerError,
    Question,
    parse,
    shown,
)
from coopdocs.questionnaire.catalogue import STEPS
from coopdocs.questionnaire.interview import Answers, Interview
from coopdocs.questionnaire.mapping import cooperation
from coopdocs.questionnaire.writer import cooperation_yaml

FILE_NAME = "cooperation.yaml"
SCHEMA_NAME = "cooperation.schema.json"

Ask = Callable[[str], str]  # shows a prompt, returns what was typed
Tell = Callable[[str], None]  # shows a line
Answerer = Callable[[Question], Any]


def drive(steps: Interview, answer: Answerer) -> Answers:
    """Run the interview, each question answered by ``answer``; the answers."""
    try:
        question = next(steps)
        while True:
            question = steps.send(answer(question))
    except StopIteration as done:
        return cast(Answers, done.value)


@dataclass
class _Conversation:
    """A person answering: the step's heading once, each question's hint and choices."""

    ask: Ask
    tell: Tell
    step: int = 0
    started: bool = False

    def answer(self, question: Question) -> Any:
        self._introduce(question)
        while True:
            try:
                return parse(question, self.ask(prompt(question)))
            except AnswerError as exc:
                self.tell("  ! " + exc.message)

    def _introduce(self, question: Question) -> None:
        if not self.started:
            self.started = True
            self.tell(_("coopdocs init asks about the cooperation in four steps. Enter keeps "
                        "the value in brackets; a question you cannot answer yet can often "
                        "stay empty: the draft then marks the gap with [●]. Ctrl-C stops "
                        "without writing anything."))
        if question.step != self.step:
            self.step = question.step
            self.tell("")
            self.tell(translated(STEPS[question.step]))
        if question.help():
            self.tell("  " + question.help())
        for number, choice in enumerate(question.choices, start=1):
            label = translated(choice.label) if choice.translated else choice.label
            self.tell(f"  {number:>2}  {choice.value}" + (f"  – {label}" if label else ""))


def converse(steps: Interview, ask: Ask, tell: Tell) -> Answers:
    """The answers of a person, asked question by question through ``ask`` and ``tell``."""
    return drive(steps, _Conversation(ask, tell).answer)


def prompt(question: Question) -> str:
    """The prompt line: the question, its key in the file, the default or "empty: later"."""
    text = f"{question.title()} ({format_path(question.path)})"
    if question.default is not None:
        return f"{text} [{shown(question, question.default)}]"
    if not question.required:
        empty = translated(question.empty) if question.empty else _("empty: later")
        return f"{text} [{empty}]"
    return text


def from_answers(source: Source, steps: Interview) -> tuple[Answers, list[Finding]]:
    """The answers an answers file gives; warnings for the entries no question asked for.

    Raises a located CoopdocsError for a missing required answer or a bad one.
    """
    if not isinstance(source.data, dict):
        raise CoopdocsError(_("the answers file must map keys to answers, as cooperation.yaml "
                              "does"), Location(source.path, 1, 1))
    asked: list[Question] = []

    def answer(question: Question) -> Any:
        asked.append(question)
        try:
            return parse(question, _lookup(source.data, question))
        except MissingAnswerError as exc:
            raise CoopdocsError(_("{key}: missing answer ({question})").format(
                key=format_path(question.path), question=question.title()),
                source.locate(question.path)) from exc
        except AnswerError as exc:
            raise CoopdocsError(_("{key}: {problem}").format(
                key=format_path(question.path), problem=exc.message),
                source.locate(question.path)) from exc

    answers = drive(steps, answer)
    return answers, _unused(source, asked)


def _lookup(data: Any, question: Question) -> Any:
    """The answer at the question's path (a count: the length of the list there)."""
    value = data
    for part in question.path:
        in_list = isinstance(part, int) and isinstance(value, list) and part < len(value)
        if in_list or (isinstance(part, str) and isinstance(value, dict) and part in value):
            value = value[part]
        else:
            return 0 if question.kind is Kind.COUNT and question.low == 0 else None
    if question.kind is Kind.COUNT and isinstance(value, list):
        return len(value)
    return value


def _unused(source: Source, asked: list[Question]) -> list[Finding]:
    paths = [(q.path, q.kind is Kind.COUNT) for q in asked]
    return [Finding(Level.WARNING, _("no question asks for this answer, so it is not used; "
                                     "check the key and where it stands"),
                    leaf, source.locate(leaf, key=True))
            for leaf in _leaves(source.data, ())
            if not any(leaf[:len(path)] == path and (not count or leaf == path)
                       for path, count in paths)]


def _leaves(data: Any, path: KeyPath) -> Iterator[KeyPath]:
    """The paths of the answers in ``data`` (a list of plain values is one answer)."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list) and any(isinstance(item, dict | list) for item in data):
        for index, item in enumerate(data):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def refuse_overwrite(folder: Path, *, force: bool) -> None:
    """Stop before the first question when the file exists and ``force`` is not given."""
    target = folder / FILE_NAME
    if (target.exists() or target.is_symlink()) and not force:
        raise CoopdocsError(_("{file} exists already; nothing was written").format(
            file=FILE_NAME), Location(target),
            _("use --force to overwrite it, or choose another folder"))


def files(answers: Answers) -> list[tuple[str, bytes]]:
    """The files ``coopdocs init`` writes: cooperation.yaml, and its JSON Schema beside it."""
    text = cooperation_yaml(cooperation(answers), SCHEMA_NAME)
    return [(FILE_NAME, text.encode("utf-8")), (SCHEMA_NAME, render("cooperation"))]


def next_steps(path: Path) -> list[str]:
    """What to do with the new file: the commands to run next and where the open points are."""
    file = shlex.quote(str(path))
    out = shlex.quote(str(path.parent / "out"))
    return [
        _("Next steps:"),
        f"  coopdocs validate {file}",
        "      " + _("checks the file: every error and warning with its line"),
        f"  coopdocs explain {file}",
        "      " + _("lists the clauses of the agreement, in or out, and why"),
        f"  coopdocs agreement {file} -o {out}",
        "      " + _("builds the draft agreement (Word)"),
        _("Open points: the draft marks every detail still missing with [●] and lists it with "
          "its key under \"Offene Punkte und Annahmen\". Fill them in {file}; its comments name "
          "what is open for each partner and activity.").format(file=file),
    ]
