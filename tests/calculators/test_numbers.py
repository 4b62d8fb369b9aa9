"""calculators._numbers: numbers as a reader types them, in the page's locale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from calculators import _browser
from calculators._errors import InputError
from calculators._numbers import parse_number, typed_numbers

ROOT = Path(__file__).resolve().parents[2]
DE = {"decimal": ",", "group": "."}
EN = {"decimal": ".", "group": ","}


class TestParseNumber:
    """parse_number reads the locale's decimal and group separators."""

    def test_german_and_english_thousands_with_decimals(self):
        assert parse_number("1.234,5", DE) == 1234.5
        assert parse_number("1,234.5", EN) == 1234.5

    @pytest.mark.parametrize(
        ("text", "fmt", "number"),
        [
            ("0,25", DE, 0.25),
            ("-12,5", DE, -12.5),
            ("−3", DE, -3.0),  # the minus sign Intl writes
            ("1.000.000", DE, 1_000_000.0),
            ("1 234,5", DE, 1234.5),
            ("1\u202f234,5", DE, 1234.5),
            ("2.5", DE, 2.5),  # one dot that cannot group digits: a decimal point
            ("2,5", EN, 2.5),
            ("1,234", EN, 1234.0),
            ("12", EN, 12.0),
            (".5", EN, 0.5),
        ],
    )
    def test_reads(self, text, fmt, number):
        assert parse_number(text, fmt) == number

    @pytest.mark.parametrize("text", ["1.234,5", "1,2,3", "1.2.3,4"])
    def test_ambiguous_input_names_the_format_the_page_expects(self, text):
        with pytest.raises(InputError) as err:
            parse_number(text, EN, label="Amount", field="costs[0].amount")
        assert re.search(
            r"^Amount: '.*' is not a number as this page writes them \(decimal separator '\.', "
            r"thousands ','; for example 1,234\.5\)$",
            str(err.value),
        )
        assert err.value.field == "costs[0].amount"
        assert err.value.message_id == "error.number.format"
        assert err.value.values["example"] == "1,234.5"

    def test_words_are_not_a_number(self):
        with pytest.raises(InputError, match=r"^Amount: 'abc' is not a number$") as err:
            parse_number("abc", DE, label="Amount")
        assert err.value.message_id == "error.number.not_a_number"


class TestTypedNumbersInTheEngine:
    """The page passes its locale's separators; the ROI case's typed strings parse in Python."""

    def case(self) -> dict:
        rubric = yaml.safe_load((ROOT / "rubrics" / "kpis.yaml").read_text(encoding="utf-8"))
        _browser.configure(json.dumps({"kpis": rubric}))
        return json.loads(_browser.handle('{"fn": "roi_template", "args": {}}'))["value"]

    def roi(self, case, number_format=None) -> dict:
        args = {"case": case, **({"number_format": number_format} if number_format else {})}
        return json.loads(_browser.handle(json.dumps({"fn": "roi", "args": args})))

    def test_a_german_percentage_is_read_as_the_page_shows_it(self):
        case = self.case()
        typed = self.roi({**case, "discount_rate": "10,5"}, DE)
        plain = self.roi({**case, "discount_rate": 0.105})
        assert typed["ok"], typed
        assert typed["value"]["npv"] == plain["value"]["npv"]

    def test_the_result_gives_back_the_numbers_it_read(self):
        """The page keeps numbers in its case (storage, export, share link), not the typed text."""
        case = self.case()
        case["costs"][0]["amount"] = "1.234,5"
        reply = self.roi({**case, "discount_rate": "12,5"}, DE)
        assert reply["ok"], reply
        assert reply["value"]["typed_numbers"] == {
            "discount_rate": 0.125,
            "costs[0].amount": 1234.5,
        }

    def test_the_yearly_csv_reads_typed_numbers_too(self):
        case = self.case()
        typed = {**case, "discount_rate": "12,5"}
        args = {"case": typed, "number_format": DE}
        reply = json.loads(_browser.handle(json.dumps({"fn": "roi_years_csv", "args": args})))
        plain = {"case": {**case, "discount_rate": 0.125}}
        expected = json.loads(_browser.handle(json.dumps({"fn": "roi_years_csv", "args": plain})))
        assert reply["ok"], reply
        assert reply["value"] == expected["value"]

    def test_a_case_of_numbers_reads_no_typed_numbers(self):
        reply = self.roi(self.case(), DE)
        assert reply["ok"], reply
        assert "typed_numbers" not in reply["value"]

    def test_without_a_page_format_a_string_stays_refused(self):
        reply = self.roi({**self.case(), "discount_rate": "10,5"})
        assert not reply["ok"]
        assert re.search(r"'10,5' is not a number", reply["error"]["message"])
        assert reply["error"]["errors"][0]["message_id"] == "error.number.not_a_number"

    def test_a_bad_number_format_is_refused(self):
        with pytest.raises(InputError, match="number_format"), typed_numbers({"decimal": ","}):
            pass
