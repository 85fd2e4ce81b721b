"""render.tracked: change markers become w:ins / w:del, run by run."""

from __future__ import annotations

import datetime

import docx
from docx.oxml.ns import qn

from coopdocs.model.document import INS, INS_END
from coopdocs.render.tracked import track_changes


def test_a_run_ending_in_a_closed_insertion_leaves_the_next_run_unmarked() -> None:
    """A label "(c→d)" inserted in its own run: the tab and the Absatz text after it stay as
    they are (before, the state of the run's last piece leaked into the next runs, so
    rejecting all changes in LibreOffice lost the Absatz text)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{INS}d{INS_END}")
    paragraph.add_run(") ")
    paragraph.add_run("„Beginn“ ist der Zeitpunkt.")
    track_changes(document, datetime.date(2027, 4, 20))
    body = document.element.body
    inserted = ["".join(t.text or "" for t in ins.iter(qn("w:t")))
                for ins in body.iter(qn("w:ins"))]
    assert inserted == ["d"]
    assert "".join(t.text or "" for t in body.iter(qn("w:t"))) == "d) „Beginn“ ist der Zeitpunkt."
