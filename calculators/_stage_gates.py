"""Stage gates: the odds that an ROI case reaches production, reaches its adoption target and
stays in production, and what they do to its value (a risk-adjusted, "expected" NPV).

The plain NPV of a case assumes it surely reaches production and stays there. A chain of up to
three gates, each with a probability, says otherwise; a gate not given passes for sure.

- ``reach_production``: decided at the end of the **build period**: the initial period (year 0)
  when the case has one, else year 1. The build period's costs are paid whatever happens; its
  benefits (only a case without an initial period has any) count only if the gate is passed. A
  case that fails it stops there: no benefit, and no cost after the build period.
- ``reach_adoption``: adoption reaches its target. Decided at the end of year ``a``, the year in
  which the ramp reaches the target (``ceil(by_year)``), at the earliest the first year after the
  build period and at the latest the horizon. A case that misses its target is stopped at the end
  of that year (the playbook funds on measured adoption): that year's costs and benefits, and
  every earlier one, are incurred; nothing after.
- ``stay_in_production``: the case stays in production. Its ``probability`` is the chance of
  staying ``years`` years (default: every year of the case after the build period); the model
  spreads it as a constant yearly chance ``s = probability ** (1 / years)`` (the constant rate
  is the playbook's judgment, not a sourced figure). A check at the end of each year after the
  build period (years ``b + 1 .. horizon``) takes the case out of production with chance
  ``1 - s``; it then stops at the end of that year.

So the costs and benefits of year ``t`` count with weights (``P1``, ``P2`` the first two
probabilities, ``b`` the build period, ``a`` the adoption year):

- ``t <= b``: costs 1, benefits ``P1``;
- ``t > b``: both ``P1 * s ** (t - b - 1)``, times ``P2`` when ``t > a``.

The expected NPV is the NPV of the weighted net cash flows (numpy-financial's ``npv``), the
probability of success ``p_success = P1 * P2 * s ** (horizon - b)`` (still in production at the
end of the horizon, adoption target reached) and each gate's ``value_lost`` is the expected NPV
lost when that gate is applied after the ones before it (production, adoption, staying), so the
losses add up to ``npv - expected_npv``. With every probability at 1 the weights are exactly 1
and the expected NPV is the NPV, to the last bit.

A higher probability never lowers the expected NPV while what is at stake after a gate is
worth having (the net cash flow of every year after the build period is not negative). When a
case loses money after a gate, passing that gate costs money, and the result says so in
``notes``: a higher maturity then lowers the expected NPV of a case that should be stopped.

The Monte Carlo (``simulation``) draws the gates too: after the drivers, one uniform per run
and gate from the same seeded generator, so the same seed gives the same runs, and the runs'
drivers are those of the simulation without gates.

Default probabilities come from the reader's maturity levels through the KPI rubric's
``stage_gates`` table (``gates_from_maturity``); each figure names its source or says it is a
judgment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import add
from typing import Any, TypeGuard

from . import _montecarlo
from ._errors import InputError, message
from ._numbers import note_typed, parse_number, typed_format
from .finance import npv

__all__ = [
    "GATES",
    "case_gates",
    "check_kpis_rubric",
    "expected_npv",
    "gates_from_maturity",
    "portfolio",
    "read_case_gates",
    "read_gates",
    "weights",
]

# The chain, in the order the gates are decided; titles as the reader reads them.
GATES = {
    "reach_production": "Reaches production",
    "reach_adoption": "Adoption reaches its target",
    "stay_in_production": "Stays in production",
}
# The ids of the gates' names in rubrics/strings.yaml, for a page in another language.
GATE_IDS = {
    "reach_production": "stage_gates.gate.reach_production",
    "reach_adoption": "stage_gates.gate.reach_adoption",
    "stay_in_production": "stage_gates.gate.stay_in_production",
}
LEVELS = (1, 2, 3, 4, 5)
_GATE_KEYS = {"id", "probability", "years", "source", "judgment", "reason", "dimension", "level"}
PORTFOLIO_FORMAT = "ai-scale-up-playbook/roi-portfolio"
FUNDING_RULE = (
    "Cases with a positive expected NPV, by expected NPV per unit of investment (present value"
    " of costs), highest first; each is funded if it fits in what is left of the budget, and"
    " the next is tried if it does not (a greedy fill)."
)


@dataclass(frozen=True)
class Gate:
    id: str
    probability: float
    years: float | None = None  # stay_in_production: the span the probability covers
    source: str | None = None
    judgment: bool = False
    reason: str = ""
    dimension: str | None = None
    level: int | None = None

    @property
    def title(self) -> str:
        return GATES[self.id]


@dataclass(frozen=True)
class Timing:
    """When the gates are decided: build period ``build``, adoption year ``adoption``."""

    build: int
    adoption: int
    horizon: int


# -- reading the gates ------------------------------------------------------------------------


def read_gates(spec: Any, path: str = "stage_gates") -> list[Gate]:
    """Check a gate list (``[{"id", "probability", "years"?, "source"?, ...}]``, or
    ``{"gates": [...]}``) and return the gates in chain order; every bad field at once.

    >>> [(g.id, g.probability) for g in read_gates([{"id": "reach_production", "probability": 0.3}])]
    [('reach_production', 0.3)]
    >>> read_gates([{"id": "reach_production", "probability": 1.5}])
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Gate 'Reaches production': probability must be between 0 % and 100 % (got 150 %)
    """
    if isinstance(spec, Mapping) and "gates" in spec:
        spec = spec["gates"]
    if not isinstance(spec, list):
        raise InputError("stage gates must be a list of {id, probability} objects", field=path)
    problems: list[InputError] = []
    found: dict[str, Gate] = {}
    for index, item in enumerate(spec):
        field = f"{path}[{index}]"
        if not isinstance(item, Mapping) or item.get("id") not in GATES:
            got = item.get("id") if isinstance(item, Mapping) else item
            problems.append(
                InputError(
                    f"Gate {index + 1}: unknown gate {got!r} (known: {', '.join(GATES)})",
                    field=f"{field}.id",
                    label=f"Gate {index + 1}",
                )
            )
            continue
        label = f"Gate '{GATES[item['id']]}'"
        if item["id"] in found:
            problems.append(InputError(f"{label} is given twice", field=f"{field}.id", label=label))
            continue
        unknown = sorted(set(item) - _GATE_KEYS)
        if unknown:
            problems.append(
                InputError(
                    f"{label}: unknown field {unknown[0]!r}",
                    field=f"{field}.{unknown[0]}",
                    label=label,
                )
            )
        gate = message(
            "stage_gates.error.gate", label, gate=message(GATE_IDS[item["id"]], GATES[item["id"]])
        )
        p = item.get("probability")
        if isinstance(p, str) and (fmt := typed_format()) is not None:
            try:  # typed on the page, in its locale, in percent as the page shows it
                p = parse_number(p, fmt, label=label, field=f"{field}.probability", said=gate) / 100
            except InputError as err:
                problems.append(err)
                continue
            note_typed(f"{field}.probability", p)
        if not _is_number(p) or not 0 <= p <= 1:
            shown = f"{p * 100:g} %" if _is_number(p) else repr(p)
            problems.append(
                InputError(
                    f"{label}: probability must be between 0 % and 100 % (got {shown})",
                    field=f"{field}.probability",
                    label=label,
                    message_id="stage_gates.error.probability"
                    if _is_number(p)
                    else "stage_gates.error.probability_not_number",
                    values={"label": gate, "got": p * 100 if _is_number(p) else repr(p)},
                )
            )
            continue
        years = item.get("years")
        if years is not None and (
            item["id"] != "stay_in_production" or not _is_number(years) or not 0 < years <= 100
        ):
            problems.append(
                InputError(
                    f"{label}: years applies to staying in production only, as a number of"
                    f" years above 0 (got {years!r})",
                    field=f"{field}.years",
                    label=label,
                )
            )
            continue
        found[item["id"]] = Gate(
            item["id"],
            float(p),
            None if years is None else float(years),
            item.get("source"),
            bool(item.get("judgment", False)),
            str(item.get("reason", "")),
            item.get("dimension"),
            item.get("level"),
        )
    if problems:
        raise InputError.collect(problems)
    return [found[gid] for gid in GATES if gid in found]


# Where a case's stage gates come from (the case's ``stage_gates.from``), in the reader's words.
GATE_SOURCES = {
    "assessment": "the maturity assessment saved in this browser",
    "assessment_export": "an imported assessment export",
    "typed": "probabilities typed in",
}
_CASE_GATE_KEYS = ("from", "gates", "assessment")
_ASSESSMENT_KEYS = ("date", "team", "levels", "rubric")
# How complete the assessment was (optional, for cases saved before it was kept): questions
# answered of all, and where the blank ones could put the overall level.
_COMPLETENESS_KEYS = ("answered", "total", "low", "high")


def read_case_gates(spec: Any, path: str = "stage_gates") -> tuple[list[Gate], dict]:
    """A case's own ``stage_gates`` (``{"from", "gates", "assessment"?}``, or a bare gate list,
    taken as typed): the gates in chain order and where they come from (``{"from", "label",
    "assessment"}``, ``assessment`` the date, team and levels of the assessment that gave them,
    or None). Every bad field at once, each named as the reader reads it.

    >>> gates, source = read_case_gates(
    ...     {"from": "typed", "gates": [{"id": "reach_production", "probability": 0.4}]})
    >>> [g.probability for g in gates], source["label"]
    ([0.4], 'probabilities typed in')
    >>> read_case_gates({"from": "typed", "gates": [{"id": "reach_adoption", "probability": 70}]})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Gate 'Adoption reaches its target': probability must be between 0 % and 100 % (got 7000 %)
    """
    if isinstance(spec, list):
        spec = {"from": "typed", "gates": spec}
    if not isinstance(spec, Mapping):
        raise InputError(
            "Stage gates must be an object with 'from' and 'gates'", field=path, label="Stage gates"
        )
    problems: list[InputError] = []
    for key in sorted(set(spec) - set(_CASE_GATE_KEYS)):
        problems.append(
            InputError(
                f"Stage gates: unknown field {key!r} (known: {', '.join(_CASE_GATE_KEYS)})",
                field=f"{path}.{key}",
                label="Stage gates",
            )
        )
    origin = spec.get("from", "typed")
    if origin not in GATE_SOURCES:
        problems.append(
            InputError(
                f"Stage gates: where they come from must be one of {', '.join(GATE_SOURCES)}"
                f" (got {origin!r})",
                field=f"{path}.from",
                label="Where the stage gates come from",
            )
        )
    assessment = _read_assessment_note(spec.get("assessment"), f"{path}.assessment", problems)
    gates: list[Gate] = []
    try:
        gates = read_gates(spec.get("gates"), f"{path}.gates")
    except InputError as err:
        problems.append(err)
    if problems:
        raise InputError.collect(problems)
    label = GATE_SOURCES[origin]
    return gates, {"from": origin, "label": label, "assessment": assessment}


def _read_assessment_note(note: Any, path: str, problems: list[InputError]) -> dict | None:
    """Which assessment gave the gates: its date and team (text or None) and levels."""
    if note is None:
        return None
    label = "The assessment the stage gates come from"
    if not isinstance(note, Mapping):
        problems.append(InputError(f"{label} must be an object", field=path, label=label))
        return None
    out: dict[str, Any] = {}
    for key in _ASSESSMENT_KEYS:
        value = note.get(key)
        if key in ("date", "team") and value is not None and not isinstance(value, str):
            problems.append(
                InputError(f"{label}: {key} must be text (got {value!r})", field=f"{path}.{key}")
            )
        out[key] = value
    levels = note.get("levels") or {}
    bad = [
        k
        for k, v in (levels.items() if isinstance(levels, Mapping) else [("levels", levels)])
        if not (v is None or (isinstance(v, int) and not isinstance(v, bool) and v in LEVELS))
    ]
    if bad:
        problems.append(
            InputError(
                f"{label}: a level must be 1 to 5 or null (not for {bad[0]!r})",
                field=f"{path}.levels",
                label=label,
            )
        )
    out["levels"] = dict(levels) if isinstance(levels, Mapping) else {}
    done = note.get("completeness")
    if done is not None:
        ok = isinstance(done, Mapping) and all(
            done.get(k) is None
            or (isinstance(done.get(k), int) and not isinstance(done.get(k), bool))
            for k in _COMPLETENESS_KEYS
        )
        if not ok:
            problems.append(
                InputError(
                    f"{label}: completeness must hold whole numbers (answered, total, low, high)",
                    field=f"{path}.completeness",
                    label=label,
                )
            )
        else:
            out["completeness"] = {k: done.get(k) for k in _COMPLETENESS_KEYS}
    return out


def completeness(result: Mapping) -> dict | None:
    """How complete a maturity result is: ``{"answered", "total", "low", "high"}`` (low and high
    where the blank questions could put the overall level), or None when it does not say."""
    progress = result.get("progress")
    if not isinstance(progress, Mapping):
        return None
    span = (result.get("overall") or {}).get("range") or {}
    return {
        "answered": progress.get("answered"),
        "total": progress.get("total"),
        "low": span.get("low"),
        "high": span.get("high"),
    }


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# -- the model --------------------------------------------------------------------------------


def timing(horizon: int, initial_period: bool, by_year: float) -> Timing:
    """The build period and the adoption gate's year of a case.

    >>> timing(3, True, 1.5)
    Timing(build=0, adoption=2, horizon=3)
    >>> timing(3, False, 0)
    Timing(build=1, adoption=2, horizon=3)
    """
    build = 0 if initial_period else 1
    adoption = min(horizon, max(build + 1, math.ceil(by_year)))
    return Timing(build, adoption, horizon)


def _probabilities(gates: Sequence[Gate], when: Timing) -> tuple[float, float, float]:
    """P1, P2 and the yearly chance s of staying in production."""
    by_id = {g.id: g for g in gates}
    p1 = by_id["reach_production"].probability if "reach_production" in by_id else 1.0
    p2 = by_id["reach_adoption"].probability if "reach_adoption" in by_id else 1.0
    stay = by_id.get("stay_in_production")
    if stay is None or stay.probability == 1.0:
        return p1, p2, 1.0
    years = stay.years if stay.years is not None else max(1, when.horizon - when.build)
    return p1, p2, stay.probability ** (1.0 / years)


def weights(when: Timing, p1: float, p2: float, s: float) -> tuple[list[float], list[float]]:
    """The weights of each year's costs and benefits (see the module docstring).

    >>> weights(Timing(0, 1, 2), 0.5, 0.5, 1.0)
    ([1.0, 0.5, 0.25], [0.5, 0.5, 0.25])
    """
    costs, benefits = [], []
    for t in range(when.horizon + 1):
        if t <= when.build:
            costs.append(1.0)
            benefits.append(p1)
            continue
        w = p1 * s ** (t - when.build - 1) if s != 1.0 else p1
        if t > when.adoption:
            w *= p2
        costs.append(w)
        benefits.append(w)
    return costs, benefits


def expected_npv(
    rate: float, costs: Sequence[float], benefits: Sequence[float], when: Timing, gates
) -> float:
    """NPV of the cash flows weighted by the chance that the case is still running.

    >>> expected_npv(0.0, [100, 10, 10], [0, 60, 60], Timing(0, 1, 2),
    ...              [Gate("reach_production", 0.5)])
    -50.0
    """
    p1, p2, s = _probabilities(gates, when)
    cw, bw = weights(when, p1, p2, s)
    net = [b * wb - c * wc for c, b, wc, wb in zip(costs, benefits, cw, bw, strict=True)]
    return npv(rate, net)


def _p_success(gates: Sequence[Gate], when: Timing) -> float:
    p1, p2, s = _probabilities(gates, when)
    return p1 * p2 * (s ** (when.horizon - when.build) if s != 1.0 else 1.0)


def _at(gates: Sequence[Gate], gid: str, p: float) -> list[Gate]:
    by_id = {g.id: g for g in gates}
    base = by_id.get(gid, Gate(gid, 1.0))
    by_id[gid] = Gate(gid, p, base.years, base.source, base.judgment, base.reason)
    return [by_id[g] for g in GATES if g in by_id]


def summary(case, values: dict[str, float], outcome, gates: Sequence[Gate]) -> dict:
    """The result's ``stage_gates``: each gate, the chance of success, the expected NPV and what
    each gate loses. ``case``, ``values`` and ``outcome`` are the ROI model's (``_roi``)."""
    when = timing(case.horizon, case.initial_period, values["adoption.by_year"])
    plain_npv = npv(outcome.rate, outcome.net)
    rate = outcome.rate
    costs, benefits = outcome.costs, outcome.benefits
    value = expected_npv(rate, costs, benefits, when, gates)
    rows, applied, before = [], [], plain_npv
    notes = []
    for gate in gates:
        applied.append(gate)
        after = expected_npv(rate, costs, benefits, when, applied)
        at_one = expected_npv(rate, costs, benefits, when, _at(gates, gate.id, 1.0))
        at_zero = expected_npv(rate, costs, benefits, when, _at(gates, gate.id, 0.0))
        stake = at_one - at_zero
        if stake < 0:
            notes.append(
                message(
                    "roi.gates.note.passing_loses",
                    f"Passing '{gate.title}' lowers the expected NPV by {-stake:,.0f}: once past"
                    " that gate the case loses money, so a higher chance of passing it (or a"
                    " higher maturity) makes it worth less. A case like this should be stopped or"
                    " redesigned.",
                    gate=gate.title,
                    amount=-stake,
                )
            )
        _, _, s = _probabilities([gate], when)
        rows.append(
            {
                "id": gate.id,
                "title": gate.title,
                "title_said": message(GATE_IDS[gate.id], gate.title),  # for a page's own words
                "probability": gate.probability,
                "years": gate.years,
                "probability_over_horizon": s ** (when.horizon - when.build)
                if gate.id == "stay_in_production"
                else gate.probability,
                # The years in production the case spans, over which the chance above applies.
                "years_in_production": when.horizon - when.build
                if gate.id == "stay_in_production"
                else None,
                "decided_after_year": _decided(gate.id, when),
                "source": gate.source,
                "judgment": gate.judgment,
                "reason": gate.reason,
                "dimension": gate.dimension,
                "level": gate.level,
                "value_lost": before - after,
                "value_at_stake": stake,
            }
        )
        before = after
    return {
        "gates": rows,
        "p_success": _p_success(gates, when),
        "npv": plain_npv,
        "expected_npv": value,
        "value_lost": plain_npv - value,
        "timing": {"build_period": when.build, "adoption_year": when.adoption},
        "notes": [n["message"] for n in notes],
        # The same notes with the id of their words, for a page in another language.
        "notes_said": notes,
    }


