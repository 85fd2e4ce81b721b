"""The questions of ``coopdocs init`` as data: text, kind, bounds, defaults, hints, choices.

``QUESTIONS`` is keyed by a question's key path without list indices
(``partners.address.city``); the interview (``interview.py``) fills in the place (the path with
indices, the partner's name, the partners to choose from). Texts and hints are English messages
marked with N_ and translated where shown; the step of each question is the step of the
Kreislauf des Vertrauens it belongs to.
"""

from __future__ import annotations

from typing import Any

from coopdocs.i18n import N_
from coopdocs.questionnaire.answers import Choice, Kind, Question

NEEDS, PARTNERS, STRUCTURES, RELATIONSHIP = 1, 2, 3, 4
STEPS = {
    NEEDS: N_("Step 1 of 4 – Needs: what the cooperation is for"),
    PARTNERS: N_("Step 2 of 4 – Partners: who takes part"),
    STRUCTURES: N_("Step 3 of 4 – Structures: what the partners do together and how they "
                   "decide"),
    RELATIONSHIP: N_("Step 4 of 4 – Business relationship: goals, term and evaluation"),
}

ACTIVITY_TYPES = (
    Choice("joint_purchasing", N_("joint purchasing")),
    Choice("joint_sales", N_("joint sales: referrals, a joint offer or joint bids")),
    Choice("shared_resources", N_("shared premises, equipment, vehicles or staff")),
    Choice("supply", N_("one partner supplies another")),
    Choice("joint_development", N_("joint development of products or services")),
    Choice("joint_marketing", N_("joint marketing: a joint brand, customer card or advertising")),
    Choice("shared_platform", N_("a shared IT platform: online shop, till or booking system")),
)
_MAJORITIES = (
    Choice("simple", N_("simple majority")),
    Choice("two_thirds", N_("two-thirds majority")),
    Choice("unanimous", N_("unanimous")),
)

# Who signs for a partner, by how its legal form is represented, in the document's language.
FUNCTIONS = {
    "de": {"sole_trader": "Inhaber", "gbr": "Gesellschafter", "company": "Geschäftsführer",
           "gmbh_co_kg": "Geschäftsführer der Komplementärin", "board": "Vorstand"},
    "en": {"sole_trader": "Owner", "gbr": "Partner", "company": "Managing Director",
           "gmbh_co_kg": "Managing Director of the general partner",
           "board": "Member of the Management Board"},
}
BOARD_FORMS = ("AG", "eG", "e.V.", "SE", "KGaA")


def _q(text: str, kind: Kind, step: int, **fields: Any) -> Question:
    return Question((), text, kind, step, **fields)


