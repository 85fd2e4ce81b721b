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
    Covered("R-STD-4b", E, "A contractual penalty needs fault, covers only information marked "
            "confidential or obviously secret, has an overall cap, treats continuing breaches "
            "sensibly, is credited against damages and keeps further claims.",
            "§§ 307, 339, 340 Abs. 2 BGB, § 348 HGB; BGH VII ZR 210/01", "text"),
    Covered("R-STD-5b", W, "Essential duties are defined abstractly; a fixed liability cap "
            "applies only to slight negligence and is stated as covering the typical foreseeable "
            "damage.", "§ 307 BGB; BGH VIII ZR 121/04", "text"),
    Covered("R-STD-1", W, "A force majeure § is always present: a closed definition (external, "
            "unforeseeable, unavoidable with utmost care) with examples and no open catch-all, "
            "notice, mitigation, suspension, termination after a long event, no relief for "
            "payment duties, §§ 275, 313 BGB kept.", "BGH definition; § 307 BGB; ICC model "
            "clause", "text", "the force_majeure module is mandatory"),
    Covered("R-STD-3", W, "No completeness clause (\"Nebenabreden bestehen nicht\"); a "
            "replacement clause names or describes the superseded letters of intent and keeps "
            "the priority of individual agreements.", "BGH XII ZR 92/19; §§ 305b, 309 Nr. 12 BGB",
            "text"),
    Covered("R-GEH-4", E, "No ban on decompiling for interoperability (§ 69e UrhG stays).",
            "§ 69e, § 69g Abs. 2 UrhG", "text"),
    Covered("R-GOV-3", E, "Every decision category (ordinary, amendments, admission, exclusion, "
            "budget, evaluation) has a body and a majority.", "research A.8", "text"),
    Covered("R-GOV-5", W, "A procedure for contribution default: reminder, grace period, "
            "consequences.", "research A.6", "text"),
    Covered("R-LZ-2", E, "Termination for cause (§ 314 BGB) is never excluded.", "§ 314 BGB",
            "text"),
    Covered("R-LZ-4", INFO, "Continuation after expiry is regulated.", "research A.18", "text"),
    Covered("R-STD-6", E, "No termination or exclusion on an insolvency application or opening; "
            "an internal partnership relies once on the statutory ground with continuation.",
            "§§ 103, 119 InsO, BGH IX ZR 169/11; §§ 740a Abs. 1 Nr. 5, 740c BGB", "text"),
    Covered("R-STD-7", E, "With three or more partners a ground in one partner's person leads to "
            "its exclusion by the others (no vote, warning, cure period), not only to the "
            "innocent partner's § 314 termination, which stays as a fallback.",
            "§ 727 BGB (with § 740c Abs. 2), § 314 BGB", "text"),
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
    Covered("R-KART-5b", E, "Joint commercialisation (joint or coordinated offers, joint sales, "
            "revenue pooling) between competitors only for the contract for which they are "
            "needed together, recorded per offer; a profit pool only for permitted joint business "
            "and its participants; the self-assessment covers the pool; no blanket ban "
            "contradicted elsewhere.", "§ 1 GWB, Art. 101 AEUV; BGH KRB 3/83 "
            "(Arbeitsgemeinschaftsgedanke); Horizontal Guidelines 2023 ch. 5", "text"),
    Covered("R-FIN-5", E, "Losses of a pool are borne only out of each partner's proceeds from "
            "the joint business plus an agreed cap; any further loss balancing or Nachschuss, "
            "also for joint costs, needs each affected partner's consent, never a resolution.",
            "§ 710 BGB; § 307 BGB (Bestimmtheit einer Nachschusspflicht)", "text"),
    Covered("R-GBR-4b", W, "A joint name or brand is stated to identify the cooperation only: no "
            "trading name, no contracts under it, no will to take part in legal transactions as "
            "a partnership; the legal-nature § says so instead of denying any common name.",
            "§ 705 Abs. 2 und 3 BGB", "text"),
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
