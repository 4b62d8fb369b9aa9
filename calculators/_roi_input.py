"""Reading an ROI case: the field vocabulary (labels and units the engine's messages and the
page's form share), the checks of every field, and the validated case the model computes on.

The case format is described in :mod:`calculators._roi`. Bad input raises one ``InputError`` that
lists every bad field at once, each named by its label in the reader's words.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypedDict, TypeVar

from . import _montecarlo
from ._errors import InputError

COST_CATEGORIES = (
    "build",
    "run_inference",
    "run_platform",
    "people",
    "change_management",
    "governance",
)
BENEFIT_DRIVERS = {
    "revenue": ("volume", "conversion_uplift", "deal_size", "margin"),
    "cost": ("volume", "reduction", "unit_cost"),
    "productivity": ("hours_saved", "loaded_rate", "redeployed"),
    "risk": ("incidents_avoided", "expected_loss"),
}
SHARE_FIELDS = frozenset({"conversion_uplift", "margin", "reduction", "redeployed"})
FIELD_LABELS = {
    "amount": "amount",
    "volume": "volume",
    "conversion_uplift": "conversion uplift",
    "deal_size": "deal size",
    "margin": "margin",
    "reduction": "reduction",
    "unit_cost": "unit cost",
    "hours_saved": "hours saved",
    "loaded_rate": "loaded rate",
    "redeployed": "share redeployed",
    "incidents_avoided": "incidents avoided",
    "expected_loss": "expected loss",
}
CURVES = ("linear", "s_curve")
EXPORT_FORMAT = "ai-scale-up-playbook/roi-case"  # the ROI page's export
MAX_AMOUNT = 1e12  # no single driver of one use case is larger; bigger is a typo
MAX_HORIZON = 10
MAX_LINES = 50
MAX_RUNS = 100_000
MAX_YEAR_SPAN = 10.0
DEFAULT_SENSITIVITY = 0.2
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MISSING = object()

_CASE_KEYS = (
    "name",
    "currency",
    "discount_rate",
    "horizon_years",
    "initial_period",
    "users",
    "adoption",
    "costs",
    "benefits",
    "flexibility",
    "uncertainty",
    "sensitivity_range",
)
_LINE_KEYS = ("id", "label", "category", "start_year", "growth", "risk_adjustment")
_COST_KEYS = (*_LINE_KEYS, "amount", "timing", "year", "per_user")
_BENEFIT_KEYS = (*_LINE_KEYS, "scales_with_adoption")


# -- the validated case -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Driver:
    """One number the results can be recomputed for: its name, input path, value and range."""

    name: str
    field: str
    label: str
    value: float | None  # None only while a case with problems is read
    low: float
    high: float
    linear: bool = True  # NPV is linear in it (it multiplies cash-flow lines)
    unit: str = ""  # as in FIELDS: "percent", "money", ...

    @property
    def base(self) -> float:
        """The value of a case that was read: only a case with problems has None, and such a
        case is refused before anything is computed on it."""
        return _known(self.value)


@dataclass(frozen=True)
class _Line:
    kind: str  # "cost" or "benefit"
    id: str
    label: str
    category: str
    drivers: tuple[str, ...]  # the drivers whose product is the line's amount
    first_year: int
    one_time: bool
    growth: float
    risk_adjustment: float
    follows_adoption: bool

    @property
    def sign(self) -> float:
        return -1.0 if self.kind == "cost" else 1.0


@dataclass(frozen=True)
class _Range:
    """A driver's range, in the driver's own values (a relative range is resolved against the
    base value); ``mode`` is the base value unless the case gives its own (``mode_given``)."""

    driver: str
    distribution: str
    low: float
    mode: float
    high: float
    index: int = 0
    label: str = ""
    base: float = 0.0
    unit: str = ""
    relative: bool = False
    mode_given: bool = False


@dataclass(frozen=True)
class _Case:
    name: str
    currency: str
    horizon: int
    initial_period: bool
    curve: str
    sensitivity_range: float
    lines: tuple[_Line, ...]
    drivers: dict[str, _Driver]
    flexibility_value: float
    ranges: tuple[_Range, ...]

    def base_values(self) -> dict[str, float]:
        return {name: d.base for name, d in self.drivers.items()}


_T = TypeVar("_T")


def _known(value: _T | None) -> _T:
    """A value the reading left None only with a problem: once the problems are raised, none is
    None (a None here is a bug in the reader, said as such)."""
    if value is None:
        raise AssertionError("a field of a case without problems was not read")
    return value


# -- reading JSON-like input (the A/B helper's cohorts) ----------------------------------------


class _Reader:
    """One JSON object: refuses unknown keys; every error names the path of the field."""

    def __init__(self, value: object, path: str, known: Iterable[str]) -> None:
        if not isinstance(value, dict):
            raise InputError(
                f"'{path or 'case'}' must be an object (got {value!r})", field=path or None
            )
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise InputError(
                f"'{self._join(path, unknown[0])}' is not a known field (known: {', '.join(known)})",
                field=self._join(path, unknown[0]),
            )
        self.data = value
        self.path = path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def field(self, key: str) -> str:
        return self._join(self.path, key)

    def raw(self, key: str, default: object = _MISSING) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise InputError(f"'{self.field(key)}' is required", field=self.field(key))
        return default

    def number(self, key: str, *, low=None, high=None, above=None, default=_MISSING) -> float:
        return _check_number(
            self.raw(key, default), self.field(key), low=low, high=high, above=above
        )

    def integer(self, key: str, *, low: float, high: float, default=_MISSING) -> int:
        value = self.raw(key, default)
        path = self.field(key)
        number = _check_number(value, path, low=low, high=high)
        if not number.is_integer():
            raise InputError(f"'{path}' must be a whole number (got {value!r})", field=path)
        return int(number)

    def text(self, key: str, *, default=_MISSING, choices: tuple[str, ...] = ()) -> str:
        value = self.raw(key, default)
        path = self.field(key)
        if not isinstance(value, str):
            raise InputError(f"'{path}' must be a string (got {value!r})", field=path)
        if choices and value not in choices:
            raise InputError(
                f"'{path}' must be one of {', '.join(choices)} (got {value!r})", field=path
            )
        return value

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise InputError(
                f"'{self.field(key)}' must be true or false (got {value!r})", field=self.field(key)
            )
        return value

    def items(self, key: str, *, low: int, default=_MISSING) -> list:
        value = self.raw(key, default)
        path = self.field(key)
        if not isinstance(value, list):
            raise InputError(f"'{path}' must be a list (got {value!r})", field=path)
        if not low <= len(value) <= MAX_LINES:
            raise InputError(
                f"'{path}' must hold {low} to {MAX_LINES} entries (got {len(value)})", field=path
            )
        return value


def _check_number(value: object, path: str, *, low=None, high=None, above=None) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"'{path}' must be a number (got {value!r})", field=path)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float (JSON and YAML allow any length)
        number = math.inf
    if not math.isfinite(number):
        raise InputError(f"'{path}' must be a finite number (got {value!r})", field=path)
    for failed, rule in (
        (above is not None and not number > above, f"> {above:g}" if above is not None else ""),
        (low is not None and number < low, f">= {low:g}" if low is not None else ""),
        (high is not None and number > high, f"<= {high:g}" if high is not None else ""),
    ):
        if failed:
            raise InputError(f"'{path}' must be {rule} (got {value!r})", field=path)
    return number


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
    unit: str  # a key of UNITS


class FieldVocabulary(TypedDict):
    fields: dict[str, FieldWords]
    units: dict[str, UnitWords]
    items: dict[str, str]  # a list's key -> the words for one of its entries ("Cost line")


class FormVocabulary(FieldVocabulary):
    label: Callable[[str], str]
    unit: Callable[[str], str]
    scale: Callable[[str], int]
    shown: Callable[..., str]  # (value, unit="") -> the text an input shows
    percent_scale: int


UNITS: dict[str, UnitWords] = {
    "percent": {"scale": 100, "suffix": "%"},
    "money": {"scale": 1, "suffix": ""},
    "years": {"scale": 1, "suffix": ""},
    "count": {"scale": 1, "suffix": ""},
    "": {"scale": 1, "suffix": ""},
}

FIELDS: dict[str, FieldWords] = {
    "name": {"label": "Case name", "unit": ""},
    "currency": {"label": "Currency", "unit": ""},
    "discount_rate": {"label": "Discount rate", "unit": "percent"},
    "horizon_years": {"label": "Horizon", "unit": "years"},
    "initial_period": {"label": "Initial period", "unit": ""},
    "users": {"label": "Eligible users", "unit": "count"},
    "sensitivity_range": {"label": "Sensitivity step", "unit": "percent"},
    "adoption": {"label": "Adoption", "unit": ""},
    "adoption.curve": {"label": "Ramp shape", "unit": ""},
    "adoption.target": {"label": "Target adoption", "unit": "percent"},
    "adoption.by_year": {"label": "Years to reach the target", "unit": "years"},
    "costs": {"label": "Costs", "unit": ""},
    "benefits": {"label": "Benefits", "unit": ""},
    "flexibility": {"label": "Flexibility", "unit": ""},
    "uncertainty": {"label": "Uncertainty", "unit": ""},
    "id": {"label": "Id", "unit": ""},
    "label": {"label": "Label", "unit": ""},
    "category": {"label": "Category", "unit": ""},
    "amount": {"label": "Amount", "unit": "money"},
    "timing": {"label": "Timing", "unit": ""},
    "year": {"label": "Year", "unit": "years"},
    "start_year": {"label": "Start year", "unit": "years"},
    "growth": {"label": "Growth", "unit": "percent"},
    "per_user": {"label": "Per active user", "unit": ""},
    "risk_adjustment": {"label": "Risk adjustment", "unit": "percent"},
    "scales_with_adoption": {"label": "Grows with adoption", "unit": ""},
    "volume": {"label": "Volume", "unit": "count"},
    "conversion_uplift": {"label": "Conversion uplift", "unit": "percent"},
    "deal_size": {"label": "Deal size", "unit": "money"},
    "margin": {"label": "Margin", "unit": "percent"},
    "reduction": {"label": "Reduction", "unit": "percent"},
    "unit_cost": {"label": "Unit cost", "unit": "money"},
    "hours_saved": {"label": "Hours saved", "unit": "count"},
    "loaded_rate": {"label": "Loaded rate", "unit": "money"},
    "redeployed": {"label": "Share redeployed", "unit": "percent"},
    "incidents_avoided": {"label": "Incidents avoided", "unit": "count"},
    "expected_loss": {"label": "Expected loss", "unit": "money"},
    "value": {"label": "Value", "unit": "money"},
    "probability": {"label": "Probability", "unit": "percent"},
    "driver": {"label": "Driver", "unit": ""},
    "distribution": {"label": "Distribution", "unit": ""},
    "relative": {"label": "Relative to the base value", "unit": ""},
    "low": {"label": "Low", "unit": ""},
    "mode": {"label": "Most likely", "unit": ""},
    "high": {"label": "High", "unit": ""},
    "runs": {"label": "Runs", "unit": "count"},
    "seed": {"label": "Seed", "unit": ""},
}
_LIST_ITEMS = {
    "costs": "Cost line",
    "benefits": "Benefit line",
    "flexibility": "Flexibility option",
    "uncertainty": "Range",
}


def field_vocabulary() -> FieldVocabulary:
    """The labels and units of every case field, for the page's form (plain JSON).

    >>> v = field_vocabulary()
    >>> v["fields"]["discount_rate"], v["units"]["percent"]["scale"]
    ({'label': 'Discount rate', 'unit': 'percent'}, 100)
    """
    return {"fields": FIELDS, "units": UNITS, "items": _LIST_ITEMS}


def form_vocabulary() -> FormVocabulary:
    """What the page's form needs of the vocabulary: labels, units, and ``shown(value, unit)``,
    the text an input shows for a case value (a percentage for a "percent" field).

    >>> v = form_vocabulary()
    >>> v["label"]("discount_rate"), v["scale"]("discount_rate"), v["shown"](0.15, "percent")
    ('Discount rate', 100, '15')
    """

    def unit(key: str) -> str:
        return FIELDS[key]["unit"]

    def shown(value: object, unit_name: str = "") -> str:
        if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
            return "" if value is None else str(value)
        return show_number(value, unit_name).replace(",", "").removesuffix("%")

    words = field_vocabulary()
    return {
        "fields": words["fields"],
        "units": words["units"],
        "items": words["items"],
        "label": lambda key: FIELDS[key]["label"],
        "unit": unit,
        "scale": lambda key: UNITS[unit(key)]["scale"],
        "shown": shown,
        "percent_scale": UNITS["percent"]["scale"],
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


def _got(value: object, unit: str) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            if math.isfinite(float(value)):
                return show_number(value, unit)
        except OverflowError:
            return "a number too large to use"
    return repr(value)


class _Fields:
    """One JSON object of a case: every problem goes to ``problems`` (all are reported at once)
    and the reading goes on; a field that could not be read comes back as None.

    ``where`` names the object in a message ("Cost line 1 (Build)"); ``vocab`` prefixes the keys
    looked up in FIELDS ("adoption.")."""

    def __init__(
        self,
        value: object,
        path: str,
        known: Iterable[str],
        problems: list[InputError],
        where: str = "",
        vocab: str = "",
    ) -> None:
        self.path, self.where, self.vocab, self.problems = path, where, vocab, problems
        if not isinstance(value, dict):
            raise InputError(
                f"{where or 'The case'} must be an object (got {value!r})",
                field=path or None,
                label=where or None,
            )
        self.data = value
        for key in sorted(str(k) for k in value if k not in known):
            self.problems.append(
                InputError(
                    f"{where or 'The case'}: '{key}' is not a known field (known: {', '.join(known)})",
                    field=self.field(key),
                    label=where or None,
                )
            )

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def label(self, key: str) -> str:
        name = FIELDS.get(self.vocab + key, FIELDS.get(key, {"label": key}))["label"]
        return f"{self.where}, {name}" if self.where else name

    def unit(self, key: str) -> str:
        return FIELDS.get(self.vocab + key, FIELDS.get(key, {"unit": ""}))["unit"]

    def problem(self, key: str | None, message: str) -> None:
        field = self.field(key) if key else (self.path or None)
        label = self.label(key) if key else (self.where or None)
        self.problems.append(InputError(message, field=field, label=label))

    def raw(self, key: str, default: object = _MISSING) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            self.problem(key, f"{self.label(key)} is required")
        return default

    def number(
        self, key: str, *, low=None, high=None, above=None, default=_MISSING, unit=None
    ) -> float | None:
        value = self.raw(key, default)
        if value is _MISSING:
            return None
        try:
            return _number(
                value,
                self.field(key),
                self.label(key),
                self.unit(key) if unit is None else unit,
                low=low,
                high=high,
                above=above,
            )
        except InputError as err:
            self.problems.append(err)
            return None

    def integer(self, key: str, *, low: int, high: int, default=_MISSING) -> int | None:
        number = self.number(key, low=low, high=high, default=default)
        if number is None:
            return None
        if not number.is_integer():
            self.problem(key, f"{self.label(key)} must be a whole number (got {_got(number, '')})")
            return None
        return int(number)

    def text(self, key: str, *, default=_MISSING, choices: tuple[str, ...] = ()) -> str | None:
        value = self.raw(key, default)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(key, f"{self.label(key)} must be text (got {value!r})")
            return None
        if choices and value not in choices:
            self.problem(
                key, f"{self.label(key)} must be one of {', '.join(choices)} (got {value!r})"
            )
            return None
        return value

    def flag(self, key: str, *, default: bool) -> bool | None:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"{self.label(key)} must be true or false (got {value!r})")
            return None
        return value

    def items(self, key: str, *, low: int, default=_MISSING) -> list:
        value = self.raw(key, default)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.problem(key, f"{self.label(key)} must be a list (got {value!r})")
            return []
        if not low <= len(value) <= MAX_LINES:
            self.problem(
                key, f"{self.label(key)} must hold {low} to {MAX_LINES} entries (got {len(value)})"
            )
            return [] if len(value) > MAX_LINES else value
        return value


def _number(
    value: object, path: str, label: str, unit: str = "", *, low=None, high=None, above=None
) -> float:
    """``value`` as a float within the bounds, or an InputError naming the field by its label."""

    def refuse(message: str) -> InputError:
        return InputError(f"{label} {message}", field=path, label=label)

    if isinstance(value, str):
        if not value.strip():
            raise refuse("is empty: enter a number")
        raise InputError(f"{label}: {value!r} is not a number", field=path, label=label)
    if value is None:
        raise refuse("must be a number (got nothing)")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise refuse(f"must be a number (got {value!r})")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float (JSON and YAML allow any length)
        number = math.inf
    if not math.isfinite(number):
        raise refuse(f"must be a finite number (got {value!r})")
    got = f"(got {show_number(number, unit)})"
    if above is not None and not number > above:
        raise refuse(f"must be more than {show_number(above, unit)} {got}")
    if low is not None and number < low:
        raise refuse(f"must be at least {show_number(low, unit)} {got}")
    if high is not None and number > high:
        raise refuse(f"must be at most {show_number(high, unit)} {got}")
    return number


def _item_name(list_key: str, index: int, name: object) -> str:
    words = _LIST_ITEMS[list_key]
    return (
        f"{words} {index + 1} ({name})"
        if isinstance(name, str) and name
        else f"{words} {index + 1}"
    )


def _line_name(list_key: str, index: int, item: object) -> str:
    if isinstance(item, dict):
        label = item.get("label")
        return _item_name(
            list_key, index, label if isinstance(label, str) and label else item.get("id")
        )
    return _item_name(list_key, index, None)


# -- validation ---------------------------------------------------------------------------------

OTHER_EXPORTS = {
    "ai-scale-up-playbook/assessment": "a maturity assessment export",
    "ai-scale-up-playbook/readiness": "a readiness check export",
}


def _not_a_case(case: dict) -> str | None:
    """Words for a file of another calculator, so an import says what it is."""
    kind = OTHER_EXPORTS.get(case.get("format"))  # type: ignore[arg-type]
    if kind is None and "answers" in case and "costs" not in case:
        kind = "a maturity assessment export (it holds answers)"
    if kind is None:
        return None
    return (
        f"this is {kind}, not an ROI case: import it on its own calculator's page."
        " An ROI case has a discount rate, costs and benefits."
    )


def _read_case(case: object) -> _Case:
    problems: list[InputError] = []
    if isinstance(case, dict) and (why := _not_a_case(case)):
        raise InputError(why)
    top = _Fields(case, "", _CASE_KEYS, problems)
    horizon = top.integer("horizon_years", low=1, high=MAX_HORIZON)
    initial = top.flag("initial_period", default=True)
    drivers: dict[str, _Driver] = {}
    rate = top.number("discount_rate", above=-1, high=1)
    drivers["discount_rate"] = _Driver(
        "discount_rate", "discount_rate", "discount rate", rate, -0.99, 1.0, False, "percent"
    )
    curve = _read_adoption(top, drivers, problems)
    first_year = 0 if initial is not False else 1
    costs = [
        _read_cost(item, i, horizon or MAX_HORIZON, first_year, drivers, problems)
        for i, item in enumerate(top.items("costs", low=1))
    ]
    benefits = [
        _read_benefit(item, i, horizon or MAX_HORIZON, drivers, problems)
        for i, item in enumerate(top.items("benefits", low=1))
    ]
    _unique_ids(costs, "costs", problems)
    _unique_ids(benefits, "benefits", problems)
    _read_users(top, [c for c in costs if c], drivers)
    name = top.text("name", default="")
    currency = top.text("currency", default="")
    sensitivity = top.number("sensitivity_range", above=0, high=1, default=DEFAULT_SENSITIVITY)
    flexibility = _read_flexibility(top, problems)
    ranges = _read_ranges(top, drivers, problems)
    if problems:
        raise InputError.collect(problems)
    return _Case(
        name=_known(name),
        currency=_known(currency),
        horizon=_known(horizon),
        initial_period=_known(initial),
        curve=_known(curve),
        sensitivity_range=_known(sensitivity),
        lines=tuple(_known(line) for line in (*costs, *benefits)),
        drivers=drivers,
        flexibility_value=flexibility,
        ranges=ranges,
    )


def _read_adoption(top: _Fields, drivers: dict[str, _Driver], problems: list) -> str | None:
    raw = top.raw("adoption")
    if raw is _MISSING:
        return None
    try:
        adoption = _Fields(
            raw, "adoption", ("curve", "target", "by_year"), problems, "Adoption", "adoption."
        )
    except InputError as err:
        problems.append(err)
        return None
    adoption.where = ""  # its fields have labels of their own ("Target adoption")
    curve = adoption.text("curve", choices=CURVES)
    target = adoption.number("target", low=0, high=1)
    by_year = adoption.number("by_year", low=0, high=MAX_YEAR_SPAN)
    drivers["adoption.target"] = _Driver(
        "adoption.target", "adoption.target", "adoption target", target, 0.0, 1.0, True, "percent"
    )
    drivers["adoption.by_year"] = _Driver(
        "adoption.by_year",
        "adoption.by_year",
        "years to reach target adoption",
        by_year,
        0.0,
        MAX_YEAR_SPAN,
        False,
        "years",
    )
    return curve


def _read_users(top: _Fields, costs: list[_Line], drivers: dict[str, _Driver]) -> None:
    per_user = [line for line in costs if "users" in line.drivers]
    if per_user and "users" not in top.data:
        top.problem(
            "users",
            f"Eligible users is required when a cost is per active user"
            f" (as '{per_user[0].label or per_user[0].id}' is)",
        )
        users = None
    else:
        users = top.number("users", low=0, high=MAX_AMOUNT, default=0.0)
    if per_user:
        drivers["users"] = _Driver(
            "users", "users", "eligible users", users, 0.0, MAX_AMOUNT, True, "count"
        )


def _read_line_common(line: _Fields) -> dict:
    return {
        "id": _read_id(line),
        "label": line.text("label", default="") or "",
        "growth": line.number("growth", above=-1, high=MAX_YEAR_SPAN, default=0.0),
        "risk_adjustment": line.number("risk_adjustment", low=0, high=1, default=0.0),
    }


def _read_id(reader: _Fields) -> str | None:
    value = reader.text("id")
    if value is not None and not _ID.match(value):
        reader.problem(
            "id",
            f"{reader.label('id')} must be a snake_case id (lower-case letters, digits, _) (got {value!r})",
        )
        return None
    return value


def _open_line(item, list_key, index, known, problems) -> _Fields | None:
    try:
        return _Fields(
            item, f"{list_key}[{index}]", known, problems, _line_name(list_key, index, item)
        )
    except InputError as err:
        problems.append(err)
        return None


def _read_cost(
    item: object, index: int, horizon: int, first: int, drivers: dict[str, _Driver], problems
) -> _Line | None:
    line = _open_line(item, "costs", index, _COST_KEYS, problems)
    if line is None:
        return None
    timing = line.text("timing", choices=("one_time", "recurring"))
    one_time = timing == "one_time"
    if timing is not None:
        _refuse(line, ("start_year", "growth") if one_time else ("year",), timing)
    common = _read_line_common(line)
    category = line.text("category", choices=COST_CATEGORIES)
    key = "year" if one_time else "start_year"
    year = line.integer(key, low=first, high=horizon, default=_MISSING if one_time else 1)
    per_user = line.flag("per_user", default=False)
    if per_user and year == 0:
        line.problem(
            key,
            f"{line.label(key)} must be at least 1 for a cost per active user:"
            " adoption is 0 in the initial period (got 0)",
        )
    amount = line.number("amount", low=0, high=MAX_AMOUNT)
    if common["id"] is None:
        return None
    name = f"costs.{common['id']}.amount"
    drivers[name] = _Driver(
        name, line.field("amount"), _label(common, "amount"), amount, 0.0, MAX_AMOUNT, True, "money"
    )
    shared = ("users", "adoption.target") if per_user else ()
    return _Line(
        kind="cost",
        category=category if category is not None else "",  # unread: the case is refused
        drivers=(name, *shared),
        first_year=year if year is not None else 1,
        one_time=one_time,
        follows_adoption=bool(per_user),
        **common,
    )


def _refuse(line: _Fields, keys: tuple[str, ...], timing: str) -> None:
    words = timing.replace("_", "-")
    for key in keys:
        if key in line.data:
            line.problem(
                key,
                f"{line.label(key)} does not apply to a {words} cost (got {line.data[key]!r})",
            )


def _read_benefit(
    item: object, index: int, horizon: int, drivers: dict[str, _Driver], problems
) -> _Line | None:
    probe = _open_line(item, "benefits", index, (*_BENEFIT_KEYS, *_all_benefit_fields()), [])
    category = probe.text("category", choices=tuple(BENEFIT_DRIVERS)) if probe else None
    known = (*_BENEFIT_KEYS, *(BENEFIT_DRIVERS[category] if category else _all_benefit_fields()))
    line = _open_line(item, "benefits", index, known, problems)
    if line is None:
        return None
    line.text("category", choices=tuple(BENEFIT_DRIVERS))  # its problem, reported once
    common = _read_line_common(line)
    names = []
    for key in BENEFIT_DRIVERS[category] if category else ():
        high = 1.0 if key in SHARE_FIELDS else MAX_AMOUNT
        value = line.number(key, low=0, high=high)
        if common["id"] is not None:
            name = f"benefits.{common['id']}.{key}"
            drivers[name] = _Driver(
                name, line.field(key), _label(common, key), value, 0.0, high, True, line.unit(key)
            )
            names.append(name)
    scaled = line.flag("scales_with_adoption", default=True)
    start = line.integer("start_year", low=1, high=horizon, default=1)
    if common["id"] is None or category is None:
        return None
    return _Line(
        kind="benefit",
        category=category,
        drivers=(*names, "adoption.target") if scaled else tuple(names),
        first_year=start if start is not None else 1,
        one_time=False,
        follows_adoption=bool(scaled),
        **common,
    )


def _all_benefit_fields() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for fields in BENEFIT_DRIVERS.values() for f in fields))


def _label(common: dict, key: str) -> str:
    return f"{common['label'] or common['id']}: {FIELD_LABELS[key]}"


def _unique_ids(lines: list[_Line | None], path: str, problems: list) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line is None:
            continue
        if line.id in seen:
            where = _item_name(path, i, line.label or line.id)
            problems.append(
                InputError(
                    f"{where}, Id must be unique (got {line.id!r} twice)",
                    field=f"{path}[{i}].id",
                    label=f"{where}, Id",
                )
            )
        seen.add(line.id)


def _read_flexibility(top: _Fields, problems: list) -> float:
    total = 0.0
    seen: set[str] = set()
    keys = ("id", "label", "value", "probability")
    for i, item in enumerate(top.items("flexibility", low=0, default=[])):
        option = _open_line(item, "flexibility", i, keys, problems)
        if option is None:
            continue
        option_id = _read_id(option)
        if option_id is not None and option_id in seen:
            option.problem("id", f"{option.label('id')} must be unique (got {option_id!r} twice)")
        if option_id is not None:
            seen.add(option_id)
        option.text("label", default="")
        value = option.number("value", low=0, high=MAX_AMOUNT)
        probability = option.number("probability", low=0, high=1, default=1.0)
        if value is not None and probability is not None:
            total += value * probability
    return total


_RANGE_KEYS = ("driver", "distribution", "relative", "low", "mode", "high")


def _read_ranges(top: _Fields, drivers: dict[str, _Driver], problems: list) -> tuple[_Range, ...]:
    ranges: list[_Range] = []
    for i, item in enumerate(top.items("uncertainty", low=0, default=[])):
        try:
            spec = _Fields(
                item, f"uncertainty[{i}]", _RANGE_KEYS, problems, _item_name("uncertainty", i, None)
            )
        except InputError as err:
            problems.append(err)
            continue
        name = spec.text("driver")
        if name is None:
            continue
        driver = drivers.get(name)
        if driver is None and _unreadable(name, problems):
            continue  # its line has a problem of its own: one message is enough
        if driver is None or not driver.linear:
            known = ", ".join(n for n, d in drivers.items() if d.linear)
            spec.problem(
                "driver",
                f"{spec.label('driver')} must name an input driver ({known}) (got {name!r})",
            )
            continue
        spec.where = _item_name("uncertainty", i, driver.label)
        if any(r.driver == name for r in ranges):
            spec.problem(
                "driver", f"{spec.label('driver')} must not repeat a driver (got {name!r} twice)"
            )
            continue
        distribution = spec.text("distribution", choices=tuple(_montecarlo.SAMPLERS))
        relative = spec.flag("relative", default=False)
        read = _read_relative if relative else _read_absolute
        bounds = read(spec, driver)
        if bounds is None or distribution is None or driver.value is None:
            continue
        low, mode, high, mode_given = bounds
        ranges.append(
            _Range(
                driver=name,
                distribution=distribution,
                low=low,
                mode=mode,
                high=high,
                index=i,
                label=driver.label,
                base=driver.value,
                unit=driver.unit,
                relative=bool(relative),
                mode_given=mode_given,
            )
        )
    return tuple(ranges)


def _unreadable(name: str, problems: list[InputError]) -> bool:
    """Whether the driver ``name`` may be missing only because its part of the case is bad."""
    part = name.split(".")[0]
    return any(e["field"] and e["field"].startswith(part) for p in problems for e in p.errors)


def _read_absolute(spec: _Fields, driver: _Driver):
    unit = driver.unit
    low = spec.number("low", low=driver.low, high=driver.high, unit=unit)
    floor = low if low is not None else driver.low
    given = spec.data.get("mode") is not None
    mode = spec.number("mode", low=floor, high=driver.high, unit=unit) if given else None
    above = mode if mode is not None else floor
    high = spec.number("high", low=above, high=driver.high, unit=unit)
    if not given and driver.value is not None and low is not None and high is not None:
        mode = min(high, max(low, driver.value))  # most likely: the base, kept in the range
    if low is None or high is None or mode is None:
        return None
    return low, mode, high, given


def _read_relative(spec: _Fields, driver: _Driver):
    """low, mode and high as changes from the base value: -0.3 is 30 % below it."""
    low = spec.number("low", low=-1, unit="percent")
    floor = low if low is not None else -1
    given = spec.data.get("mode") is not None
    mode = spec.number("mode", low=floor, unit="percent") if given else None
    high = spec.number("high", low=mode if mode is not None else floor, unit="percent")
    if not given and low is not None and high is not None:
        mode = min(high, max(low, 0.0))
    if low is None or high is None or mode is None or driver.value is None:
        return None
    base = driver.value
    changes = {"low": low, "mode": mode, "high": high}
    values = {key: base * (1 + change) for key, change in changes.items()}
    for key, value in values.items():
        if value > driver.high:
            spec.problem(
                key,
                f"{spec.label(key)} ({show_number(changes[key], 'percent')} from"
                f" {show_number(base, driver.unit)}) gives {show_number(value, driver.unit)},"
                f" more than the most it can be ({show_number(driver.high, driver.unit)})",
            )
            return None
    return values["low"], values["mode"], values["high"], given and mode != 0


def _check_runs(runs: object) -> int:
    number = _number(runs, "runs", "Runs", "count", low=0, high=MAX_RUNS)
    if not number.is_integer():
        raise InputError(
            f"Runs must be a whole number (got {show_number(number)})", field="runs", label="Runs"
        )
    return int(number)


def _check_seed(seed: object, runs: int) -> int:
    if seed is None:
        return _montecarlo.new_seed() if runs else 0
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(
            f"Seed must be a whole number of at least 0, or blank (got {seed!r})",
            field="seed",
            label="Seed",
        )
    return seed


def read_export(data: object) -> dict:
    """What an imported file or share link holds: ``{"case", "runs", "seed"}`` (runs and seed
    None when it has none). The ROI page's export wraps the case with its format; a bare case is
    taken as it is; another calculator's export is refused, saying what it is. The case is then
    checked by :func:`evaluate_case`.

    >>> read_export({"format": EXPORT_FORMAT, "case": {"horizon_years": 3}, "seed": 7})
    {'case': {'horizon_years': 3}, 'runs': None, 'seed': 7}
    """
    if isinstance(data, dict) and (why := _not_a_case(data)):
        raise InputError(why)
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        if "case" not in data:
            raise InputError("An ROI page export without a 'case'", field="case")
        return {"case": data["case"], "runs": data.get("runs"), "seed": data.get("seed")}
    return {"case": data, "runs": None, "seed": None}
