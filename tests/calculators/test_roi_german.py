"""The ROI engine's words on a page in another language: every field error, result note, period,
driver name and A/B note comes with its message id and values, a field's label among them as the
id of the words its form shows, so that a German page says each of them in German (tools.js
said() fills the strings as :func:`say` does here). It once named fields by their English labels
and wrote "Initial" and "Year 1" on a German page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from calculators import InputError, _browser
from calculators._ab import ab_compare
from calculators._numbers import typed_numbers
from calculators._roi import evaluate_case
from calculators._roi_input import form_vocabulary, show_number
from tests.conftest import put

from .test_roi import BAD_CASES, full_case

ROOT = Path(__file__).resolve().parents[2]
GERMAN_FORMAT = {"decimal": ",", "group": "."}


def strings(*parts: str) -> dict[str, str]:
    path = ROOT.joinpath("rubrics", *parts, "strings.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["strings"]


ENGLISH, GERMAN = strings(), strings("locales", "de")


def say(item, table: dict[str, str], decimal: str = ".") -> str:
    """What Python said, in the words of ``table``, as tools.js said() and t() fill them in:
    a value that is a message is said too, a number is written with ``decimal``."""
    if isinstance(item, dict) and "message" in item:
        message_id = item.get("message_id")
        if not message_id or message_id not in table:
            return item["message"]
        values = item.get("values") or {}

        def fill(match: re.Match) -> str:
            name = match.group(1)
            lower = name[0].lower() + name[1:]
            if name in values:
                return say(values[name], table, decimal)
            if lower in values:
                text = say(values[lower], table, decimal)
                return text[:1].upper() + text[1:]
            return match.group(0)

        return re.sub(r"\{([A-Za-z_]\w*)\}", fill, table[message_id]).replace("\xa0", " ")
    if isinstance(item, list):
        return ", ".join(say(v, table, decimal) for v in item)
    if isinstance(item, bool):
        return str(item)
    if isinstance(item, int | float):
        group = "," if decimal == "." else "."
        return show_number(item).translate({ord(","): group, ord("."): decimal})
    return str(item)


def errors_of(case: dict, **args) -> list[dict]:
    """The errors the page's engine gives for ``case`` (each as the worker sends it)."""
    request = {"fn": "roi", "args": {"case": case, **args}}
    reply = json.loads(_browser.handle(json.dumps(request)))
    assert not reply["ok"]
    return reply["error"]["errors"]