def _decided(gid: str, when: Timing) -> int | list[int]:
    if gid == "reach_production":
        return when.build
    if gid == "reach_adoption":
        return when.adoption
    return list(range(when.build + 1, when.horizon + 1))


# -- the Monte Carlo --------------------------------------------------------------------------


def simulation(case, values: dict[str, float], runs: int, seed: int, gates: Sequence[Gate]):
    """The ROI simulation with the gates drawn too; the same drivers as without gates."""
    from . import _roi  # built on the ROI model, which imports this module only when needed

    when = timing(case.horizon, case.initial_period, values["adoption.by_year"])
    p1, p2, s = _probabilities(gates, when)
    uncertain = {r.driver for r in case.ranges}
    rate = values["discount_rate"]
    # Outcomes: -1 = never reached production; L = the case ran through year L.
    outcomes = [
        -1,
        *range(when.build if when.build == when.horizon else when.build + 1, when.horizon + 1),
    ]
    grouped: dict[tuple[str, ...], dict[int, list[float]]] = {}
    for line in case.lines:
        profile = _roi._profile(case, line, values["adoption.by_year"], 0.0, True)
        fixed = line.sign * math.prod(values[d] for d in line.drivers if d not in uncertain)
        key = tuple(d for d in line.drivers if d in uncertain)
        by_outcome = grouped.setdefault(key, {o: [0.0, 0.0] for o in outcomes})
        for o in outcomes:
            cut = _cut(profile, o, when, line.kind)
            by_outcome[o][0] += fixed * npv(rate, cut)
            by_outcome[o][1] += fixed * math.fsum(cut)
    constant = grouped.pop((), {o: [0.0, 0.0] for o in outcomes})
    terms = list(grouped.items())
    samplers = {
        r.driver: _montecarlo.SAMPLERS[r.distribution](r.low, r.mode, r.high) for r in case.ranges
    }

    def gated(draws: dict[str, list[float]], rng) -> dict:
        u1 = [rng.random() for _ in range(runs)]
        u2 = [rng.random() for _ in range(runs)]
        u3 = [rng.random() for _ in range(runs)]
        ran, success = [], 0
        checks = when.horizon - when.build
        for i in range(runs):
            if not u1[i] < p1:
                ran.append(-1)
                continue
            last, passed = when.horizon, u2[i] < p2
            if not passed:
                last = when.adoption
            kept = 1.0
            for j in range(1, checks + 1):
                kept *= s
                if not u3[i] < kept:
                    last = min(last, when.build + j)
                    passed = False
                    break
            success += passed
            ran.append(last)
        npvs = [constant[o][0] for o in ran]
        totals = [constant[o][1] for o in ran]
        for key, by_outcome in terms:
            factor = _montecarlo._product([draws[name] for name in key], runs)
            npvs = list(
                map(add, npvs, [by_outcome[o][0] * f for o, f in zip(ran, factor, strict=True)])
            )
            totals = list(
                map(add, totals, [by_outcome[o][1] * f for o, f in zip(ran, factor, strict=True)])
            )
        out = _montecarlo.summarise(npvs, totals, seed)
        out["gated"] = True
        out["p_success"] = success / runs
        out["prob_never_in_production"] = sum(1 for o in ran if o == -1) / runs
        return out

    return _montecarlo.simulate(
        _montecarlo.Term(0.0, 0.0, ()), [], samplers, runs, seed, gated=gated
    )


