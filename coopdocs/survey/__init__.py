"""The evaluation survey: every partner answers its share of a round in the browser.

Step 5 of the Kreislauf des Vertrauens is done by all partners together. Instead of collecting
ratings by e-mail and typing them into ``evaluation-N.yaml``, the network manager opens a round
and sends each partner contact its personal link; the survey collects the answers and writes
the round file the rest of coopdocs reads.

The flow: ``open`` freezes the round (the cooperation as amended by the earlier rounds, number,
period, closing date, language) and issues one link per partner and one for the coordinator →
partners ``fill`` their page (saved as a draft, submitted, changed until the round closes) →
the coordinator closes the round → ``export`` writes ``evaluation-N.yaml`` with a comment on
every value saying who gave it; the steering committee adds the measures.

``questions`` (what each partner is asked), ``answers`` (a posted form → answers and messages,
checked by the evaluation's own schema and rules) and ``export`` are pure; ``store`` keeps
rounds and answers in a database (SQLite or PostgreSQL), ``web`` serves the pages.
"""
