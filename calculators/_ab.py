"""The A/B helper: the difference between an AI-assisted cohort and a baseline cohort, with a
confidence interval the ROI page can take as an uncertainty range."""

from __future__ import annotations

import math

from ._errors import InputError, message
from ._numbers import typed_numbers
from ._roi_input import _number
from ._roi_vocabulary import FIELDS, MAX_AMOUNT, _field_of, field_said, show_number

# The cohorts as the page's A/B panel names them (their labels and their fields' are in FIELDS).
COHORTS = {key: FIELDS[key]["label"] for key in ("baseline", "treatment")}

__all__ = ["ab_compare"]


def ab_compare(
    baseline: dict, treatment: dict, *, confidence: float = 0.95, number_format=None
) -> dict:
    """Difference between an AI-assisted cohort and a baseline cohort, with a confidence interval.

    Cohorts are ``{"successes": k, "n": n}`` (difference in rates, unpooled Wald interval) or
    ``{"mean": m, "sd": s, "n": n}`` (difference in means, Welch's standard error); the interval
    uses the normal quantile. ``diff`` is treatment - baseline; ``low`` and ``high`` can serve as
    the low and high of an uncertainty range (for example a conversion uplift). With
    ``number_format`` (the page's, as for an ROI case), a number typed as text is read in it.
    ``note`` says how the interval was made; ``note_said`` says it as messages, for a page in
    another language.

    >>> r = ab_compare({"successes": 100, "n": 1000}, {"successes": 130, "n": 1000})
    >>> round(r["diff"], 4), round(r["low"], 4), round(r["high"], 4)
    (0.03, 0.0021, 0.0579)
    """
    with typed_numbers(number_format):
        words = FIELDS["confidence"]["label"]
        level = _number(confidence, "confidence", field_said("confidence"), above=0)
        if level >= 1:
            raise InputError(
                f"{words} must be less than 1 (got {show_number(level)})",
                field="confidence",
                label=words,
                message_id="roi.error.below_one",
                values={"label": field_said("confidence"), "got": level},
            )
        kind = _cohort_kind(baseline, treatment)
        reader = _rate_cohort if kind == "proportion" else _mean_cohort
        (value_a, var_a, n_a), (value_b, var_b, n_b) = (
            reader(baseline, "baseline"),
            reader(treatment, "treatment"),
        )
    diff = value_b - value_a
    se = math.sqrt(var_a / n_a + var_b / n_b)
    from statistics import NormalDist  # here, not above: importing it costs ~50 ms in Pyodide

    z = NormalDist().inv_cdf(0.5 + level / 2)
    low, high = diff - z * se, diff + z * se
    note = _ab_note(kind, level, (value_a, n_a), (value_b, n_b), (var_a, var_b))
    return {
        "kind": kind,
        "baseline": value_a,
        "treatment": value_b,
        "diff": diff,
        "relative_diff": diff / value_a if value_a else None,
        "se": se,
        "confidence": level,
        "low": low,
        "high": high,
        "significant": low > 0 or high < 0,
        "note": " ".join(part["message"] for part in note),
        "note_said": note,
    }


def _cohort_kind(baseline_value: object, treatment_value: object) -> str:
    baseline = _cohort(baseline_value, "baseline")
    treatment = _cohort(treatment_value, "treatment")
    if "successes" in baseline and "successes" in treatment:
        return "proportion"
    if "mean" in baseline and "mean" in treatment:
        return "mean"
    raise InputError(
        f"{COHORTS['treatment']} must describe the same kind of cohort as the baseline: both"
        " successes and a size, or both a mean, a standard deviation and a size",
        field="treatment",
        label=COHORTS["treatment"],
        message_id="roi.error.same_kind",
        values={"label": field_said("treatment")},
    )