def _cut(profile: list[float], outcome: int, when: Timing, kind: str) -> list[float]:
    """A line's profile as it runs in one outcome (the full list when it runs to the horizon)."""
    if outcome == when.horizon:
        return profile
    last = outcome if outcome != -1 else (when.build if kind == "cost" else -1)
    return [v if t <= last else 0.0 for t, v in enumerate(profile)]


# -- defaults from maturity -------------------------------------------------------------------


def maturity_levels(result: Mapping) -> dict[str, int | None]:
    """``{"overall": level, dimension id: level}`` from a maturity result."""
    levels: dict[str, int | None] = {"overall": (result.get("overall") or {}).get("level")}
    for d in result.get("dimensions", []):
        levels[d["id"]] = d.get("level")
    return levels


def gates_from_maturity(table: Mapping, levels: Mapping[str, int | None]) -> list[dict]:
    """The gates the KPI rubric's ``stage_gates`` table gives for these maturity levels.

    A gate follows its ``dimension``'s level (the overall level when none is named); an
    unscored level is unknown, never a pass: the lowest level's figure is used and said.

    >>> table = {"gates": [{"id": "reach_production", "levels": [
    ...     {"level": n, "probability": n / 10, "judgment": True, "reason": "r"} for n in LEVELS]}]}
    >>> [(g["id"], g["probability"], g["level"]) for g in gates_from_maturity(table, {"overall": 3})]
    [('reach_production', 0.3, 3)]
    """
    out = []
    for gate in table.get("gates", []):
        driver = gate.get("dimension") or "overall"
        level = levels.get(driver)
        rows = {row["level"]: row for row in gate["levels"]}
        row = rows[level if level in rows else min(rows)]
        reason = row.get("reason", "")
        if level not in rows:
            reason = (
                f"{'The overall level' if driver == 'overall' else driver} is not scored yet:"
                f" the lowest level's figure is used. {reason}"
            ).strip()
        entry = {
            "id": gate["id"],
            "probability": row["probability"],
            "source": row.get("source"),
            "judgment": bool(row.get("judgment", False)),
            "reason": reason,
            "dimension": driver,
            "level": level if level in rows else None,
        }
        if gate.get("years") is not None:
            entry["years"] = gate["years"]
        out.append(entry)
    return out


