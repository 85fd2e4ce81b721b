"""``coopdocs init``: the guided questionnaire that writes a first ``cooperation.yaml``.

The questions follow the Kreislauf des Vertrauens, steps 1 to 4 (needs, partners, structures,
business relationship), with the question catalogue of the KIW guide. The parts are kept apart
so that each can be tested without a terminal:

- ``answers``: one question as data and the parsing of one answer (dates, numbers, ids), with
  the message that says what to type instead;
- ``catalogue``: every question as data (text, kind, bounds, default, hint, choices);
- ``interview``: a generator that yields one question at a time and decides the next from the
  answers so far (legal form → register, competitors → market shares);
- ``mapping``: the answers → the cooperation (plain data, as ``cooperation.yaml`` holds it);
- ``writer``: the cooperation → commented YAML text;
- ``session``: the two ways to answer (a conversation through callables the CLI supplies, or an
  answers file) and the files to write.
"""