class TestFieldErrorsInTheFormsWords:
    @pytest.mark.parametrize(
        ("path", "value"), [c[:2] for c in BAD_CASES], ids=[f"{c[0]}={c[1]!r}" for c in BAD_CASES]
    )
    def test_every_error_has_an_id_whose_english_is_its_message(self, path, value):
        """The id and values say exactly what the English message says: nothing is lost."""
        for error in errors_of(put(full_case(), path, value)):
            assert error["message_id"] in ENGLISH, error
            assert say(error, ENGLISH) == error["message"]
            assert error["message_id"] in GERMAN, error

    def test_a_bad_benefit_line_and_a_negative_rate_are_named_by_their_german_labels(self):
        """Every bad field at once, each by the label its German form shows."""
        case = put(put(full_case(), "discount_rate", -2), "benefits[0].volume", -5)
        case = put(case, "benefits[0].unit_cost", "abc")
        errors = {
            e["field"]: say(e, GERMAN, ",") for e in errors_of(case, number_format=GERMAN_FORMAT)
        }
        line = f"{GERMAN['roi_field.item.benefits']} 1 (claims)"
        assert errors == {
            "discount_rate": f"{GERMAN['roi_field.label.discount_rate']} muss größer als -100 % sein"
            " (erhalten: -200 %)",
            "benefits[0].volume": f"{line}, {GERMAN['roi_field.label.volume']} muss mindestens 0"
            " sein (erhalten: -5)",
            "benefits[0].unit_cost": f"{line}, {GERMAN['roi_field.label.unit_cost']}: 'abc' ist"
            " keine Zahl",
        }

    def test_a_field_error_keeps_its_english_label_for_other_readers(self):
        """The English message and label stay as they were (results only grow)."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "benefits[0].volume", -5))
        assert err.value.label == "Benefit line 1 (claims), Volume"
        assert str(err.value) == "Benefit line 1 (claims), Volume must be at least 0 (got -5)"
        assert err.value.values["label"]["message_id"] == "roi.error.field_of"

    def test_another_calculators_export_is_named_in_german(self):
        reply = json.loads(
            _browser.handle(
                json.dumps(
                    {
                        "fn": "roi_import",
                        "args": {"data": {"format": "ai-scale-up-playbook/readiness"}},
                    }
                )
            )
        )
        assert say(reply["error"], GERMAN).startswith(
            f"dies ist {GERMAN['roi.error.kind.readiness']}, kein ROI-Fall"
        )


class TestResultWordsInGerman:
    def test_periods_are_said_in_the_pages_words(self):
        years = evaluate_case(full_case())["years"]
        assert [say(y["period_said"], GERMAN) for y in years] == ["Anfang", "Jahr 1", "Jahr 2"]
        assert [y["period"] for y in years] == ["Initial", "Year 1", "Year 2"]

    def test_sensitivity_drivers_are_named_by_the_german_labels(self):
        drivers = {d["driver"]: d for d in evaluate_case(full_case())["sensitivity"]["drivers"]}
        assert (
            say(drivers["discount_rate"]["label_said"], GERMAN)
            == GERMAN["roi_field.label.discount_rate"]
        )
        line = drivers["benefits.claims.volume"]
        assert say(line["label_said"], GERMAN) == f"claims: {GERMAN['roi_field.label.volume']}"
        assert say(line["label_said"], ENGLISH) == line["label"] == "claims: Volume"

    def test_every_note_is_said_in_german_and_in_english_as_before(self):
        """The notes of a case with a fraction typed as a percentage, no redeployed hours, a
        range with its own most likely value and a lopsided range, in both languages."""
        case = full_case()
        case["benefits"][0]["reduction"] = 0.003
        case["uncertainty"] = [
            {
                "driver": "adoption.target",
                "distribution": "triangular",
                "low": 0.1,
                "mode": 0.6,
                "high": 0.9,
            },
        ]
        result = evaluate_case(case, runs=300, seed=1)
        assert len(result["notes_said"]) == len(result["notes"]) >= 2
        for note, english in zip(result["notes_said"], result["notes"], strict=True):
            assert say(note, ENGLISH) == english
            assert note["message_id"] in GERMAN
        german = [say(n, GERMAN, ",") for n in result["notes_said"]]
        label = GERMAN["roi_field.label.reduction"]
        assert (
            f"Claims: {label} beträgt 0,3 %: Wenn Sie 30 % meinten, geben Sie 30 ein"
            in " ".join(german)
        )
        range_note = result["ranges"][0]["note_said"]
        assert say(range_note, ENGLISH) == result["ranges"][0]["note"]
        assert GERMAN["roi_field.label.adoption_target"] in say(range_note, GERMAN, ",")

    def test_the_ab_note_is_said_in_german(self):
        r = ab_compare({"mean": 12, "sd": 4, "n": 10}, {"mean": 10.5, "sd": 4, "n": 10})
        assert " ".join(say(n, ENGLISH) for n in r["note_said"]) == r["note"]
        assert [say(n, GERMAN) for n in r["note_said"]] == [
            "95 %-Intervall für die Differenz der Mittelwerte (mit KI − Ausgangsgruppe),"
            " Normalapproximation mit dem Standardfehler nach Welch.",
            "Nur etwa 18 Freiheitsgrade: Ein t-Intervall wäre breiter.",
        ]


class TestAbTypedNumbers:
    def test_the_ab_panel_reads_numbers_typed_the_german_way(self):
        """The A/B panel's numbers, typed as a German reader writes them, are numbers."""
        r = ab_compare(
            {"mean": "12,5", "sd": "4", "n": "1.000"},
            {"mean": "10,5", "sd": "4", "n": "1.000"},
            confidence="0,9",
            number_format=GERMAN_FORMAT,
        )
        assert (r["baseline"], r["treatment"], r["confidence"]) == (12.5, 10.5, 0.9)

    def test_a_bad_ab_field_is_named_by_its_german_label(self):
        with pytest.raises(InputError) as err:
            ab_compare(
                {"successes": 1, "n": "2,5"}, {"successes": 1, "n": 10}, number_format=GERMAN_FORMAT
            )
        label = f"{GERMAN['roi_field.label.baseline']}, {GERMAN['roi_field.label.n']}"
        assert (
            say(err.value.errors[0], GERMAN, ",")
            == f"{label} muss eine ganze Zahl sein (erhalten: 2,5)"
        )