# -- what maturity is worth -------------------------------------------------------------------


def maturity_worth(
    value_of, table: Mapping, maturity_rubric: Mapping, found: Mapping, top: int = 3
) -> dict:
    """The change in expected NPV if the weakest dimension rises one level (each of them, when
    several share the lowest level), and for each of the assessment's top next actions. ``value_of(gates)`` is the case's expected NPV for a gate list;
    ``found`` is ``{"result", "answers"}`` (answers None when only a result was given: a
    dimension then rises one level as it stands and the overall level is kept)."""
    from . import _maturity

    result, answers = found["result"], found.get("answers")
    levels = maturity_levels(result)
    now = value_of(gates_from_maturity(table, levels))
    notes = []
    if answers is None:
        notes.append(
            message(
                "roi.gates.note.levels_only",
                "These odds come from the assessment's levels without its answers: a dimension"
                " rises one level as it stands, the overall level is kept, and what the next"
                " actions are worth is not shown. Take the odds from the assessment itself (the"
                " saved assessment or its export, or its answers file on the command line) to"
                " see them.",
            )
        )
    scored = [d for d in result.get("dimensions", []) if d.get("level") is not None]
    lowest = min((d["level"] for d in scored), default=max(LEVELS))
    weakest = []  # every dimension at the lowest level, one raised at a time
    for dim in (d for d in scored if d["level"] == lowest < max(LEVELS)):
        after = _raised(
            _maturity, maturity_rubric, result, answers, levels, dim["id"], dim.get("lift", [])
        )
        value = value_of(gates_from_maturity(table, after))
        weakest.append(
            {
                "dimension": dim["id"],
                "title": dim["title"],
                "from_level": dim["level"],
                "to_level": after.get(dim["id"]),
                "overall_after": after.get("overall"),
                "expected_npv": value,
                "change": value - now,
            }
        )
    actions = []
    questions = {q["id"]: q for q in maturity_rubric.get("questions", [])}
    by_action = _action_conditions(maturity_rubric)
    for action in result.get("actions", [])[:top]:
        conditions = by_action.get((action["kind"], action["id"]), [])
        steps = [
            {"question": c["question"], "to_level": c["min_level"]}
            for c in conditions
            if c["question"] in questions
        ]
        after = _raised(
            _maturity, maturity_rubric, result, answers, levels, action["dimension"], steps
        )
        value = value_of(gates_from_maturity(table, after))
        actions.append(
            {
                "id": action["id"],
                "kind": action["kind"],
                "text": action["text"],
                "dimension": action["dimension"],
                "expected_npv": value,
                "change": value - now,
            }
        )
    # A "+0" needs its reason: the gates follow some dimensions (and the overall level), and a
    # dimension none of them follows moves the odds only through the overall level.
    drivers = [row.get("dimension") for row in table.get("gates", [])]
    titles = {d["id"]: d["title"] for d in maturity_rubric.get("dimensions", [])}
    follow = ", ".join(dict.fromkeys(titles.get(d, d) for d in drivers if d))
    overall = None in drivers  # a gate without a dimension follows the overall level
    for entry in weakest:
        if entry["dimension"] not in drivers and abs(entry["change"]) < 0.5:
            notes.append(
                message(
                    "roi.gates.note.no_gate_follows"
                    if overall
                    else "roi.gates.note.no_gate_follows_dimensions",
                    f"Raising {entry['title']} alone changes no gate's odds: the gates follow"
                    f" {follow}{' and the overall level' if overall else ''}, and the overall"
                    " level stays where it is.",
                    title=entry["title"],
                    dimensions=follow,
                )
            )
    return {
        "expected_npv": now,
        "weakest": weakest,
        "actions": actions,
        "notes": [n["message"] for n in notes],
        # The same notes with the id of their words, for a page in another language.
        "notes_said": notes,
    }


