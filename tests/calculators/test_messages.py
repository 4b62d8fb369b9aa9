"""Python's reader-facing messages carry a message id (rubrics/strings.yaml) and its values
beside the English text, so a page in another language never parses English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from calculators import _browser, _maturity
from calculators._errors import InputError

ROOT = Path(__file__).resolve().parents[2]
# A message id in Python: an area the interface strings hold, then dotted snake_case.
MESSAGE_ID = re.compile(
    r'"((?:error|maturity|readiness|roi|stage_gates)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"'
)


def rubric(name: str) -> dict:
    return yaml.safe_load((ROOT / "rubrics" / f"{name}.yaml").read_text(encoding="utf-8"))


class TestMessageIds:
    """Python's messages carry an id the interface strings know, and the values it needs."""

    def strings(self) -> dict:
        data = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text(encoding="utf-8"))
        return data["strings"]

    def test_every_message_id_in_the_calculators_exists(self):
        known = self.strings()
        used = set()
        for file in (ROOT / "calculators").glob("*.py"):
            used |= set(MESSAGE_ID.findall(file.read_text(encoding="utf-8")))
        assert used, "no message ids found"
        assert sorted(used - set(known)) == []

    def test_readiness_errors_carry_their_id_and_values(self):
        _browser.configure(json.dumps({"root_causes": rubric("root_causes")}))
        reply = json.loads(
            _browser.handle(
                json.dumps({"fn": "readiness", "args": {"answers": {"named_pl_sponsor": "maybe"}}})
            )
        )
        error = reply["error"]
        assert error["message_id"] == "error.readiness.bad_answer"
        assert error["values"]["check"] == "named_pl_sponsor"
        assert error["values"]["got"] == "'maybe'"
        # The English text stays, unchanged, beside the id (results only grow).
        assert error["message"].startswith("'named_pl_sponsor' must be 'yes', 'no', 'dont_know'")
        filled = self.strings()[error["message_id"]].format(**error["values"])
        assert filled == error["message"]

    def test_several_fields_carry_the_collected_id(self):
        both = InputError.collect([InputError("A", field="a"), InputError("B", field="b")])
        assert both.message_id == "error.fields_need_correcting"
        assert both.values == {"count": 2, "messages": "A; B"}


class TestMaturityExplanations:
    """The maturity result's explanations: English as before, and by id, sentence by sentence."""

    def result(self, pick) -> dict:
        maturity = rubric("maturity")
        answers = {q["id"]: pick(q["options"])["value"] for q in maturity["questions"]}
        return _maturity.assess(maturity, answers)

    def test_overall_why_is_its_messages_joined(self):
        overall = self.result(lambda options: options[len(options) // 2])["overall"]
        assert overall["why"] == " ".join(m["message"] for m in overall["why_messages"])
        assert overall["why_messages"][-1]["message_id"] == "maturity.overall.result"
        assert overall["why_messages"][-1]["values"] == {"level": overall["level"]}

    def test_every_explanation_fills_its_english_string(self):
        """The English string of each id, filled with its values, is the text Python gives."""
        strings = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text())["strings"]

        def filled(item) -> str:
            values = {
                k: "; ".join(filled(v) for v in vs) if isinstance(vs, list) else vs
                for k, vs in item["values"].items()
            }
            text = strings[item["message_id"]]
            return re.sub(r"\{(\w+)\}", lambda m: _english(values[m.group(1)]), text)

        for pick in (lambda o: o[0], lambda o: o[len(o) // 2], lambda o: o[-1]):
            result = self.result(pick)
            items = [*result["overall"]["why_messages"], *result["overall"]["limited_by"]]
            items += [d["why_message"] for d in result["dimensions"] if d.get("why_message")]
            for item in items:
                assert filled(item) == item.get("message", item.get("text")), item["message_id"]


def _english(value) -> str:
    """A value as Python's English writes it in these messages (two decimals for fractions)."""
    return f"{value:.2f}" if isinstance(value, float) else str(value)


class TestReadinessFiles:
    """A refused pilot file says which pilot, by id too, with the pilot's own problem inside."""

    def test_a_bad_answer_in_a_named_pilot(self):
        from calculators._readiness import read_pilots

        with pytest.raises(InputError) as err:
            read_pilots(rubric("root_causes"), {"pilot": "A", "answers": {"named_pl_sponsor": 3}})
        assert err.value.message_id == "error.readiness.in_named_pilot"
        assert err.value.values["name"] == "A"
        (inner,) = err.value.values["error"]
        assert inner["message_id"] == "error.readiness.bad_answer"
        assert str(err.value) == f"pilot 'A': {inner['message']}"


class TestAssessmentWordsInThePagesLanguage:
    """Issue 17: a German assessment said "(Don't know, L1)", "Pass the L4 gate: ..." and the
    evidence rule in English: Python gave them as English text only."""

    def test_dont_know_gate_actions_and_the_evidence_rule_have_german_words(self):
        from tests.calculators import german

        rubric_ = rubric("maturity")
        questions = [q for q in rubric_["questions"] if not q.get("retired")]
        answers = {q["id"]: "dont_know" for q in questions}
        result = _maturity.assess(rubric_, answers)
        held = [a for d in result["dimensions"] for a in d["held_back_by"]]
        assert held
        assert {german.said(a["answer_said"]) for a in held} == {"Weiß nicht"}
        assert {a["answer_label"] for a in held} == {"Don't know"}
        gates = [a for a in result["actions"] if a["kind"] == "gate"]
        assert gates
        for action in gates:
            assert german.said(action["text_said"]).startswith("Die Schwelle für L")
            assert action["text_said"]["message"] == action["text"]
        rule = result["evidence"]["rule_said"]
        assert rule["message"] == result["evidence"]["rule_text"]
        assert german.said(rule).startswith("Antworten ab L4 auf die Fragen der Schwellen brauchen")