QUESTIONS: dict[str, Question] = {
    # --- step 1: needs ------------------------------------------------------------------------
    "language": _q(N_("Language of the agreement and the other documents"), Kind.CHOICE, NEEDS,
                   choices=(Choice("de", N_("German")), Choice("en", N_("English")))),
    "title": _q(N_("Short name of the cooperation"), Kind.TEXT, NEEDS, high=200,
                hint=N_("It names the agreement, e.g. Kundenkarte Altstadt.")),
    "id": _q(N_("Short id of the cooperation (for file names)"), Kind.ID, NEEDS),
    "background": _q(
        N_("Starting point: who are the customers, and what do they miss today?"), Kind.TEXT,
        NEEDS, required=False, high=5000,
        hint=N_("Goes into the preamble: the customer segments, the value you create for them, "
                "the offers that exist already. Empty: leave it out.")),
    "purpose": _q(
        N_("Subject and aim: what do the partners want to achieve together?"), Kind.TEXT, NEEDS,
        high=5000,
        hint=N_("The value proposition: how the cooperation makes the customers' life easier, "
                "e.g. one customer card that collects points in all four shops.")),
    "excluded": _q(N_("What does the cooperation expressly not cover? (separate with ;)"),
                   Kind.TEXTS, NEEDS, required=False, high=500, empty=N_("empty: nothing")),
    "kind": _q(N_("Position in the value chain"), Kind.CHOICE, NEEDS, required=False, choices=(
        Choice("horizontal", N_("horizontal: the partners work on the same stage")),
        Choice("vertical", N_("vertical: one stage follows the other")),
        Choice("lateral", N_("lateral: different trades, a new offer for the customers")))),
    # --- step 2: partners ---------------------------------------------------------------------
    "partners": _q(N_("How many partners take part?"), Kind.COUNT, PARTNERS, low=2, high=20,
                   default=2),
    "partners.name": _q(N_("Partner {number}: full legal name, as in the register"), Kind.TEXT,
                        PARTNERS, high=300),
    "partners.legal_form": _q(
        N_("Legal form of {name}"), Kind.TEXT, PARTNERS, high=60,
        hint=N_("e.g. Einzelunternehmen, e.K., GbR, OHG, KG, GmbH, UG (haftungsbeschränkt), "
                "GmbH & Co. KG, AG, eG")),
    "partners.id": _q(N_("Short id of {name} (used in this file)"), Kind.ID, PARTNERS),
    "partners.merchant": _q(
        N_("Is {name} a merchant (Kaufmann under the HGB)?"), Kind.BOOLEAN, PARTNERS,
        default=False,
        hint=N_("A commercial business that needs a merchant's set-up is one, and is entered in "
                "the commercial register; small traders and freelancers usually are not.")),
    "partners.register": _q(
        N_("Register court and number of {name}"), Kind.TEXT, PARTNERS, required=False,
        high=200, hint=N_("e.g. Amtsgericht Charlottenburg, HRB 123456 B")),
    "partners.general_partner": _q(
        N_("General partner (Komplementärin) of {name}, with its legal form"), Kind.TEXT,
        PARTNERS, required=False, high=200,
        hint=N_("e.g. Muster Verwaltungs GmbH; its managing directors sign for {name}.")),
    "partners.representative.name": _q(N_("Who signs for {name}? Full name"), Kind.TEXT,
                                       PARTNERS, required=False, high=200),
    "partners.representative.function": _q(N_("Function of {person}"), Kind.TEXT, PARTNERS,
                                           high=300),
    "partners.address.country": _q(N_("Country of {name} (ISO code)"), Kind.TEXT, PARTNERS,
                                   default="DE", high=2),
    "partners.address.street": _q(N_("Street and number of {name}"), Kind.TEXT, PARTNERS,
                                  high=200),
    "partners.address.postal_code": _q(N_("Postal code"), Kind.POSTAL_CODE, PARTNERS),
    "partners.address.city": _q(N_("City"), Kind.TEXT, PARTNERS, high=100),
    "partners.contact.name": _q(N_("Contact person of {name} for the cooperation"), Kind.TEXT,
                                PARTNERS, required=False, high=200),
    "partners.contact.email": _q(N_("E-mail address of {person}"), Kind.EMAIL, PARTNERS,
                                 required=False),
    "partners.tasks": _q(
        N_("Tasks of {name} in the cooperation (separate with ;)"), Kind.TEXTS, PARTNERS,
        required=False, high=500,
        hint=N_("Who takes on which tasks? e.g. Kartenausgabe an der Kasse; Pflege der "
                "Kundendatenbank")),
    "partners.competitor_of": _q(
        N_("Which of these partners compete with {name}? (ids, separated by commas)"), Kind.IDS,
        PARTNERS, required=False, empty=N_("empty: none"),
        hint=N_("Competitors offer the same goods or services in the same market, now or "
                "potentially.")),
    "coordinator": _q(N_("Which partner coordinates the cooperation?"), Kind.CHOICE, PARTNERS,
                      required=False),
    "market_share_percent": _q(
        N_("Combined market share of the competing partners, in percent"), Kind.NUMBER,
        PARTNERS, required=False, low=0, high=100,
        hint=N_("In the relevant market; the competition-law assessment starts from it. Empty: "
                "determine it later.")),
    # --- step 3: structures -------------------------------------------------------------------
    "activities": _q(
        N_("How many activities do the partners carry out together?"), Kind.COUNT, STRUCTURES,
        low=0, high=10, default=1,
        hint=N_("An activity is what the partners actually do together, e.g. joint marketing "
                "with a customer card; each becomes a § of the agreement.")),
    "activities.type": _q(N_("Activity {number}: what do the partners do together?"),
                          Kind.CHOICE, STRUCTURES, choices=ACTIVITY_TYPES),
    "activities.description": _q(N_("Describe the activity in one sentence"), Kind.TEXT,
                                 STRUCTURES, required=False, high=2000),
    "activities.partners": _q(N_("Which partners take part? (ids, separated by commas)"),
                              Kind.IDS, STRUCTURES, low=2),
    "activities.lead": _q(N_("Which partner runs it?"), Kind.CHOICE, STRUCTURES),
    "activities.categories": _q(N_("What do the partners buy together? (separate with ;)"),
                                Kind.TEXTS, STRUCTURES, required=False, high=200),
    "activities.model": _q(N_("Who contracts with the suppliers?"), Kind.CHOICE, STRUCTURES,
                           default="framework_direct", choices=(
        Choice("framework_direct", N_("each partner orders under a framework the lead "
                                      "negotiates")),
        Choice("agent", N_("the lead buys in the partners' names")),
        Choice("commission", N_("the lead buys in its own name for the partners' account")),
        Choice("own_account", N_("the lead buys and resells")))),
    "activities.competition.market_shares.purchasing_percent": _q(
        N_("Joint share of the purchasing market, in percent"), Kind.NUMBER, STRUCTURES,
        required=False, low=0, high=100,
        hint=N_("{names} compete: the competition-law assessment needs the market shares. "
                "Empty: determine them later.")),
    "activities.competition.market_shares.selling_percent": _q(
        N_("Joint share of the selling market, in percent"), Kind.NUMBER, STRUCTURES,
        required=False, low=0, high=100),
    "activities.competition.market_share_percent": _q(
        N_("Joint market share of the participants, in percent"), Kind.NUMBER, STRUCTURES,
        required=False, low=0, high=100,
        hint=N_("{names} compete: the competition-law assessment needs the market share. "
                "Empty: determine it later.")),
    "activities.mode": _q(N_("How do the partners sell together?"), Kind.CHOICE, STRUCTURES,
                          default="referral", choices=(
        Choice("referral", N_("they refer customers to each other for a commission")),
        Choice("joint_catalogue", N_("a joint offer; each partner contracts itself")),
        Choice("bidding_consortium", N_("joint bids as a consortium (ARGE)")),
        Choice("lead_contractor", N_("one partner contracts, the others subcontract")))),
    "activities.commission.rate_percent": _q(
        N_("Commission for a referred customer, in percent of the net revenue"), Kind.NUMBER,
        STRUCTURES, low=0, high=100),
    "activities.necessity.case_group": _q(
        N_("Why can none of the competing partners make the offer alone?"), Kind.CHOICE,
        STRUCTURES, choices=(
            Choice("not_capable_alone", N_("none of them is capable of it alone")),
            Choice("capacity_bound", N_("none of them has the capacity alone")),
            Choice("commercially_reasonable", N_("alone it would not be commercially "
                                                 "reasonable")))),
    "activities.necessity.rationale": _q(N_("The facts behind it, in a sentence"), Kind.TEXT,
                                         STRUCTURES, high=2000),
    "activities.resources.name": _q(N_("What is shared? Name it, e.g. Gastraum Hauptstraße 3"),
                                    Kind.TEXT, STRUCTURES, high=200),
    "activities.resources.kind": _q(N_("What kind of resource is it?"), Kind.CHOICE,
                                    STRUCTURES, choices=(
        Choice("premises", N_("premises")), Choice("equipment", N_("equipment")),
        Choice("vehicle", N_("vehicle")), Choice("personnel", N_("staff")),
        Choice("storage", N_("storage space")))),
    "activities.resources.holder": _q(N_("Which partner owns, rents or employs it?"),
                                      Kind.CHOICE, STRUCTURES),
    "activities.resources.legal_basis": _q(N_("On what basis does it hold it?"), Kind.CHOICE,
                                           STRUCTURES, default="ownership", choices=(
        Choice("ownership", N_("ownership")), Choice("lease", N_("lease")),
        Choice("employment", N_("employment")))),
    "activities.resources.landlord_consent": _q(
        N_("Has the landlord consented to the use by the other partners?"), Kind.CHOICE,
        STRUCTURES, default="pending", choices=(
            Choice("granted", N_("yes, granted")), Choice("pending", N_("asked, not yet")),
            Choice("refused", N_("refused")), Choice("not_needed", N_("not needed")))),
    "activities.house_rights": _q(
        N_("Which partner holds the house rights (Hausrecht) in the shared premises?"),
        Kind.CHOICE, STRUCTURES),
    "activities.safety_duties": _q(
        N_("Which partner keeps the shared premises safe (floors, light, winter service)?"),
        Kind.CHOICE, STRUCTURES),
    "activities.supplier": _q(N_("Which partner supplies?"), Kind.CHOICE, STRUCTURES),
    "activities.buyer": _q(N_("Which partner receives the goods?"), Kind.CHOICE, STRUCTURES),
    "activities.goods": _q(N_("What is supplied?"), Kind.TEXT, STRUCTURES, high=500),
    "activities.results_ownership": _q(N_("Who owns the results?"), Kind.CHOICE, STRUCTURES,
                                       default="creator", choices=(
        Choice("creator", N_("the partner that creates them")),
        Choice("joint_if_inseparable", N_("the partners jointly, where shares cannot be told "
                                          "apart")),
        Choice("assigned_to_lead", N_("the partner that runs the development")))),
    "activities.brand.name": _q(N_("Name of the joint brand or customer card"), Kind.TEXT,
                                STRUCTURES, required=False, high=200,
                                empty=N_("empty: no joint brand")),
    "activities.brand.owner": _q(
        N_("Which partner holds the brand and licenses it to the others?"), Kind.CHOICE,
        STRUCTURES, hint=N_("Never the cooperation itself: a brand of its own would make it a "
                            "partnership with joint liability.")),
    "activities.operator": _q(N_("Which partner runs the platform?"), Kind.CHOICE, STRUCTURES),
    "activities.components": _q(
        N_("What does the platform consist of? (separate with ;)"), Kind.TEXTS, STRUCTURES,
        required=False, high=200),
    "governance.steering_committee.members_per_partner": _q(
        N_("Representatives of each partner in the steering committee"), Kind.INTEGER,
        STRUCTURES, low=1, high=5, default=1),
    "governance.steering_committee.meetings_per_year": _q(
        N_("Ordinary meetings of the steering committee per year"), Kind.INTEGER, STRUCTURES,
        low=1, high=52, default=4),
    "governance.steering_committee.chair": _q(N_("Who chairs the steering committee?"),
                                              Kind.CHOICE, STRUCTURES, default="rotating"),
    "governance.decisions.majority": _q(N_("Majority for ordinary decisions"), Kind.CHOICE,
                                        STRUCTURES, default="simple", choices=_MAJORITIES),
    "governance.decisions.amendments": _q(N_("Majority to amend the agreement"), Kind.CHOICE,
                                          STRUCTURES, default="unanimous", choices=_MAJORITIES),
    # --- step 4: business relationship --------------------------------------------------------
    "goals": _q(N_("How many measurable goals do the partners set?"), Kind.COUNT, RELATIONSHIP,
                low=1, high=20, default=1,
                hint=N_("Each goal gets a key figure (KPI) with a target and a tolerance band; "
                        "the evaluation measures it.")),
    "goals.description": _q(N_("Goal {number}: what is to be reached?"), Kind.TEXT,
                            RELATIONSHIP, high=1000),
    "goals.deadline": _q(N_("By when?"), Kind.DATE, RELATIONSHIP),
    "goals.owner": _q(N_("Which partner is responsible for it?"), Kind.CHOICE, RELATIONSHIP,
                      required=False, empty=N_("empty: all together")),
    "goals.kpi.name": _q(N_("Which key figure (KPI) measures it? Its name"), Kind.TEXT,
                         RELATIONSHIP, high=200, hint=N_("e.g. Karteninhaber")),
    "goals.kpi.unit": _q(N_("Unit of {kpi}, e.g. Personen or %"), Kind.TEXT, RELATIONSHIP,
                         required=False, high=60),
    "goals.kpi.target": _q(N_("Target value of {kpi}"), Kind.NUMBER, RELATIONSHIP,
                           low=-1e12, high=1e12),
    "goals.kpi.better": _q(N_("Are higher or lower values of {kpi} better?"), Kind.CHOICE,
                           RELATIONSHIP, default="higher", choices=(
        Choice("higher", N_("higher")), Choice("lower", N_("lower")))),
    "goals.kpi.tolerance": _q(
        N_("Tolerance band of {kpi}: the lowest and the highest acceptable value"), Kind.BAND,
        RELATIONSHIP,
        hint=N_("Outside the band the partners look for the cause and agree on measures.")),
    "date": _q(N_("Date of the agreement (planned signing)"), Kind.DATE, RELATIONSHIP),
    "term.start": _q(N_("Start of the cooperation"), Kind.DATE, RELATIONSHIP),
    "term.end": _q(N_("End of a fixed term"), Kind.DATE, RELATIONSHIP, required=False,
                   empty=N_("empty: none, it runs until terminated")),
    "term.minimum_months": _q(N_("Minimum term in months before ordinary notice (0: none)"),
                              Kind.INTEGER, RELATIONSHIP, low=0, high=240, default=0),
    "term.notice_months": _q(N_("Notice period in months"), Kind.INTEGER, RELATIONSHIP, low=1,
                             high=60, default=3),
    "term.notice_to": _q(N_("Notice takes effect at"), Kind.CHOICE, RELATIONSHIP,
                         default="quarter_end", choices=(
        Choice("month_end", N_("the end of a month")),
        Choice("quarter_end", N_("the end of a calendar quarter")),
        Choice("year_end", N_("the end of a calendar year")))),
    "evaluation.interval_months": _q(N_("Months between evaluations"), Kind.INTEGER,
                                     RELATIONSHIP, low=1, high=36, default=12),
    "evaluation.first_due": _q(N_("Date of the first evaluation"), Kind.DATE, RELATIONSHIP),
}