def _action_conditions(rubric: Mapping) -> dict[tuple[str, str], list[dict]]:
    """What doing an action means in answers: its ``done_when`` (a gate: its question)."""
    out: dict[tuple[str, str], list[dict]] = {}
    for dim in rubric.get("dimensions", []):
        for action in dim.get("actions", []):
            out[("dimension", action["id"])] = list(action.get("done_when") or [])
    for gate in rubric.get("gates", []):
        out[("gate", gate["id"])] = [{"question": gate["question"], "min_level": gate["min_level"]}]
    return out


def _raised(_maturity, rubric, result, answers, levels, dimension, steps) -> dict:
    """The maturity levels after raising ``steps`` (question answers to a level), re-scored with
    the maturity calculator; without answers, ``dimension`` one level up."""
    if answers is None or not steps:
        after = dict(levels)
        if after.get(dimension) is not None:
            after[dimension] = min(max(LEVELS), after[dimension] + 1)
        return after
    questions = {q["id"]: q for q in rubric["questions"]}
    changed = dict(answers)
    for step in steps:
        question = questions[step["question"]]
        options = sorted(question["options"], key=lambda o: o["level"])
        reach = [o for o in options if o["level"] >= step["to_level"]]
        current = next((o for o in options if o["value"] == changed.get(step["question"])), None)
        if reach and (current is None or current["level"] < step["to_level"]):
            changed[step["question"]] = reach[0]["value"]
    return maturity_levels(_maturity.assess(rubric, changed))


