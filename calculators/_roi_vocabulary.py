"""The ROI case's vocabulary: its categories and choices, every field's label, unit, help,
default and limits, and how a field and a value are said in the reader's words. One place: the
engine's checks and messages (:mod:`calculators._roi_input`), the page's form (the build renders it
from :func:`form_vocabulary`), the page script, the reports and the CSV read it.

Adding a benefit category is one entry in ``BENEFIT_CATEGORIES``, its drivers in ``FIELDS``, and
the schema (CONTRIBUTING.md says how).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from typing import NotRequired, TypedDict

from ._errors import message

# The case's categories and choices, each with the words the form and the reports show. What a
# benefit category multiplies is its ``drivers`` (their product is its value a year); adding a
# category is one entry here, its drivers in FIELDS, and the schema (CONTRIBUTING.md says how).
COST_CATEGORY_LABELS = {
    "build": "Build",
    "run_inference": "Run: inference",
    "run_platform": "Run: platform",
    "people": "People",
    "change_management": "Change management",
    "governance": "Governance",
}
COST_CATEGORIES = tuple(COST_CATEGORY_LABELS)
# The ids of these words in rubrics/strings.yaml (a page in another language shows its own).
COST_CATEGORY_LABEL_IDS = {
    "build": "roi_field.cost_category.build",
    "run_inference": "roi_field.cost_category.run_inference",
    "run_platform": "roi_field.cost_category.run_platform",
    "people": "roi_field.cost_category.people",
    "change_management": "roi_field.cost_category.change_management",
    "governance": "roi_field.cost_category.governance",
}


class BenefitCategory(TypedDict):
    label: str
    label_id: str  # the label's id in rubrics/strings.yaml
    drivers: tuple[str, ...]  # keys of FIELDS, multiplied into the line's value


BENEFIT_CATEGORIES: dict[str, BenefitCategory] = {
    "revenue": {
        "label": "Revenue",
        "label_id": "roi_field.benefit_category.revenue",
        "drivers": ("volume", "conversion_uplift", "deal_size", "margin"),
    },
    "cost": {
        "label": "Cost",
        "label_id": "roi_field.benefit_category.cost",
        "drivers": ("volume", "reduction", "unit_cost"),
    },
    "productivity": {
        "label": "Productivity",
        "label_id": "roi_field.benefit_category.productivity",
        "drivers": ("hours_saved", "loaded_rate", "redeployed"),
    },
    "risk": {
        "label": "Risk",
        "label_id": "roi_field.benefit_category.risk",
        "drivers": ("incidents_avoided", "expected_loss"),
    },
}
BENEFIT_DRIVERS = {name: c["drivers"] for name, c in BENEFIT_CATEGORIES.items()}
TIMING_LABELS = {"recurring": "Recurring", "one_time": "One-time"}
CURVE_LABELS = {"linear": "linear", "s_curve": "s curve"}
DISTRIBUTION_LABELS = {"triangular": "Triangular", "pert": "PERT"}
TIMING_LABEL_IDS = {
    "recurring": "roi_field.timing.recurring",
    "one_time": "roi_field.timing.one_time",
}
CURVE_LABEL_IDS = {"linear": "roi_field.curve.linear", "s_curve": "roi_field.curve.s_curve"}
DISTRIBUTION_LABEL_IDS = {
    "triangular": "roi_field.distribution.triangular",
    "pert": "roi_field.distribution.pert",
}
# The drivers a range may be put on besides the lines' own: the case's (users only when a cost
# is per active user). Every cost's amount and every benefit's drivers may take one too. A
# relative range's low, most likely and high are changes from the base value, in RELATIVE_UNIT.
CASE_RANGED = ("adoption.target", "users")
COST_RANGED = ("amount",)
RELATIVE_UNIT = "percent"
CURVES = tuple(CURVE_LABELS)
EXPORT_FORMAT = "ai-scale-up-playbook/roi-case"  # the ROI page's export
MAX_AMOUNT = 1e12  # no single driver of one use case is larger; bigger is a typo
MAX_HORIZON = 10
MAX_LINES = 50
MAX_RUNS = 100_000
MAX_YEAR_SPAN = 10.0
_ID = re.compile(
    r"^[a-z][a-z0-9_]*$"
)  # a line's id (the page checks its ids with the same pattern)
DEFAULT_SENSITIVITY = 0.2


# -- the words for every field ------------------------------------------------------------------
#
# One vocabulary for the engine's messages and the page's form (the build renders the form's
# labels and units from it): a field's label, and its unit. "percent" fields are fractions in a
# case file (0.1) and percentages on the page (10): ``scale`` is how the page shows them.


class UnitWords(TypedDict):
    """How the page shows a unit: a case value times ``scale``, then ``suffix``."""

    scale: int
    suffix: str


class FieldWords(TypedDict):
    label: str
    label_id: str  # the ids of the words in rubrics/strings.yaml: a page in another language
    unit: str  # a key of UNITS
    per: NotRequired[str]  # the form's words after the unit ("per deal", "a year")
    per_id: NotRequired[str]
    help: NotRequired[str]  # the form's help line, where it is the same wherever the field is
    help_id: NotRequired[str]
    default: NotRequired[object]  # the value a case that leaves the field out has
    # a percent field whose ordinary values are under 1 % (a conversion uplift of 0.3 points):
    # the engine does not ask whether such a value was a fraction typed as a percentage
    small: NotRequired[bool]
    # how the page shows the field's values (its unit's UnitWords, in the page's JSON only)
    scale: NotRequired[int]
    suffix: NotRequired[str]


class FieldVocabulary(TypedDict):
    """The whole vocabulary as plain JSON: what the build writes into the ROI page for its script."""

    fields: dict[str, FieldWords]
    units: dict[str, UnitWords]
    items: dict[str, str]  # a list's key -> the words for one of its entries ("Cost line")
    cost_categories: dict[str, str]
    benefit_categories: dict[str, BenefitCategory]
    timings: dict[str, str]
    curves: dict[str, str]
    distributions: dict[str, str]
    # the case's drivers a range may take -> the cost flag that makes it a driver (or None)
    case_ranged: dict[str, str | None]
    cost_ranged: tuple[str, ...]  # a cost line's fields a range may take
    line_driver_label: str  # "{line}: {field}"
    relative_range: UnitWords  # how a relative range's low, most likely and high are shown
    decimal: str  # the decimal separator the form writes numbers with (no grouping)
    group: str  # the thousands separator of a line's figures (the summary of a closed line)
    id_pattern: str
    export_format: str


class FormVocabulary(TypedDict):
    page: FieldVocabulary
    fields: dict[str, FieldWords]
    units: dict[str, UnitWords]
    label: Callable[[str], str]
    unit: Callable[[str], str]
    per: Callable[[str], str]
    help: Callable[[str], str]
    default: Callable[[str], object]
    scale: Callable[[str], int]
    shown: Callable[..., str]  # (value, unit="") -> the text an input shows
    figure: Callable[..., str]  # (value, unit="") -> the same, grouped: a closed line's figure
    relative_unit: str  # the unit of a relative range's low, most likely and high
    choices: Callable[[str], list[tuple[str, str]]]  # "cost_categories" -> (id, words) pairs
    formula: Callable[[str], str]  # a benefit category's product, in words
    in_sentence: Callable[[str], str]  # a choice's words inside a sentence (lower case in English)
    drivers: Callable[[dict], list[tuple[str, str]]]  # a valid case's rangeable drivers


UNITS: dict[str, UnitWords] = {
    "percent": {"scale": 100, "suffix": "%"},
    "money": {"scale": 1, "suffix": ""},
    "years": {"scale": 1, "suffix": ""},
    "count": {"scale": 1, "suffix": ""},
    "": {"scale": 1, "suffix": ""},
}

FIELDS: dict[str, FieldWords] = {
    "name": {
        "label": "Case name",
        "label_id": "roi_field.label.name",
        "unit": "",
        "default": "",
        "help": "Shown on the report and in exports.",
        "help_id": "roi_field.help.name",
    },
    "currency": {
        "label": "Currency",
        "label_id": "roi_field.label.currency",
        "unit": "",
        "default": "",
        "help": "A label only, e.g. USD or EUR: nothing is converted.",
        "help_id": "roi_field.help.currency",
    },
    "discount_rate": {
        "label": "Discount rate",
        "label_id": "roi_field.label.discount_rate",
        "unit": "percent",
        "help": "Yearly rate that future cash flows are discounted at, in percent: 10 = 10 %. Above -100 % and at most 100 %.",
        "help_id": "roi_field.help.discount_rate",
    },
    "horizon_years": {
        "label": "Horizon",
        "label_id": "roi_field.label.horizon_years",
        "unit": "years",
        "per": "years",
        "per_id": "roi_field.per.horizon_years",
        "help": "Whole years the case covers after the start, 1 to 10. Three years is the TEI habit.",
        "help_id": "roi_field.help.horizon_years",
    },
    "initial_period": {
        "label": "Initial period",
        "label_id": "roi_field.label.initial_period",
        "unit": "",
        "default": True,
        "help": "Year 0: an undiscounted “Initial” column before year 1 for up-front costs.",
        "help_id": "roi_field.help.initial_period",
    },
    "users": {
        "label": "Eligible users",
        "label_id": "roi_field.label.users",
        "unit": "count",
        "per": "people",
        "per_id": "roi_field.per.users",
        "default": 0,
        "help": "People who could use the tool; per-user costs scale with the adopted share of them.",
        "help_id": "roi_field.help.users",
    },
    "sensitivity_range": {
        "label": "Sensitivity step",
        "label_id": "roi_field.label.sensitivity_range",
        "unit": "percent",
        "default": DEFAULT_SENSITIVITY,
        "help": "How far each driver moves, down and up, in the tornado chart, in percent: 20 = ±20 %.",
        "help_id": "roi_field.help.sensitivity_range",
    },
    "adoption": {"label": "Adoption", "label_id": "roi_field.label.adoption", "unit": ""},
    "adoption.curve": {
        "label": "Ramp shape",
        "label_id": "roi_field.label.adoption_curve",
        "unit": "",
        "help": "linear: steady climb; s curve: slow start, fast middle, slow finish.",
        "help_id": "roi_field.help.adoption_curve",
    },
    "adoption.target": {
        "label": "Target adoption",
        "label_id": "roi_field.label.adoption_target",
        "unit": "percent",
        "help": "Share of eligible users who end up using it, in percent: 80 = 80 %.",
        "help_id": "roi_field.help.adoption_target",
    },
    "adoption.by_year": {
        "label": "Years to reach the target",
        "label_id": "roi_field.label.adoption_by_year",
        "unit": "years",
        "per": "years",
        "per_id": "roi_field.per.adoption_by_year",
        "help": "0 means at once; 1.5 means half-way through year 2.",
        "help_id": "roi_field.help.adoption_by_year",
    },
    "costs": {"label": "Costs", "label_id": "roi_field.label.costs", "unit": ""},
    "benefits": {"label": "Benefits", "label_id": "roi_field.label.benefits", "unit": ""},
    "flexibility": {"label": "Flexibility", "label_id": "roi_field.label.flexibility", "unit": ""},
    "uncertainty": {"label": "Uncertainty", "label_id": "roi_field.label.uncertainty", "unit": ""},
    "id": {"label": "Id", "label_id": "roi_field.label.id", "unit": ""},
    "label": {"label": "Label", "label_id": "roi_field.label.label", "unit": "", "default": ""},
    "category": {"label": "Category", "label_id": "roi_field.label.category", "unit": ""},
    "amount": {"label": "Amount", "label_id": "roi_field.label.amount", "unit": "money"},
    "timing": {
        "label": "Timing",
        "label_id": "roi_field.label.timing",
        "unit": "",
        "help": "Once in one year, or every year from a start year.",
        "help_id": "roi_field.help.timing",
    },
    "year": {
        "label": "Year",
        "label_id": "roi_field.label.year",
        "unit": "years",
        "help": "When it is paid: 0 is the initial period.",
        "help_id": "roi_field.help.year",
    },
    "start_year": {
        "label": "Start year",
        "label_id": "roi_field.label.start_year",
        "unit": "years",
        "default": 1,
    },
    "growth": {
        "label": "Growth",
        "label_id": "roi_field.label.growth",
        "unit": "percent",
        "per": "a year",
        "per_id": "roi_field.per.growth",
        "default": 0,
        "help": "Yearly change after the start year: 5 = +5 % a year.",
        "help_id": "roi_field.help.growth",
    },
    "per_user": {
        "label": "Per active user",
        "label_id": "roi_field.label.per_user",
        "unit": "",
        "default": False,
        "help": "Ticked: the amount is per active user, so it follows adoption (not in year 0).",
        "help_id": "roi_field.help.per_user",
    },
    "risk_adjustment": {
        "label": "Risk adjustment",
        "label_id": "roi_field.label.risk_adjustment",
        "unit": "percent",
        "default": 0,
    },
    "scales_with_adoption": {
        "label": "Grows with adoption",
        "label_id": "roi_field.label.scales_with_adoption",
        "unit": "",
        "default": True,
        "help": "Unticked: the full benefit from the start year, whoever uses the tool.",
        "help_id": "roi_field.help.scales_with_adoption",
    },
    "volume": {
        "label": "Volume",
        "label_id": "roi_field.label.volume",
        "unit": "count",
        "per": "a year",
        "per_id": "roi_field.per.volume",
        "help": "Units a year at full adoption (contacts, transactions, cases).",
        "help_id": "roi_field.help.volume",
    },
    "conversion_uplift": {
        "label": "Conversion uplift",
        "label_id": "roi_field.label.conversion_uplift",
        "unit": "percent",
        "help": "Extra share of the volume that converts, in percent: 0.3 = 0.3 %. Measure it with an A/B comparison (panel below).",
        "help_id": "roi_field.help.conversion_uplift",
        "small": True,
    },
    "deal_size": {
        "label": "Deal size",
        "label_id": "roi_field.label.deal_size",
        "unit": "money",
        "per": "per deal",
        "per_id": "roi_field.per.deal_size",
        "help": "Average value of one converted deal.",
        "help_id": "roi_field.help.deal_size",
    },
    "margin": {
        "label": "Margin",
        "label_id": "roi_field.label.margin",
        "unit": "percent",
        "help": "Share of a deal's value that is profit, in percent: 40 = 40 %.",
        "help_id": "roi_field.help.margin",
    },
    "reduction": {
        "label": "Reduction",
        "label_id": "roi_field.label.reduction",
        "unit": "percent",
        "help": "Share of the unit cost saved (cycle time or error rate), in percent: 15 = 15 %.",
        "help_id": "roi_field.help.reduction",
    },
    "unit_cost": {
        "label": "Unit cost",
        "label_id": "roi_field.label.unit_cost",
        "unit": "money",
        "per": "per unit",
        "per_id": "roi_field.per.unit_cost",
        "help": "Cost of handling one unit today.",
        "help_id": "roi_field.help.unit_cost",
    },
    "hours_saved": {
        "label": "Hours saved",
        "label_id": "roi_field.label.hours_saved",
        "unit": "count",
        "per": "hours a year",
        "per_id": "roi_field.per.hours_saved",
        "help": "Hours saved a year at full adoption: capacity, not yet value.",
        "help_id": "roi_field.help.hours_saved",
    },
    "loaded_rate": {
        "label": "Loaded rate",
        "label_id": "roi_field.label.loaded_rate",
        "unit": "money",
        "per": "per hour",
        "per_id": "roi_field.per.loaded_rate",
        "help": "Fully loaded cost of one hour of the people whose time is saved.",
        "help_id": "roi_field.help.loaded_rate",
    },
    "redeployed": {
        "label": "Share redeployed",
        "label_id": "roi_field.label.redeployed",
        "unit": "percent",
        "help": "Only this share of the saved hours counts: the hours redirected to work whose value is captured. 50 = 50 %; 0 means no return.",
        "help_id": "roi_field.help.redeployed",
    },
    "incidents_avoided": {
        "label": "Incidents avoided",
        "label_id": "roi_field.label.incidents_avoided",
        "unit": "count",
        "per": "a year",
        "per_id": "roi_field.per.incidents_avoided",
        "help": "Incidents a year the use case prevents, at full adoption.",
        "help_id": "roi_field.help.incidents_avoided",
    },
    "expected_loss": {
        "label": "Expected loss",
        "label_id": "roi_field.label.expected_loss",
        "unit": "money",
        "per": "per incident",
        "per_id": "roi_field.per.expected_loss",
        "help": "Average loss of one incident (fines, remediation, write-offs).",
        "help_id": "roi_field.help.expected_loss",
    },
    "value": {
        "label": "Value",
        "label_id": "roi_field.label.value",
        "unit": "money",
        "help": "Present value of the option if taken.",
        "help_id": "roi_field.help.value",
    },
    "probability": {
        "label": "Probability",
        "label_id": "roi_field.label.probability",
        "unit": "percent",
        "default": 1,
        "help": "Chance the option is taken, 0 to 100 %.",
        "help_id": "roi_field.help.probability",
    },
    "driver": {"label": "Driver", "label_id": "roi_field.label.driver", "unit": ""},
    "distribution": {
        "label": "Distribution",
        "label_id": "roi_field.label.distribution",
        "unit": "",
        "help": "The shape of the range for the simulation.",
        "help_id": "roi_field.help.distribution",
    },
    "relative": {
        "label": "Relative to the base value",
        "label_id": "roi_field.label.relative",
        "unit": "",
        "default": False,
        "help": "Ticked: low, most likely and high are % changes from the line's value (-30 and 50), so the range moves with it.",
        "help_id": "roi_field.help.relative",
    },
    "low": {
        "label": "Low",
        "label_id": "roi_field.label.low",
        "unit": "",
        "help": "Lowest plausible value.",
        "help_id": "roi_field.help.low",
    },
    "mode": {
        "label": "Most likely",
        "label_id": "roi_field.label.mode",
        "unit": "",
        "help": "Blank: the line's own value (recommended). A value here is used instead, and the results say so.",
        "help_id": "roi_field.help.mode",
    },
    "high": {
        "label": "High",
        "label_id": "roi_field.label.high",
        "unit": "",
        "help": "Highest plausible value.",
        "help_id": "roi_field.help.high",
    },
    "baseline": {"label": "Baseline cohort", "label_id": "roi_field.label.baseline", "unit": ""},
    "treatment": {
        "label": "AI-assisted cohort",
        "label_id": "roi_field.label.treatment",
        "unit": "",
    },
    "successes": {"label": "Successes", "label_id": "roi_field.label.successes", "unit": "count"},
    "n": {"label": "Cohort size", "label_id": "roi_field.label.n", "unit": "count"},
    "mean": {"label": "Mean", "label_id": "roi_field.label.mean", "unit": ""},
    "sd": {"label": "Standard deviation", "label_id": "roi_field.label.sd", "unit": ""},
    "confidence": {
        "label": "Confidence level",
        "label_id": "roi_field.label.confidence",
        "unit": "",
    },
    "runs": {
        "label": "Runs",
        "label_id": "roi_field.label.runs",
        "unit": "count",
        "help": "How many cases to draw, 0 to 100,000 (0 turns the simulation off). It runs in the background and never freezes the page.",
        "help_id": "roi_field.help.runs",
    },
    "seed": {
        "label": "Seed",
        "label_id": "roi_field.label.seed",
        "unit": "",
        "help": "Same seed, same draws: fill it in to repeat a run exactly. Blank: a new seed each run (the one used is shown).",
        "help_id": "roi_field.help.seed",
    },
}
# Shares (fractions of 1) among the benefit drivers: at most 1, where others may reach MAX_AMOUNT.
SHARE_FIELDS = frozenset(
    key for keys in BENEFIT_DRIVERS.values() for key in keys if FIELDS[key]["unit"] == "percent"
)
_LIST_ITEMS = {
    "costs": "Cost line",
    "benefits": "Benefit line",
    "flexibility": "Flexibility option",
    "uncertainty": "Range",
}
_LIST_ITEM_IDS = {
    "costs": "roi_field.item.costs",
    "benefits": "roi_field.item.benefits",
    "flexibility": "roi_field.item.flexibility",
    "uncertainty": "roi_field.item.uncertainty",
}


# A driver of a line is named by the line and the field: "Build and integration: Amount".
LINE_DRIVER_LABEL = "{line}: {field}"
LINE_DRIVER_LABEL_ID = "roi_field.line_driver"


def period_label(year: int) -> str:
    """The words for a year of the case: 0 is the TEI "Initial" period.

    >>> period_label(0), period_label(2)
    ('Initial', 'Year 2')
    """
    return "Initial" if year == 0 else f"Year {year}"


def period_said(year: int) -> dict:
    """The words for a year of the case as a message, for a page in another language.

    >>> period_said(0)["message_id"], period_said(2)["values"]
    ('roi.period.initial', {'year': 2})
    """
    if year == 0:
        return message("roi.period.initial", period_label(year))
    return message("roi.period.year", period_label(year), year=year)


def _words(key: str) -> str:
    return FIELDS[key]["label"]


def _default(key: str):
    return FIELDS[key]["default"]


def field_vocabulary(t: Callable[[str], str] | None = None) -> FieldVocabulary:
    """The vocabulary of every case field and choice, as plain JSON (the page's script reads it).

    With ``t`` (a page's translator: a string id -> its words in the page's language) every
    label, unit word and help is ``t`` of its id, and the decimal separator the form writes is
    ``t("roi_form.decimal_separator")``; without, the English here. Each field carries the
    ``scale`` and ``suffix`` its values are shown with (its unit's), so that the page's script
    asks no unit what it means.

    >>> v = field_vocabulary()
    >>> v["fields"]["discount_rate"]["label"], v["units"]["percent"]["scale"]
    ('Discount rate', 100)
    >>> v["fields"]["margin"]["scale"], v["fields"]["amount"]["scale"], v["relative_range"]
    (100, 1, {'scale': 100, 'suffix': '%'})
    >>> v["benefit_categories"]["risk"]["label"], v["benefit_categories"]["risk"]["drivers"]
    ('Risk', ('incidents_avoided', 'expected_loss'))
    >>> field_vocabulary({"roi_field.label.discount_rate": "Diskontsatz"}.get)["fields"][
    ...     "discount_rate"]["label"]
    'Diskontsatz'
    """

    def say(text: str, message_id: str) -> str:
        return (t(message_id) or text) if t else text

    def words(labels: dict[str, str], ids: dict[str, str]) -> dict[str, str]:
        return {key: say(text, ids[key]) for key, text in labels.items()}

    fields: dict[str, FieldWords] = {}
    for key, entry in FIELDS.items():
        field = dict(entry)
        for name in ("label", "per", "help"):
            if f"{name}_id" in entry:
                field[name] = say(entry[name], entry[f"{name}_id"])  # type: ignore[literal-required]
        fields[key] = {**field, **UNITS[entry["unit"]]}  # type: ignore[typeddict-item]
    benefits: dict[str, BenefitCategory] = {
        key: {**c, "label": say(c["label"], c["label_id"])} for key, c in BENEFIT_CATEGORIES.items()
    }
    return {
        "fields": fields,
        "units": UNITS,
        "items": words(_LIST_ITEMS, _LIST_ITEM_IDS),
        "cost_categories": words(COST_CATEGORY_LABELS, COST_CATEGORY_LABEL_IDS),
        "benefit_categories": benefits,
        "timings": words(TIMING_LABELS, TIMING_LABEL_IDS),
        "curves": words(CURVE_LABELS, CURVE_LABEL_IDS),
        "distributions": words(DISTRIBUTION_LABELS, DISTRIBUTION_LABEL_IDS),
        "case_ranged": {"adoption.target": None, "users": "per_user"},
        "cost_ranged": COST_RANGED,
        "line_driver_label": say(LINE_DRIVER_LABEL, LINE_DRIVER_LABEL_ID),
        "relative_range": UNITS[RELATIVE_UNIT],
        "decimal": (t("roi_form.decimal_separator") if t else None) or ".",
        "group": (t("roi_form.group_separator") if t else None) or ",",
        "id_pattern": _ID.pattern,
        "export_format": EXPORT_FORMAT,
    }


def form_vocabulary(t: Callable[[str], str] | None = None, language: str = "en") -> FormVocabulary:
    """What the page's form template needs of the vocabulary: labels, units, help, defaults,
    choices, and ``shown(value, unit)``, the text an input shows for a case value (a percentage
    for a "percent" field), without grouping and with the vocabulary's decimal separator (its
    ``decimal``, the page language's ``roi_form.decimal_separator``): the page's script writes
    inputs with the same separator, read from the same vocabulary (roi-case.js shownText).
    With ``t``, the words in its page's ``language`` (as :func:`field_vocabulary`).

    >>> v = form_vocabulary()
    >>> v["label"]("discount_rate"), v["scale"]("discount_rate"), v["shown"](0.15, "percent")
    ('Discount rate', 100, '15')
    >>> form_vocabulary({"roi_form.decimal_separator": ","}.get, "de")["shown"](0.003, "percent")
    '0,3'
    >>> de = form_vocabulary({"roi_form.decimal_separator": ",", "roi_form.group_separator": "."}.get, "de")
    >>> v["figure"](250000), de["figure"](1234.5), de["shown"](1234.5)
    ('250,000', '1.234,5', '1234,5')
    >>> v["formula"]("cost"), v["choices"]("timings")[0]
    ('cost: volume × reduction × unit cost', ('recurring', 'Recurring'))
    """

    def unit(key: str) -> str:
        return FIELDS[key]["unit"]

    page = field_vocabulary(t)
    fields = page["fields"]

    def shown(value: object, unit_name: str = "") -> str:
        if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
            return "" if value is None else str(value)
        text = show_number(value, unit_name).replace(",", "").removesuffix("%")
        return text.replace(".", page["decimal"])

    def figure(value: object, unit_name: str = "") -> str:
        # What a closed line shows, to be read rather than edited: "250,000", not "250000".
        if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
            return shown(value, unit_name)
        text = show_number(value, unit_name).removesuffix("%")
        return text.translate({ord(","): page["group"], ord("."): page["decimal"]})

    def label(key: str) -> str:
        return fields[key]["label"]

    def in_sentence(text: str) -> str:  # English writes these in lower case inside a sentence
        return text.lower() if language == "en" else text

    def choices(name: str) -> list[tuple[str, str]]:
        pairs = page[name]  # type: ignore[literal-required]
        return [
            (key, words if isinstance(words, str) else words["label"])
            for key, words in pairs.items()
        ]

    def drivers(case: dict) -> list[tuple[str, str]]:
        """rangeable_drivers, labelled in this vocabulary's words (as roi-lines.js labels them)."""
        lines = {
            f"{kind}.{item.get('id')}": item.get("label") or item.get("id")
            for kind in ("costs", "benefits")
            for item in case.get(kind, [])
            if isinstance(item, dict)
        }
        from ._roi_input import rangeable_drivers  # it reads the case: the vocabulary comes first

        labelled = []
        for name, words in rangeable_drivers(case):
            line, _, key = name.rpartition(".")
            if name in fields:
                words = label(name)
            elif line in lines and key in fields:
                words = page["line_driver_label"].format(line=lines[line], field=label(key))
            labelled.append((name, words))
        return labelled

    def formula(category: str) -> str:
        words = " × ".join(in_sentence(label(key)) for key in BENEFIT_DRIVERS[category])
        return f"{in_sentence(page['benefit_categories'][category]['label'])}: {words}"

    return {
        "page": page,
        "fields": fields,
        "units": UNITS,
        "label": label,
        "unit": unit,
        "per": lambda key: fields[key].get("per", ""),
        "help": lambda key: fields[key].get("help", ""),
        "default": _default,
        "scale": lambda key: fields[key]["scale"],
        "shown": shown,
        "figure": figure,
        "relative_unit": RELATIVE_UNIT,
        "choices": choices,
        "formula": formula,
        "in_sentence": in_sentence,
        "drivers": drivers,
    }


def show_number(value: float | numbers.Real, unit: str = "") -> str:
    """A number as a reader writes it: no exponent, thousands separated, percent where the
    field is a percentage.

    >>> show_number(1e12), show_number(0.003), show_number(-5000), show_number(1.5, "percent")
    ('1,000,000,000,000', '0.003', '-5,000', '150%')
    """
    spec = UNITS.get(unit, UNITS[""])
    number = float(value) * spec["scale"]
    if number.is_integer() and abs(number) < 1e16:
        text = f"{int(number):,}"
    else:
        text = f"{round(number, 10):,.10f}".rstrip("0").rstrip(".")
        if text in ("0", "-0"):
            text = f"{number:.3g}"
    return text + spec["suffix"]


# -- the words of a message, for a page in another language ------------------------------------
#
# Each message says the field by its label and the values as they were given: in English here
# (``message``), and as the id of its words in rubrics/strings.yaml with its values (``message_id``,
# ``values``), where a label, an item's name or a percentage is itself such a message, so that a
# page shows the words its own form shows next to the field (tools.js said()).

Said = dict  # {"message", "message_id", "values"} (calculators._errors.message)


def field_said(key: str) -> Said:
    """The label of the field ``key`` of FIELDS, as a message a page says in its words.

    >>> field_said("discount_rate")["message"], field_said("discount_rate")["message_id"]
    ('Discount rate', 'roi_field.label.discount_rate')
    """
    entry = FIELDS[key]
    return message(entry["label_id"], entry["label"])


def said_value(value: float, unit: str = "") -> Said | float:
    """A number a message names: a percentage (unit "percent") as a message of its own (the
    page writes "20 %" its way), any other number as it is (the page formats it).

    >>> said_value(0.2, "percent")
    {'message': '20%', 'message_id': 'roi.value.percent', 'values': {'value': 20.0}}
    >>> said_value(5000.0, "money")
    5000.0
    """
    if unit == "percent":
        return message("roi.value.percent", show_number(value, unit), value=round(value * 100, 10))
    return float(value)


def _got(value: object, unit: str) -> Said | float | str:
    """What a field held, for "(got ...)": a number as :func:`said_value` names it, anything
    else as Python writes it; :func:`_text_of` of it is its English.

    >>> _text_of(_got(0.2, "percent")), _text_of(_got(5000, "money")), _text_of(_got("x", ""))
    ('20%', '5,000', "'x'")
    >>> _text_of(_got(10**400, ""))
    'a number too large to use'
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            if math.isfinite(float(value)):
                return said_value(float(value), unit)
        except OverflowError:
            return message("roi.value.too_large", "a number too large to use")
    return repr(value)


def _text_of(words: Said | float | str) -> str:
    """The English of a label, a value or a message (a number as :func:`show_number` writes it)."""
    if isinstance(words, dict):
        return words["message"]
    return show_number(words) if isinstance(words, float) else words


def _field_of(where: Said | None, name: Said | str) -> Said | str:
    """A field of an object ("Cost line 1 (Build), Amount"), or the field alone."""
    if where is None:
        return name
    return message(
        "roi.error.field_of", f"{where['message']}, {_text_of(name)}", where=where, field=name
    )
