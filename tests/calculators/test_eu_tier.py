"""calculators._references.tier_obligations: the obligations an EU AI Act risk tier brings, with
the dates of Art. 113 and, marked apart, a proposed amendment's dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators import _browser
from calculators._errors import InputError
from calculators._references import tier_obligations
from calculators._rubric_files import load_rubrics

ROOT = Path(__file__).resolve().parents[2]
EU = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["eu_ai_act"]


def refs(out: dict) -> list[str]:
    return [o["ref"] for o in out["obligations"]]


class TestTierObligations:
    def test_annex_iii_brings_the_high_risk_duties_from_august_2026(self):
        """Arts. 9-15, 17, 26, 27 from 2 August 2026 (Art. 113), the Omnibus date only as proposed."""
        out = tier_obligations(EU, "high_risk_annex_iii", on="2026-12-01")
        assert refs(out) == [
            "Art. 4",
            *[f"Art. {n}" for n in range(9, 16)],
            "Art. 17",
            "Art. 26",
            "Art. 27",
        ]
        art_9 = next(o for o in out["obligations"] if o["ref"] == "Art. 9")
        assert (art_9["from"], art_9["applies"]) == ("2026-08-02", True)
        assert art_9["proposed_from"] == "2027-12-02"
        assert out["tier"]["proposed_from"] == "2027-12-02"

    def test_annex_i_applies_from_august_2027(self):
        """Annex I systems: Art. 113(c), 2 August 2027; no Art. 27 (it names Annex III only)."""
        out = tier_obligations(EU, "high_risk_annex_i", on="2026-12-01")
        assert "Art. 27" not in refs(out)
        art_9 = next(o for o in out["obligations"] if o["ref"] == "Art. 9")
        assert (art_9["from"], art_9["applies"]) == ("2027-08-02", False)

    def test_transparency_tier_brings_art_50(self):
        assert refs(tier_obligations(EU, "transparency", on="2026-12-01")) == ["Art. 4", "Art. 50"]

    def test_dont_know_lists_only_what_applies_to_every_system(self):
        """Unknown is never a tier: only AI literacy (Art. 4), and the result says it is unknown."""
        out = tier_obligations(EU, "dont_know", on="2026-12-01")
        assert out["known"] is False
        assert out["tier"] is None
        assert refs(out) == ["Art. 4"]

    def test_unknown_tier_names_the_field_and_the_choices(self):
        with pytest.raises(InputError) as err:
            tier_obligations(EU, "high", on="2026-12-01")
        assert err.value.field == "tier"
        assert "high_risk_annex_iii" in str(err.value)
        assert "dont_know" in str(err.value)

    def test_worker_answers_eu_tier(self):
        _browser.configure(json.dumps({"eu_ai_act": EU}), ["readiness"])
        reply = json.loads(
            _browser.handle(
                json.dumps({"fn": "eu_tier", "args": {"tier": "transparency", "on": "2026-12-01"}})
            )
        )
        assert reply["ok"], reply
        assert [o["ref"] for o in reply["value"]["obligations"]] == ["Art. 4", "Art. 50"]


def applies(out: dict) -> dict[str, bool]:
    return {o["ref"]: o["applies"] for o in out["obligations"]}


class TestWhatAppliesOnADate:
    """tier_obligations(on=...): what applies on the day the reader picks (Art. 113)."""

    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            ("2025-02-01", False),  # the day before Art. 113(a)
            ("2025-02-02", True),  # the boundary day itself
            ("2026-07-01", True),
        ],
    )
    def test_ai_literacy_applies_from_2_february_2025(self, on, expected):
        assert applies(tier_obligations(EU, "minimal", on=on))["Art. 4"] is expected

    @pytest.mark.parametrize(
        ("on", "expected"),
        [("2026-07-01", False), ("2026-08-01", False), ("2026-08-02", True), ("2027-01-01", True)],
    )
    def test_annex_iii_duties_apply_from_2_august_2026(self, on, expected):
        """Before the Art. 113 date none of Arts. 9-27 applies; on and after it, each does."""
        out = applies(tier_obligations(EU, "high_risk_annex_iii", on=on))
        assert out["Art. 4"] is True
        assert {ref: v for ref, v in out.items() if ref != "Art. 4"} == dict.fromkeys(
            [*[f"Art. {n}" for n in range(9, 16)], "Art. 17", "Art. 26", "Art. 27"], expected
        )

    @pytest.mark.parametrize(
        ("on", "expected"), [("2027-08-01", False), ("2027-08-02", True), ("2028-01-01", True)]
    )
    def test_annex_i_duties_apply_from_2_august_2027(self, on, expected):
        assert applies(tier_obligations(EU, "high_risk_annex_i", on=on))["Art. 9"] is expected

    @pytest.mark.parametrize(("on", "expected"), [("2026-08-01", False), ("2026-08-02", True)])
    def test_transparency_applies_from_2_august_2026(self, on, expected):
        assert applies(tier_obligations(EU, "transparency", on=on))["Art. 50"] is expected

    def test_the_proposed_date_never_decides_what_applies(self):
        """Between 2 August 2026 and the Omnibus date, the date in force decides; the proposed
        one is only shown, with its own source."""
        out = tier_obligations(EU, "high_risk_annex_iii", on="2027-06-01")
        art_9 = next(o for o in out["obligations"] if o["ref"] == "Art. 9")
        assert art_9["applies"] is True
        assert art_9["proposed_from"] == "2027-12-02"
        assert "Digital Omnibus" in art_9["proposed_source"]["cite"]
        assert art_9["source"]["cite"].startswith("Art. 113")

    def test_the_result_says_which_day_it_is_for(self):
        assert tier_obligations(EU, "minimal", on="2026-08-02")["on"] == "2026-08-02"

    @pytest.mark.parametrize("bad", ["", "2026-02-30", "02/08/2026", "tomorrow", 20260802])
    def test_a_bad_date_names_its_label(self, bad):
        """The message names the field by the label the page shows next to it."""
        with pytest.raises(InputError) as err:
            tier_obligations(EU, "minimal", on=bad)
        assert err.value.field == "on"
        assert err.value.label == "What applies on"
        assert str(err.value).startswith("'What applies on' must be a calendar date, YYYY-MM-DD")

    def test_a_bad_tier_and_a_bad_date_are_reported_together(self):
        with pytest.raises(InputError) as err:
            tier_obligations(EU, "high", on="2026-13-01")
        assert [e["field"] for e in err.value.errors] == ["on", "tier"]

    def test_worker_answers_for_the_picked_day(self):
        _browser.configure(json.dumps({"eu_ai_act": EU}), ["readiness"])
        ask = lambda on: json.loads(  # noqa: E731
            _browser.handle(
                json.dumps({"fn": "eu_tier", "args": {"tier": "transparency", "on": on}})
            )
        )
        assert applies(ask("2026-08-01")["value"]) == {"Art. 4": True, "Art. 50": False}
        assert applies(ask("2026-08-02")["value"]) == {"Art. 4": True, "Art. 50": True}
        refused = ask("")
        assert refused["error"]["field"] == "on"
        assert refused["error"]["label"] == "What applies on"