def read_maturity(maturity_rubric: Mapping, data: Any, name: str = "the maturity file") -> dict:
    """A maturity result (``overall``, ``dimensions``) or an answers file or page export, as
    ``{"result", "answers"}`` (the answers scored with the maturity calculator)."""
    from . import _maturity

    if isinstance(data, Mapping) and "answers" in data:
        read = _maturity.read_export(dict(maturity_rubric), data)
        answers = read["answers"]
        return {"result": _maturity.assess(dict(maturity_rubric), answers), "answers": answers}
    if (
        isinstance(data, Mapping)
        and isinstance(data.get("overall"), Mapping)
        and isinstance(data.get("dimensions"), list)
    ):
        return {"result": data, "answers": None}
    raise InputError(
        f"{name}: expected a maturity result (from 'maturity --format json') or an answers file"
        " or assessment export",
        field="maturity",
    )


def case_value(case: Mapping):
    """``value_of(gates)``: the case's expected NPV for a gate list (the case read once)."""
    from . import _roi

    model = _roi._read_case(case)
    values = model.base_values()
    base = _roi._outcome(model, values)
    when = timing(model.horizon, model.initial_period, values["adoption.by_year"])

    def value_of(gates: list[dict]) -> float:
        return expected_npv(base.rate, base.costs, base.benefits, when, read_gates(gates))

    return value_of


