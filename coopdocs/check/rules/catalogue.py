"""Rules of the research catalogue that are not input rules, and how each is enforced instead.

Rules about coopdocs' own clause text (never exclude liability for intent, § 314 BGB kept, …)
are tests over the generated agreement of every sample (``tests/integration/test_own_text.py``,
each test marked with its code); rules about amendments apply when a Nachtrag is built; a few
cannot be decided from the input and say why. The README's rule table lists these next to the
registry, so every rule of the catalogue has one line that says how it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopdocs.check.findings import Level


@dataclass(frozen=True)
class Covered:
    """A rule kept by other means than an input rule."""

    code: str
    level: Level
    checks: str
    source: str
    how: str  # "text" | "amendment" | "undecidable"
    note: str = ""


E, W, INFO = Level.ERROR, Level.WARNING, Level.INFO

COVERED: tuple[Covered, ...] = (
    Covered("R-HAFT-1", E, "No clause excludes or limits liability for the party's own intent.",
            "§ 276 Abs. 3 BGB", "text"),
    Covered("R-HAFT-2", E, "No exclusion or limitation for injury to life, body or health.",
            "§ 309 Nr. 7 a, § 307 BGB", "text"),
    Covered("R-HAFT-3", E, "No exclusion or limitation for gross negligence; a cap never reaches "
            "it.", "§ 309 Nr. 7 b, § 307 BGB", "text"),
    Covered("R-HAFT-4", W, "Cardinal duties: liability limited at most to the foreseeable, "
            "contract-typical damage.", "BGH case law", "text"),
    Covered("R-HAFT-5", W, "Carve-outs always present: ProdHaftG, guarantees, fraudulent "
            "concealment.", "§ 14 ProdHaftG, § 444 BGB", "text"),
    Covered("R-HAFT-6", E, "Data clauses never exclude liability for intent or gross negligence.",
            "Art. 13 Data Act", "text"),
    Covered("R-GEH-4", E, "No ban on decompiling for interoperability (§ 69e UrhG stays).",
            "§ 69e, § 69g Abs. 2 UrhG", "text"),
    Covered("R-GOV-3", E, "Every decision category (ordinary, amendments, admission, exclusion, "
            "budget, evaluation) has a body and a majority.", "research A.8", "text"),
    Covered("R-GOV-5", W, "A procedure for contribution default: reminder, grace period, "
            "consequences.", "research A.6", "text"),
    Covered("R-LZ-2", E, "Termination for cause (§ 314 BGB) is never excluded.", "§ 314 BGB",
            "text"),
    Covered("R-LZ-4", INFO, "Continuation after expiry is regulated.", "research A.18", "text"),
    Covered("R-NET-3", W, "Exclusion: grounds, warning, cure period, decision without the partner "
            "concerned.", "research A.19", "text"),
    Covered("R-STREIT-1", E, "Escalation stages have deadlines with a defined start event.",
            "research A.21", "text"),
    Covered("R-STREIT-2", W, "Interim relief by the state courts stays available.",
            "research A.21", "text"),
    Covered("R-FORM-1", W, "Textform for notices and the priority of individual agreements, no "
            "double written-form clause.", "§ 305b BGB", "text"),
    Covered("R-FORM-3", E, "The agreement is amended only by a numbered Nachtrag of the partners.",
            "research A.23, C", "text"),
    Covered("R-SALV-1", W, "Severability as preservation plus a duty to replace, never automatic "
            "validity; § 306 BGB kept.", "BGH KZR 10/01", "text"),
    Covered("R-KART-1", E, "The blacklist of competitively sensitive information is part of the "
            "competition-law §.", "§ 1 GWB, Art. 101 TFEU", "text"),
    Covered("R-KART-5", W, "Each partner stays free in its prices; no exclusivity or non-compete "
            "beyond what is ancillary.", "§ 1 GWB", "text"),
    Covered("R-KART-6", INFO, "Meetings of competitors: agenda, minutes, antitrust reminder.",
            "research A.17", "text"),
    Covered("R-REF-1", E, "Every § and Anlage reference resolves; numbering is contiguous.",
            "drafting hygiene", "text",
            "references to modules that are out fail the build (ClauseError)"),
    Covered("R-FIN-4", E, "After accession or withdrawal, shares are re-normalised to 100 %.",
            "arithmetic", "amendment",
            "R-FIN-1/R-FIN-2/R-GOV-6 run on the cooperation as amended by each Nachtrag"),
    Covered("R-EVAL-2", INFO, "Evaluation measures that change the agreement become Nachtrag "
            "candidates.", "research C, D", "amendment",
            "coopdocs addendum turns every measure with a change into Nachtrag commands; "
            "measures without one stay in the report"),
    Covered("R-IT-4", W, "Data-sharing terms drafted by the stronger party get a Data Act "
            "fairness check.", "Art. 13 Data Act", "undecidable",
            "who drafted the terms is not in the input; the README asks for legal review"),
    Covered("R-KART-7", E, "Hardcore restrictions (price fixing, market sharing) block the "
            "agreement.", "§ 81c GWB", "undecidable",
            "free text cannot be judged reliably; the competition-law § forbids such agreements "
            "(R-KART-1) and the annex demands review above the safe harbours (R-KART-4)"),
)
