"""Domain rules: checks across fields that a schema cannot express.

Each rule is registered with its code (R-* from the research catalogue, CD-* for coopdocs' own),
level, what it checks and its source; the README's rule table is generated from the registry.
``integrity`` holds the CD-* rules, ``legal`` and ``protection`` the R-* rules decidable from the
input, ``activities`` the rules of the operating core (R-ACT-*, R-EK-*, R-VK-*, …),
``evaluation`` the CD-EVAL-* rules of an evaluation round, ``standard`` the input rules on the
standard clauses (R-STD-*), and ``catalogue`` the R-* rules
that are enforced elsewhere (by the schema or by tests over the generated text), so the table
lists every rule of the research catalogue.
"""

from coopdocs.check.rules import activities, evaluation, integrity, legal, protection, standard
from coopdocs.check.rules.core import RULES, Catalog, Hit, Rule, RuleInput, rule, run_rules

__all__ = ["RULES", "Catalog", "Hit", "Rule", "RuleInput", "activities", "evaluation", "integrity",
           "legal", "protection", "rule", "run_rules", "standard"]