def case_gates(kpis: Mapping, maturity_rubric: Mapping, data: Any, origin: str) -> dict:
    """What a case stores when its gates come from an assessment (``origin``: the one saved in
    the browser, or an export): the KPI rubric's gates for its levels, and which assessment gave
    them (its date, from ``about.date``, ``exported_at`` or ``saved_at``; its team; its levels).
    The case then carries them, so an export or a share link gives the same odds anywhere."""
    table = kpis.get("stage_gates")
    if not table:
        raise InputError("the KPI rubric has no stage_gates table", field="maturity")
    if origin not in ("assessment", "assessment_export"):
        raise InputError(
            f"gates from an assessment come from 'assessment' or 'assessment_export' (got {origin!r})"
        )
    name = "The saved assessment" if origin == "assessment" else "This assessment export"
    found = read_maturity(maturity_rubric, data, name=name)
    levels = maturity_levels(found["result"])
    about = data.get("about") if isinstance(data, Mapping) else None
    about = about if isinstance(about, Mapping) else {}
    when = next(
        (
            str(v)[:10]
            for v in (about.get("date"), data.get("exported_at"), data.get("saved_at"))
            if isinstance(v, str) and v
        ),
        None,
    )
    rubric = data.get("rubric") if isinstance(data.get("rubric"), Mapping) else None
    return {
        "from": origin,
        "assessment": {
            "date": when,
            "team": about.get("team") if isinstance(about.get("team"), str) else None,
            "levels": levels,
            "rubric": dict(rubric) if rubric else None,
            # An unanswered question is unknown: the page says the odds rest on a provisional
            # assessment, and how far the blank questions could move its level.
            "completeness": completeness(found["result"]),
        },
        "gates": gates_from_maturity(table, levels),
    }


def _titled(result: dict, maturity_rubric: Mapping) -> None:
    titles = {d["id"]: d["title"] for d in maturity_rubric.get("dimensions", [])}
    for row in result["stage_gates"]["gates"]:
        if row.get("dimension"):
            row["dimension_title"] = titles.get(row["dimension"], "Overall level")


def with_stored_worth(result: dict, case: Mapping, kpis: Mapping, maturity_rubric: Mapping) -> dict:
    """A result whose gates came from the case's stored assessment, with what raising that
    maturity is worth: from its levels alone (a dimension rises one level as it stands)."""
    sg = result.get("stage_gates")
    note = ((sg or {}).get("source") or {}).get("assessment")
    table = kpis.get("stage_gates")
    if not sg or not note or not table:
        return result
    levels = note["levels"]
    dims = [
        {"id": d["id"], "title": d["title"], "level": levels.get(d["id"]), "lift": []}
        for d in maturity_rubric.get("dimensions", [])
        if d["id"] in levels
    ]
    found = {"result": {"overall": {"level": levels.get("overall")}, "dimensions": dims}}
    sg["maturity"] = levels
    sg["maturity_worth"] = maturity_worth(case_value(case), table, maturity_rubric, found)
    _titled(result, maturity_rubric)
    return result


