"""Issue 17 item 15 for the competition-law self-assessment (annex_competition).

The annex printed a literal [●] (``{% set ph = "[●]" %}``) for missing competition facts of an
activity: market delimitation and shares of a joint purchasing, the share of a platform or a
supply relationship, the clean team at a competing platform operator. Each is now a recorded
blank with the activity's own input key (its index in ``activities``, whatever the order of the
§§), so the draft's "Offene Punkte und Annahmen" says where to set it.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import RIVALS, WriteYaml
from tests.support.agreement import read_agreement

# The platform comes first in the input but last among the §§ (and in the annex).
BARE = RIVALS + """\
activities:
  - {id: kasse, type: shared_platform, partners: [alpha, velo], operator: alpha}
  - {id: einkauf, type: joint_purchasing, partners: [alpha, velo], competition: {}}
  - {id: teile, type: supply, supplier: velo, buyer: alpha, partners: [alpha, velo]}
"""

FILLED = RIVALS + """\
activities:
  - id: kasse
    type: shared_platform
    partners: [alpha, velo]
    operator: alpha
    competition:
      market_share_percent: 9
      info_firewall: {clean_team: true, members: ["Carla Clean (IT-Betrieb)"]}
  - id: einkauf
    type: joint_purchasing
    partners: [alpha, velo]
    competition:
      market_shares:
        purchasing_percent: 6
        selling_percent: 4
        market: "Einkauf von Fahrradteilen in Sachsen"
      info_firewall: {clean_team: true, members: ["Bernd Clean (Einkauf)"]}
"""


def competition_annex(path: Path) -> tuple[str, set[str]]:
    """The text of the self-assessment and the keys of the blanks the draft lists at it."""
    agreement = read_agreement(path)
    label = next(re.match(r"(Anlage \d+|Annex \d+)", line).group(1)  # type: ignore[union-attr]
                 for line in agreement.lines
                 if re.match(r"(Anlage|Annex) \d+: (Kartellrechtliche|Competition law)", line))
    keys = {blank.key for blank in agreement.blanks if blank.where == label}
    return agreement.annex("Kartellrechtliche Selbsteinschätzung") or agreement.annex(
        "Competition law self-assessment"), keys


def test_missing_competition_facts_are_blanks_with_the_activitys_key(
        write_yaml: WriteYaml) -> None:
    text, keys = competition_annex(write_yaml(BARE))
    assert keys >= {"activities[1].competition.market_shares.market",
                    "activities[1].competition.market_shares.purchasing_percent",
                    "activities[1].competition.market_shares.selling_percent",
                    "activities[2].competition.market_share_percent",
                    "activities[0].competition.market_share_percent",
                    "activities[0].competition.info_firewall.members"}, keys
    assert "Die Abgrenzung der relevanten Märkte haben die Partner noch nicht festgehalten: [●]." \
        in text
    assert "auf dem Einkaufsmarkt auf [●] % und auf dem Verkaufsmarkt auf [●] %." in text
    assert "sie sind noch zu benennen: [●]." in text


def test_given_competition_facts_leave_no_blank(write_yaml: WriteYaml) -> None:
    text, keys = competition_annex(write_yaml(FILLED))
    assert "[●]" not in text
    assert not keys
    assert "„Einkauf von Fahrradteilen in Sachsen“" in text
    assert "sie sind noch zu benennen" not in text


def test_english_blanks_have_the_same_keys(write_yaml: WriteYaml) -> None:
    text, keys = competition_annex(write_yaml(BARE.replace("format: 1\n",
                                                           "format: 1\nlanguage: en\n")))
    assert "activities[0].competition.info_firewall.members" in keys
    assert "activities[1].competition.market_shares.purchasing_percent" in keys
    assert "they have yet to be named: [●]." in text


def test_a_given_supply_share_is_assessed_against_the_threshold(write_yaml: WriteYaml) -> None:
    """The supply branch used to say "noch nicht festgehalten: [●] %" even with a share given,
    so a supply between competitors could never reach a signing version."""
    def assessment(share: int) -> str:
        text = BARE.replace("buyer: alpha, partners: [alpha, velo]}",
                            "buyer: alpha, partners: [alpha, velo], "
                            f"competition: {{market_share_percent: {share}}}}}")
        annex = read_agreement(write_yaml(text)).annex("Kartellrechtliche Selbsteinschätzung")
        return next(line for line in annex.splitlines() if "Lieferbeziehung" in line
                    and "Verordnung (EU) 2023/1067" in line and "beteiligt" in line)

    low, high = assessment(12), assessment(35)
    assert "auf etwa 12 %" in low and "noch nicht festgehalten" not in low
    assert "innerhalb der Schwelle der Verordnung (EU) 2023/1067" in low
    assert "über der Schwelle der Verordnung (EU) 2023/1067" in high
    assert "[●]" not in low + high