def _cohort(value: object, path: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(
            f"{COHORTS[path]} must be an object (got {value!r})",
            field=path,
            label=COHORTS[path],
            message_id="roi.error.not_object",
            values={"label": field_said(path), "got": repr(value)},
        )
    return value


class _Cohort:
    """One cohort's fields, each named by its label ("Baseline cohort, Cohort size")."""

    def __init__(self, value: dict, path: str, known: tuple[str, ...]) -> None:
        self.value, self.path = value, path
        for key in value:
            if key not in known:
                raise InputError(
                    f"{COHORTS[path]}: '{key}' is not a known field"
                    f" (known: {', '.join(FIELDS[k]['label'] for k in known)})",
                    field=f"{path}.{key}",
                    label=COHORTS[path],
                    message_id="roi.error.unknown_field",
                    values={
                        "label": field_said(path),
                        "key": key,
                        "known": [field_said(k) for k in known],
                    },
                )

    def number(self, key: str, *, low=None, high=None, whole: bool = False) -> float:
        field = f"{self.path}.{key}"
        said = _field_of(field_said(self.path), field_said(key))
        label = said["message"] if isinstance(said, dict) else said
        if key not in self.value:
            raise InputError(
                f"{label} is required",
                field=field,
                label=label,
                message_id="roi.error.required",
                values={"label": said},
            )
        number = _number(self.value[key], field, said, low=low, high=high)
        if whole and not number.is_integer():
            raise InputError(
                f"{label} must be a whole number (got {show_number(number)})",
                field=field,
                label=label,
                message_id="roi.error.whole",
                values={"label": said, "got": number},
            )
        return number


def _rate_cohort(value: dict, path: str) -> tuple[float, float, int]:
    cohort = _Cohort(value, path, ("successes", "n"))
    n = int(cohort.number("n", low=2, high=MAX_AMOUNT, whole=True))
    successes = cohort.number("successes", low=0, high=n, whole=True)
    p = successes / n
    return p, p * (1 - p), n


def _mean_cohort(value: dict, path: str) -> tuple[float, float, int]:
    cohort = _Cohort(value, path, ("mean", "sd", "n"))
    n = int(cohort.number("n", low=2, high=MAX_AMOUNT, whole=True))
    mean = cohort.number("mean")
    sd = cohort.number("sd", low=0)
    return mean, sd * sd, n


# The words of the interval's note by kind: its message id, what it compares, how.
_NOTES = {
    "proportion": ("roi.ab.note.rates", "rates", ", unpooled (Wald)."),
    "mean": ("roi.ab.note.means", "means", " with Welch's standard error."),
}


def _ab_note(
    kind: str,
    level: float,
    a: tuple[float, int],
    b: tuple[float, int],
    variances: tuple[float, float],
) -> list[dict]:
    """How the interval was made, as messages (the page says them one after the other)."""
    message_id, what, how = _NOTES[kind]
    shown = f"{level:.0%}"
    note = [
        message(
            message_id,
            f"{shown} interval for the difference in {what} (AI-assisted - baseline), normal"
            f" approximation{how}",
            level=message("roi.value.percent", shown, value=round(level * 100)),
        )
    ]
    if kind == "proportion":
        if any(min(p * n, (1 - p) * n) < 5 for p, n in (a, b)):
            note.append(
                message(
                    "roi.ab.note.rough",
                    "Fewer than 5 successes or failures in a cohort: the approximation is rough.",
                )
            )
        return note
    df = _welch_df(variances, (a[1], b[1]))
    if df is not None and df < 30:
        note.append(
            message(
                "roi.ab.note.few_df",
                f"Only about {df:.0f} degrees of freedom: a t interval would be wider.",
                df=round(df),
            )
        )
    return note


def _welch_df(variances: tuple[float, float], sizes: tuple[int, int]) -> float | None:
    parts = [v / n for v, n in zip(variances, sizes, strict=True)]
    denominator = sum(p * p / (n - 1) for p, n in zip(parts, sizes, strict=True))
    return sum(parts) ** 2 / denominator if denominator else None
