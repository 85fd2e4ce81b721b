"""Rules on the standard clauses every frame needs (R-STD-*, research activities.md § 11).

Most of them are kept by the clause text itself and tested over the generated agreement (see
``catalogue``); the ones here are decidable from the input.
"""

from __future__ import annotations

from collections.abc import Iterator

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import Hit, RuleInput, exclusion, options, rule
from coopdocs.i18n import _


@rule("R-STD-2", Level.ERROR, "Partners that export goods listed for the No-Russia clause to "
      "third countries (clauses.compliance.exports_third_countries) keep the compliance module, "
      "which then contains the clause.",
      "Art. 12g VO (EU) 833/2014; Art. 8g VO (EG) 765/2006; research activities § 11")
def no_russia_clause_kept(d: RuleInput) -> Iterator[Hit]:
    if options(d, "compliance").get("exports_third_countries") is not True:
        return
    where = exclusion(d, "compliance")
    if where:
        yield Hit(where,
                  _("the partners export goods listed in Art. 12g Reg. (EU) 833/2014 or Art. 8g "
                    "Reg. (EC) 765/2006 to third countries (clauses.compliance."
                    "exports_third_countries), so the agreement needs the No-Russia clause of "
                    "the compliance module; remove compliance from clauses.exclude"))


@rule("R-STD-8", Level.WARNING, "The maximum duration of the standstill before court or "
      "arbitration (clauses.dispute.standstill_days) leaves room for the escalation stages and the "
      "reply to a mediation proposal.", "issue 17 item 5; research A.21")
def standstill_covers_the_ladder(d: RuleInput) -> Iterator[Hit]:
    dispute = options(d, "dispute")
    stages = d.data.get("governance", {}).get("escalation") or []
    mediation = dispute.get("mediation", True)
    if mediation:  # the dispute § drops a stage the input calls mediation: it has one step
        stages = [s for s in stages if "mediat" not in str(s.get("body", "")).lower()]
    days = sum(int(s["days"]) for s in stages) if stages else 2 * dispute.get("stage_days", 20)
    if mediation:
        days += dispute.get("mediation_reply_days", 14)
    limit = dispute.get("standstill_days", 120)
    if limit < days:
        message = (_("the standstill ends after {limit} days, but the escalation stages and the "
                     "reply to a mediation proposal take {days} days: the last stages would be "
                     "cut short; raise standstill_days to at least {days} or shorten the stages")
                   if mediation else
                   _("the standstill ends after {limit} days, but the escalation stages take "
                     "{days} days: the last stages would be cut short; raise standstill_days to "
                     "at least {days} or shorten the stages"))
        yield Hit(("clauses", "dispute", "standstill_days"),
                  message.format(limit=limit, days=days))


@rule("R-STD-9", Level.INFO, "An escalation stage the input calls mediation is left out when the "
      "dispute § has its own mediation step (one mediation only).",
      "issue 17 item 5")
def one_mediation_only(d: RuleInput) -> Iterator[Hit]:
    if not options(d, "dispute").get("mediation", True):
        return
    for i, stage in enumerate(d.data.get("governance", {}).get("escalation") or []):
        if "mediat" in str(stage.get("body", "")).lower():
            yield Hit(("governance", "escalation", i, "body"),
                      _("the dispute § has one mediation step after the last stage "
                        "(clauses.dispute.mediation), so this stage is left out; remove it, or "
                        "set clauses.dispute.mediation: false to keep it as a stage"))


@rule("R-FIN-6", Level.WARNING, "A loss cap (clauses.profit_sharing.loss_cap) only applies to a "
      "pool in an internal partnership.", "issue 17 item 8; § 710 BGB")
def loss_cap_has_effect(d: RuleInput) -> Iterator[Hit]:
    sharing = options(d, "profit_sharing")
    if sharing.get("loss_cap") is None:
        return
    if sharing.get("model") != "pool" or d.data.get("legal_nature") != "internal_partnership":
        yield Hit(("clauses", "profit_sharing", "loss_cap"),
                  _("a loss cap limits the loss sharing of a pool in an internal partnership "
                    "(model: pool, legal_nature: internal_partnership); here it has no effect: "
                    "remove it or choose that model"))
