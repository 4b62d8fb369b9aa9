"""Reading an ROI case: the checks of every field, and the validated case the model computes on.
The words of every field and choice (labels, units, help, defaults) are the vocabulary's
(:mod:`calculators._roi_vocabulary`), importable from here too.

The case format is described in :mod:`calculators._roi`. Bad input raises one ``InputError`` that
lists every bad field at once, each named by its label in the reader's words.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from . import _montecarlo
from ._errors import InputError, message
from ._numbers import note_typed, parse_number, typed_format
from ._roi_vocabulary import (  # noqa: F401 - the vocabulary, importable from here as before
    _ID,
    _LIST_ITEM_IDS,
    _LIST_ITEMS,
    BENEFIT_CATEGORIES,
    BENEFIT_DRIVERS,
    CASE_RANGED,
    COST_CATEGORIES,
    COST_RANGED,
    CURVES,
    DISTRIBUTION_LABELS,
    EXPORT_FORMAT,
    FIELDS,
    LINE_DRIVER_LABEL,
    LINE_DRIVER_LABEL_ID,
    MAX_AMOUNT,
    MAX_HORIZON,
    MAX_LINES,
    MAX_RUNS,
    MAX_YEAR_SPAN,
    RELATIVE_UNIT,
    SHARE_FIELDS,
    TIMING_LABELS,
    UNITS,
    Said,
    _default,
    _field_of,
    _got,
    _text_of,
    _words,
    field_said,
    field_vocabulary,
    form_vocabulary,
    period_label,
    period_said,
    said_value,
    show_number,
)

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
    "stage_gates",  # read by _stage_gates.read_case_gates
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
    said: dict | None = None  # the label as a message (calculators._errors.message)

    @property
    def label_said(self) -> dict:
        """The label as a message a page says in its own words."""
        return self.said or field_said(self.name)

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
    label_said: dict | None = None  # the label as a message (calculators._errors.message)


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


def rangeable_drivers(case: dict) -> list[tuple[str, str]]:
    """The drivers of a valid case a range may be put on, with their labels: the case's own
    first, then each line's, in the order of the lines.

    >>> from calculators._roi_input import rangeable_drivers
    >>> case = {"discount_rate": 0.1, "horizon_years": 1,
    ...         "adoption": {"curve": "linear", "target": 1, "by_year": 0},
    ...         "costs": [{"id": "build", "category": "build", "amount": 1, "timing": "one_time",
    ...                    "year": 0}],
    ...         "benefits": [{"id": "fraud", "category": "risk", "incidents_avoided": 1,
    ...                       "expected_loss": 5}]}
    >>> rangeable_drivers(case)[:2]
    [('adoption.target', 'Target adoption'), ('costs.build.amount', 'build: Amount')]
    """
    drivers = _read_case(case).drivers
    order = [*CASE_RANGED, *(n for n in drivers if n.startswith(("costs.", "benefits.")))]
    return [(n, drivers[n].label) for n in order if n in drivers and drivers[n].linear]


THE_CASE = message("roi.error.the_case", "The case")


class _Fields:
    """One JSON object of a case: every problem goes to ``problems`` (all are reported at once)
    and the reading goes on; a field that could not be read comes back as None.

    ``where`` names the object in a message ("Cost line 1 (Build)", as a message: see
    :func:`field_said`); ``vocab`` prefixes the keys looked up in FIELDS ("adoption.")."""

    def __init__(
        self,
        value: object,
        path: str,
        known: Iterable[str],
        problems: list[InputError],
        where: Said | None = None,
        vocab: str = "",
    ) -> None:
        self.path, self.where, self.vocab, self.problems = path, where, vocab, problems
        named = where or THE_CASE
        if not isinstance(value, dict):
            raise InputError(
                f"{named['message']} must be an object (got {value!r})",
                field=path or None,
                label=where["message"] if where else None,
                message_id="roi.error.not_object",
                values={"label": named, "got": repr(value)},
            )
        self.data = value
        for key in sorted(str(k) for k in value if k not in known):
            self.problems.append(
                InputError(
                    f"{named['message']}: '{key}' is not a known field (known: {', '.join(known)})",
                    field=self.field(key),
                    label=where["message"] if where else None,
                    message_id="roi.error.unknown_field",
                    values={"label": named, "key": key, "known": ", ".join(known)},
                )
            )

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _entry(self, key: str) -> str | None:
        """The key of FIELDS that holds the words of the field ``key`` ("adoption.target" for
        "target" of the adoption), or None for a key the vocabulary has no words for."""
        return next((k for k in (self.vocab + key, key) if k in FIELDS), None)

    def said(self, key: str) -> Said | str:
        """The field's label as a message (with its object's name, when it has one)."""
        entry = self._entry(key)
        return _field_of(self.where, field_said(entry) if entry else key)

    def label(self, key: str) -> str:
        return _text_of(self.said(key))

    def unit(self, key: str) -> str:
        entry = self._entry(key)
        return FIELDS[entry]["unit"] if entry else ""

    def problem(self, key: str | None, message_id: str, text: str, **values) -> None:
        """A problem of the field ``key`` (None: of the whole object): ``text`` in English, and
        its ``message_id`` with ``values`` (``label``, the field's, is added)."""
        field = self.field(key) if key else (self.path or None)
        label = self.said(key) if key else (self.where or THE_CASE)
        self.problems.append(
            InputError(
                text,
                field=field,
                label=_text_of(label) if key or self.where else None,
                message_id=message_id,
                values={"label": label, **values},
            )
        )

    def raw(self, key: str, default: object = _MISSING) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            self.problem(key, "roi.error.required", f"{self.label(key)} is required")
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
                self.said(key),
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
            got = _got(number, "")
            self.problem(
                key,
                "roi.error.whole",
                f"{self.label(key)} must be a whole number (got {_text_of(got)})",
                got=got,
            )
            return None
        return int(number)

    def text(self, key: str, *, default=_MISSING, choices: tuple[str, ...] = ()) -> str | None:
        value = self.raw(key, default)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(
                key,
                "roi.error.text",
                f"{self.label(key)} must be text (got {value!r})",
                got=repr(value),
            )
            return None
        if choices and value not in choices:
            self.problem(
                key,
                "roi.error.choice",
                f"{self.label(key)} must be one of {', '.join(choices)} (got {value!r})",
                choices=", ".join(choices),
                got=repr(value),
            )
            return None
        return value

    def flag(self, key: str, *, default: bool) -> bool | None:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            self.problem(
                key,
                "roi.error.flag",
                f"{self.label(key)} must be true or false (got {value!r})",
                got=repr(value),
            )
            return None
        return value

    def items(self, key: str, *, low: int, default=_MISSING) -> list:
        value = self.raw(key, default)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.problem(
                key,
                "roi.error.list",
                f"{self.label(key)} must be a list (got {value!r})",
                got=repr(value),
            )
            return []
        if not low <= len(value) <= MAX_LINES:
            self.problem(
                key,
                "roi.error.list_size",
                f"{self.label(key)} must hold {low} to {MAX_LINES} entries (got {len(value)})",
                low=low,
                high=MAX_LINES,
                count=len(value),
            )
            return [] if len(value) > MAX_LINES else value
        return value


def _number(
    value: object,
    path: str,
    label: Said | str,
    unit: str = "",
    *,
    low=None,
    high=None,
    above=None,
) -> float:
    """``value`` as a float within the bounds, or an InputError naming the field by its label
    (``label``: its words, or a message of them, as :func:`field_said` gives)."""
    name = _text_of(label)

    def refuse(message_id: str, text: str, **values) -> InputError:
        return InputError(
            f"{name} {text}",
            field=path,
            label=name,
            message_id=message_id,
            values={"label": label, **values},
        )

    if isinstance(value, str):
        if not value.strip():
            raise refuse("roi.error.empty", "is empty: enter a number")
        if (fmt := typed_format()) is None:
            raise InputError(
                f"{name}: {value!r} is not a number",
                field=path,
                label=name,
                message_id="error.number.not_a_number",
                values={"label": label, "text": value},
            )
        # Typed on the page, in its locale, as the page shows the field (10 for 10 %).
        value = (
            parse_number(value, fmt, label=name, field=path, said=label)
            / UNITS.get(unit, UNITS[""])["scale"]
        )
        note_typed(path, value)
    if value is None:
        raise refuse("roi.error.nothing", "must be a number (got nothing)")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise refuse("roi.error.not_a_number", f"must be a number (got {value!r})", got=repr(value))
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float (JSON and YAML allow any length)
        number = math.inf
    if not math.isfinite(number):
        raise refuse(
            "roi.error.not_finite", f"must be a finite number (got {value!r})", got=repr(value)
        )
    for failed, limit, message_id, rule in (
        (above is not None and not number > above, above, "roi.error.more_than", "more than"),
        (low is not None and number < low, low, "roi.error.at_least", "at least"),
        (high is not None and number > high, high, "roi.error.at_most", "at most"),
    ):
        if failed:
            got = _got(number, unit)
            raise refuse(
                message_id,
                f"must be {rule} {show_number(limit, unit)} (got {_text_of(got)})",
                limit=said_value(limit, unit),
                got=got,
            )
    return number


def _item_said(list_key: str, index: int, name: object) -> Said:
    """An entry of a list, by its number and name: "Cost line 1 (Build)"."""
    words = message(_LIST_ITEM_IDS[list_key], _LIST_ITEMS[list_key])
    if isinstance(name, dict):  # a name that is a message itself (a driver's label)
        return message(
            "roi.error.item_named",
            f"{words['message']} {index + 1} ({name['message']})",
            item=words,
            number=index + 1,
            name=name,
        )
    if isinstance(name, str) and name:
        return message(
            "roi.error.item_named",
            f"{words['message']} {index + 1} ({name})",
            item=words,
            number=index + 1,
            name=name,
        )
    return message(
        "roi.error.item_numbered", f"{words['message']} {index + 1}", item=words, number=index + 1
    )


def _line_said(list_key: str, index: int, item: object) -> Said:
    if isinstance(item, dict):
        label = item.get("label")
        return _item_said(
            list_key, index, label if isinstance(label, str) and label else item.get("id")
        )
    return _item_said(list_key, index, None)


# -- validation ---------------------------------------------------------------------------------

OTHER_EXPORTS = {
    "ai-scale-up-playbook/assessment": "a maturity assessment export",
    "ai-scale-up-playbook/readiness": "a readiness check export",
}
_OTHER_EXPORT_IDS = {
    "ai-scale-up-playbook/assessment": "roi.error.kind.assessment",
    "ai-scale-up-playbook/readiness": "roi.error.kind.readiness",
}


def _not_a_case(case: dict) -> InputError | None:
    """The error for a file of another calculator, so an import says what it is."""
    fmt = case.get("format")
    kind = OTHER_EXPORTS.get(fmt)  # type: ignore[arg-type]
    kind_id = _OTHER_EXPORT_IDS.get(fmt)  # type: ignore[arg-type]
    if kind is None and "answers" in case and "costs" not in case:
        kind = "a maturity assessment export (it holds answers)"
        kind_id = "roi.error.kind.answers"
    if kind is None or kind_id is None:
        return None
    return InputError(
        f"this is {kind}, not an ROI case: import it on its own calculator's page."
        " An ROI case has a discount rate, costs and benefits.",
        message_id="roi.error.not_a_case",
        values={"kind": message(kind_id, kind)},
    )


def _read_case(case: object) -> _Case:
    problems: list[InputError] = []
    if isinstance(case, dict) and (why := _not_a_case(case)):
        raise why
    top = _Fields(case, "", _CASE_KEYS, problems)
    horizon = top.integer("horizon_years", low=1, high=MAX_HORIZON)
    initial = top.flag("initial_period", default=_default("initial_period"))
    drivers: dict[str, _Driver] = {}
    rate = top.number("discount_rate", above=-1, high=1)
    drivers["discount_rate"] = _Driver(
        "discount_rate",
        "discount_rate",
        _words("discount_rate"),
        rate,
        -0.99,
        1.0,
        False,
        "percent",
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
    name = top.text("name", default=_default("name"))
    currency = top.text("currency", default=_default("currency"))
    sensitivity = top.number(
        "sensitivity_range", above=0, high=1, default=_default("sensitivity_range")
    )
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
            raw,
            "adoption",
            ("curve", "target", "by_year"),
            problems,
            field_said("adoption"),
            "adoption.",
        )
    except InputError as err:
        problems.append(err)
        return None
    adoption.where = None  # its fields have labels of their own ("Target adoption")
    curve = adoption.text("curve", choices=CURVES)
    target = adoption.number("target", low=0, high=1)
    by_year = adoption.number("by_year", low=0, high=MAX_YEAR_SPAN)
    drivers["adoption.target"] = _Driver(
        "adoption.target",
        "adoption.target",
        _words("adoption.target"),
        target,
        0.0,
        1.0,
        True,
        "percent",
    )
    drivers["adoption.by_year"] = _Driver(
        "adoption.by_year",
        "adoption.by_year",
        _words("adoption.by_year"),
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
        line = per_user[0].label or per_user[0].id
        top.problem(
            "users",
            "roi.error.users_required",
            f"Eligible users is required when a cost is per active user (as '{line}' is)",
            line=line,
        )
        users = None
    else:
        users = top.number("users", low=0, high=MAX_AMOUNT, default=_default("users"))
    if per_user:
        drivers["users"] = _Driver(
            "users", "users", _words("users"), users, 0.0, MAX_AMOUNT, True, "count"
        )


def _read_line_common(line: _Fields) -> dict:
    return {
        "id": _read_id(line),
        "label": line.text("label", default=_default("label")) or "",
        "growth": line.number("growth", above=-1, high=MAX_YEAR_SPAN, default=_default("growth")),
        "risk_adjustment": line.number(
            "risk_adjustment", low=0, high=1, default=_default("risk_adjustment")
        ),
    }


def _read_id(reader: _Fields) -> str | None:
    value = reader.text("id")
    if value is not None and not _ID.match(value):
        reader.problem(
            "id",
            "roi.error.id_pattern",
            f"{reader.label('id')} must be a snake_case id (lower-case letters, digits, _) (got {value!r})",
            got=repr(value),
        )
        return None
    return value


def _open_line(item, list_key, index, known, problems) -> _Fields | None:
    try:
        return _Fields(
            item, f"{list_key}[{index}]", known, problems, _line_said(list_key, index, item)
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
    year = line.integer(
        key, low=first, high=horizon, default=_MISSING if one_time else _default("start_year")
    )
    per_user = line.flag("per_user", default=_default("per_user"))
    if per_user and year == 0:
        line.problem(
            key,
            "roi.error.per_user_year",
            f"{line.label(key)} must be at least 1 for a cost per active user:"
            " adoption is 0 in the initial period (got 0)",
        )
    amount = line.number("amount", low=0, high=MAX_AMOUNT)
    if common["id"] is None:
        return None
    name = f"costs.{common['id']}.amount"
    drivers[name] = _Driver(
        name,
        line.field("amount"),
        _label(common, "amount"),
        amount,
        0.0,
        MAX_AMOUNT,
        True,
        "money",
        said=_label_said(common, "amount"),
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
                "roi.error.not_for_one_time"
                if timing == "one_time"
                else "roi.error.not_for_recurring",
                f"{line.label(key)} does not apply to a {words} cost (got {line.data[key]!r})",
                got=_got(line.data[key], ""),
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
                name,
                line.field(key),
                _label(common, key),
                value,
                0.0,
                high,
                True,
                line.unit(key),
                said=_label_said(common, key),
            )
            names.append(name)
    scaled = line.flag("scales_with_adoption", default=_default("scales_with_adoption"))
    start = line.integer("start_year", low=1, high=horizon, default=_default("start_year"))
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
    return LINE_DRIVER_LABEL.format(
        line=common["label"] or common["id"], field=FIELDS[key]["label"]
    )


def _label_said(common: dict, key: str) -> Said:
    """A line's driver, as a page names it in its words: "Build and integration: Amount"."""
    return message(
        LINE_DRIVER_LABEL_ID,
        _label(common, key),
        line=common["label"] or common["id"],
        field=field_said(key),
    )


def _unique_ids(lines: list[_Line | None], path: str, problems: list) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line is None:
            continue
        if line.id in seen:
            label = _field_of(_item_said(path, i, line.label or line.id), field_said("id"))
            problems.append(
                InputError(
                    f"{_text_of(label)} must be unique (got {line.id!r} twice)",
                    field=f"{path}[{i}].id",
                    label=_text_of(label),
                    message_id="roi.error.unique",
                    values={"label": label, "got": repr(line.id)},
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
            option.problem(
                "id",
                "roi.error.unique",
                f"{option.label('id')} must be unique (got {option_id!r} twice)",
                got=repr(option_id),
            )
        if option_id is not None:
            seen.add(option_id)
        option.text("label", default=_default("label"))
        value = option.number("value", low=0, high=MAX_AMOUNT)
        probability = option.number("probability", low=0, high=1, default=_default("probability"))
        if value is not None and probability is not None:
            total += value * probability
    return total


_RANGE_KEYS = ("driver", "distribution", "relative", "low", "mode", "high")


def _read_ranges(top: _Fields, drivers: dict[str, _Driver], problems: list) -> tuple[_Range, ...]:
    ranges: list[_Range] = []
    for i, item in enumerate(top.items("uncertainty", low=0, default=[])):
        try:
            spec = _Fields(
                item, f"uncertainty[{i}]", _RANGE_KEYS, problems, _item_said("uncertainty", i, None)
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
                "roi.error.driver_unknown",
                f"{spec.label('driver')} must name an input driver ({known}) (got {name!r})",
                known=known,
                got=repr(name),
            )
            continue
        spec.where = _item_said("uncertainty", i, driver.label_said)
        if any(r.driver == name for r in ranges):
            spec.problem(
                "driver",
                "roi.error.driver_repeated",
                f"{spec.label('driver')} must not repeat a driver (got {name!r} twice)",
                got=repr(name),
            )
            continue
        distribution = spec.text("distribution", choices=tuple(_montecarlo.SAMPLERS))
        relative = spec.flag("relative", default=_default("relative"))
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
                label_said=driver.label_said,
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
    low = spec.number("low", low=-1, unit=RELATIVE_UNIT)
    floor = low if low is not None else -1
    given = spec.data.get("mode") is not None
    mode = spec.number("mode", low=floor, unit=RELATIVE_UNIT) if given else None
    high = spec.number("high", low=mode if mode is not None else floor, unit=RELATIVE_UNIT)
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
                "roi.error.relative_too_high",
                f"{spec.label(key)} ({show_number(changes[key], RELATIVE_UNIT)} from"
                f" {show_number(base, driver.unit)}) gives {show_number(value, driver.unit)},"
                f" more than the most it can be ({show_number(driver.high, driver.unit)})",
                change=said_value(changes[key], RELATIVE_UNIT),
                base=said_value(base, driver.unit),
                value=said_value(value, driver.unit),
                high=said_value(driver.high, driver.unit),
            )
            return None
    return values["low"], values["mode"], values["high"], given and mode != 0


def _check_runs(runs: object) -> int:
    label = field_said("runs")
    number = _number(runs, "runs", label, "count", low=0, high=MAX_RUNS)
    if not number.is_integer():
        raise InputError(
            f"Runs must be a whole number (got {show_number(number)})",
            field="runs",
            label="Runs",
            message_id="roi.error.whole",
            values={"label": label, "got": number},
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
            message_id="roi.error.seed",
            values={"label": field_said("seed"), "got": repr(seed)},
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
        raise why
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        if "case" not in data:
            raise InputError(
                "An ROI page export without a 'case'",
                field="case",
                message_id="roi.error.export_without_case",
            )
        return {"case": data["case"], "runs": data.get("runs"), "seed": data.get("seed")}
    return {"case": data, "runs": None, "seed": None}