class TestFormWritesTheLanguagesDecimal:
    def test_a_german_form_shows_a_decimal_comma(self):
        """The form's inputs show "0,3" where their help says "0,3" (it showed "0.3")."""
        german = form_vocabulary(lambda key: GERMAN.get(key, ENGLISH.get(key)), "de")
        english = form_vocabulary()
        assert german["shown"](0.003, "percent") == "0,3"
        assert german["shown"](1.5) == "1,5"
        assert german["shown"](250000) == "250000"
        assert english["shown"](0.003, "percent") == "0.3"
        assert english["shown"](1234567.5) == "1234567.5"

    def test_the_page_script_gets_the_separator_the_build_writes(self):
        """roi-case.js writes inputs with the vocabulary's decimal, the one the build wrote them
        with: one separator for a page, from its strings (the script had its own, from Intl)."""
        german = form_vocabulary(lambda key: GERMAN.get(key, ENGLISH.get(key)), "de")
        english = form_vocabulary(lambda key: ENGLISH.get(key))
        assert (german["page"]["decimal"], english["page"]["decimal"]) == (",", ".")
        assert json.loads(json.dumps(german["page"]))["decimal"] == ","
        assert german["shown"](1.5).replace(german["page"]["decimal"], ".") == "1.5"

    def test_the_german_help_writes_the_separator_the_form_writes(self):
        assert "0,3 = 0,3 %" in GERMAN["roi_field.help.conversion_uplift"]
        assert GERMAN["roi_form.decimal_separator"] == ","


class TestStageGatesInGerman:
    def test_a_typed_chance_is_read_the_german_way(self):
        """The ROI page's typed odds ("12,5" %) are numbers in the page's format."""
        gates = {"from": "typed", "gates": [{"id": "reach_production", "probability": "12,5"}]}
        with typed_numbers(GERMAN_FORMAT) as read:
            result = evaluate_case({**full_case(), "stage_gates": gates})
        assert read == {"stage_gates.gates[0].probability": 0.125}
        (row,) = result["stage_gates"]["gates"]
        assert row["probability"] == 0.125
        assert say(row["title_said"], GERMAN) == GERMAN["stage_gates.gate.reach_production"]
        assert row["title"] == "Reaches production"

    def test_a_bad_chance_is_named_by_the_gates_german_name(self):
        gates = {"from": "typed", "gates": [{"id": "reach_production", "probability": "150"}]}
        (error,) = errors_of({**full_case(), "stage_gates": gates}, number_format=GERMAN_FORMAT)
        assert say(error, ENGLISH) == error["message"]
        assert say(error, GERMAN, ",") == (
            f"Gate „{GERMAN['stage_gates.gate.reach_production']}“: Die Wahrscheinlichkeit muss"
            " zwischen 0 % und 100 % liegen (erhalten: 150 %)"
        )