def evaluate_with_maturity(
    case: Mapping,
    kpis: Mapping,
    maturity_rubric: Mapping,
    maturity: Any,
    *,
    runs: int = 0,
    seed: int | None = None,
) -> dict:
    """The ROI result with stage gates from the reader's maturity (a result, an answers file or
    an assessment export) and what raising that maturity is worth.

    The result's ``stage_gates`` gains ``maturity`` (the levels used) and ``maturity_worth``.
    """
    from . import _roi

    table = kpis.get("stage_gates")
    if not table:
        raise InputError("the KPI rubric has no stage_gates table", field="maturity")
    found = read_maturity(maturity_rubric, maturity)
    levels = maturity_levels(found["result"])
    gates = gates_from_maturity(table, levels)
    result = _roi.evaluate_case(dict(case), runs=runs, seed=seed, stage_gates=gates)
    worth = maturity_worth(case_value(case), table, maturity_rubric, found)
    _titled(result, maturity_rubric)
    result["stage_gates"]["maturity"] = levels
    result["stage_gates"]["maturity_worth"] = worth
    return result


# -- a portfolio of cases ---------------------------------------------------------------------


def portfolio(cases: Sequence[Mapping], budget: float | None = None) -> dict:
    """Several evaluated cases side by side, and the order to fund them (``FUNDING_RULE``).

    Each entry of ``cases`` is ``{"name", "result"}`` with an ROI result; with stage gates its
    expected NPV and chance of success, else the plain NPV and 1.

    >>> r = lambda v, c: {"npv": v, "pv_costs": c, "payback_months": 12.0}
    >>> out = portfolio([{"name": "a", "result": r(10, 100)}, {"name": "b", "result": r(30, 50)}],
    ...                 budget=100)
    >>> out["order"], out["funded"]
    (['b', 'a'], ['b'])
    """
    if budget is not None and (not _is_number(budget) or budget < 0):
        raise InputError(
            f"the budget must be a number of at least 0 (got {budget!r})",
            field="budget",
            label="Budget",
        )
    rows = []
    for entry in cases:
        result = entry["result"]
        gates = result.get("stage_gates")
        value = gates["expected_npv"] if gates else result["npv"]
        investment = result["pv_costs"]
        rows.append(
            {
                "name": entry["name"],
                "expected_npv": value,
                "npv": result["npv"],
                "p_success": gates["p_success"] if gates else 1.0,
                "payback_months": result["payback_months"],
                "investment": investment,
                "value_per_investment": value / investment if investment > 0 else None,
                "gated": bool(gates),
            }
        )

    def rank(row: dict) -> tuple:
        ratio = row["value_per_investment"]
        return (ratio is None, -(ratio if ratio is not None else 0.0), -row["expected_npv"])

    order = sorted((r for r in rows if r["expected_npv"] > 0), key=rank)
    funded, left = [], budget
    for row in order:
        if left is not None and row["investment"] <= left:
            funded.append(row["name"])
            left -= row["investment"]
    return {
        "format": PORTFOLIO_FORMAT,
        "cases": rows,
        "order": [r["name"] for r in order],
        "not_worth_funding": [r["name"] for r in rows if r["expected_npv"] <= 0],
        "budget": budget,
        "funded": funded if budget is not None else None,
        "budget_left": left,
        "rule": FUNDING_RULE,
    }


# -- the rubric's table -----------------------------------------------------------------------


def check_kpis_rubric(rubric: Mapping) -> list[tuple[tuple, str]]:
    """Rules of the ``stage_gates`` table that JSON Schema cannot state, as (path, message).

    >>> check_kpis_rubric({"stage_gates": {"gates": [{"id": "reach_production", "levels": [
    ...     {"level": n, "probability": 0.5 - n / 10, "judgment": True} for n in LEVELS]}]}})[0]
    (('stage_gates', 'gates', 0, 'levels', 1, 'probability'), 'a higher level must never have a lower probability (L2 has 30 %, below L1 with 40 %)')
    """
    table = rubric.get("stage_gates")
    problems: list[tuple[tuple, str]] = []
    if not table:
        return problems
    for gi, gate in enumerate(table.get("gates", [])):
        rows = gate.get("levels", [])
        path = ("stage_gates", "gates", gi, "levels")
        got = [row.get("level") for row in rows]
        if got != list(LEVELS):
            problems.append((path, f"levels must be 1 to 5, each once and in order (got {got})"))
            continue
        for ri, row in enumerate(rows):
            if bool(row.get("source")) == bool(row.get("judgment")):
                problems.append(
                    (
                        (*path, ri),
                        "give the figure's source (sources.md#entry) or mark it judgment: true,"
                        " one of the two"
                        + (" (it has both)" if row.get("source") else " (it has neither)"),
                    )
                )
        for ri in range(1, len(rows)):
            low, high = rows[ri - 1]["probability"], rows[ri]["probability"]
            if high < low:
                problems.append(
                    (
                        (*path, ri, "probability"),
                        "a higher level must never have a lower probability"
                        f" (L{ri + 1} has {high * 100:g} %, below L{ri} with {low * 100:g} %)",
                    )
                )
        if gate.get("years") is not None and gate.get("id") != "stay_in_production":
            problems.append(
                (("stage_gates", "gates", gi, "years"), "years applies to stay_in_production only")
            )
    return problems
