"""The portfolio roll-up (issue 13): many exports, one picture; the files it must refuse."""

from __future__ import annotations

import copy
import json
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError, _browser
from calculators._maturity import assess
from calculators._maturity_io import export_assessment
from calculators._portfolio import portfolio, portfolio_csv, portfolio_text, stats
from tests.calculators import german
from tests.calculators.test_maturity import MATURITY, QUESTIONS
from tests.conftest import examples

DIMS = [d["id"] for d in MATURITY["dimensions"] if not d.get("retired")]


def at_level(level: int) -> dict:
    """Answers with every question at the option nearest ``level``."""
    return {
        q["id"]: min(q["options"], key=lambda o: (abs(o["level"] - level), o["level"]))["value"]
        for q in QUESTIONS
    }


def export(answers: dict, team: str | None = "Payments", **about) -> dict:
    return export_assessment(
        MATURITY, answers, about={"team": team, **about}, exported_at="2026-03-31T12:00:00Z"
    )


def entry(name: str, data) -> dict:
    return {"file": name, "text": data if isinstance(data, str) else json.dumps(data)}


def random_answers(rng: random.Random) -> dict:
    return {q["id"]: rng.choice(q["options"])["value"] for q in QUESTIONS}


class TestStats:
    """stats: the median, quartiles, min and max of levels, None left out."""

    def test_quartiles_are_the_inclusive_method(self):
        """The same quartiles as statistics.quantiles(method='inclusive') (numpy's default)."""
        levels = [1, 2, 2, 3, 5, 4, 4]
        q1, median, q3 = statistics.quantiles(levels, n=4, method="inclusive")
        out = stats(levels)
        assert (out["q1"], out["median"], out["q3"]) == (q1, median, q3)
        assert (out["min"], out["max"], out["range"]) == (1, 5, 4)

    def test_one_respondent_is_every_statistic(self):
        assert stats([3]) | {"respondents": 0} == {
            "respondents": 0,
            "median": 3,
            "q1": 3,
            "q3": 3,
            "min": 3,
            "max": 3,
            "iqr": 0,
            "range": 0,
        }

    def test_no_level_is_none_not_zero(self):
        out = stats([None, None])
        assert out["respondents"] == 0
        assert out["median"] is None

    @settings(max_examples=examples(200), deadline=None)
    @given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=40), st.randoms())
    def test_order_statistics_hold_for_any_levels(self, levels, rng):
        """min <= q1 <= median <= q3 <= max, the median is statistics.median, order does not matter."""
        out = stats(levels)
        assert out["min"] <= out["q1"] <= out["median"] <= out["q3"] <= out["max"]
        assert out["median"] == statistics.median(levels)
        shuffled = list(levels)
        rng.shuffle(shuffled)
        assert stats(shuffled) == out


class TestPortfolio:
    """portfolio: the contract of `python -m calculators portfolio --format json`."""

    def test_levels_are_those_assess_gives_each_file(self):
        rng = random.Random(5)
        answers = [random_answers(rng) for _ in range(4)]
        out = portfolio(MATURITY, [entry(f"{i}.json", export(a)) for i, a in enumerate(answers)])
        assert out["respondents"] == 4
        assert out["skipped"] == []
        results = [assess(MATURITY, a) for a in answers]
        assert out["overall"]["levels"] == [r["overall"]["level"] for r in results]
        for i, dim in enumerate(out["dimensions"]):
            assert dim["id"] == DIMS[i]
            assert dim["levels"] == [r["dimensions"][i]["level"] for r in results]
            assert dim["median"] == statistics.median(dim["levels"])
        assert set(out["overall"]) >= {"median", "min", "max"}
        assert {"id", "median", "q1", "q3", "min", "max", "levels"} <= set(out["dimensions"][0])

    def test_a_file_with_a_blank_question_is_marked_provisional(self):
        """An L5 from 7 of 33 answers read as plain "L5" in the files table; each file now says
        whether it is provisional, as ``assess`` does."""
        from tests.calculators.test_maturity_range import seven_at_the_top

        full, seven = at_level(5), seven_at_the_top()
        out = portfolio(
            MATURITY, [entry("full.json", export(full)), entry("7.json", export(seven))]
        )
        rows = {f["file"]: f for f in out["files"]}
        assert rows["7.json"]["overall"] == 5
        assert rows["7.json"]["provisional"] is assess(MATURITY, seven)["provisional"] is True
        assert rows["full.json"]["provisional"] is assess(MATURITY, full)["provisional"] is False

    def test_bad_files_are_listed_with_the_reason_and_the_rest_used(self):
        good = export(at_level(2))
        tampered = copy.deepcopy(good)
        tampered["result"]["dimensions"][0]["level"] = 5
        other = {**good, "rubric": {"id": "root_causes", "version": "1.0.0"}}
        newer = {**good, "rubric": {"id": "maturity", "version": "99.0.0"}}
        wrong_answer = copy.deepcopy(good)
        wrong_answer["answers"][QUESTIONS[0]["id"]] = "always"
        files = [
            entry("good.json", good),
            entry("broken.json", '{"answers": '),
            entry("tampered.json", tampered),
            entry("other.json", other),
            entry("newer.json", newer),
            entry("wrong.json", wrong_answer),
            {"file": "gone.json", "error": "cannot read (No such file or directory)"},
        ]
        out = portfolio(MATURITY, files)
        assert out["respondents"] == 1
        reasons = {s["file"]: s["reason"] for s in out["skipped"]}
        assert reasons["broken.json"].startswith("not valid JSON")
        assert reasons["tampered.json"].startswith(f"tampered: it states level 5 for '{DIMS[0]}'")
        assert "'root_causes', not 'maturity'" in reasons["other.json"]
        assert "newer major version" in reasons["newer.json"]
        assert "cannot be 'always'" in reasons["wrong.json"]
        assert reasons["gone.json"] == "cannot read (No such file or directory)"

    def test_an_older_version_without_about_is_used(self):
        """Old exports (no 'about', another minor version, a question since removed) still count."""
        old = {
            "format": "ai-scale-up-playbook/assessment",
            "rubric": {"id": "maturity", "version": "0.1.0"},
            "exported_at": "2025-12-01T08:00:00Z",
            "answers": {**at_level(3), "question_since_removed": "yes"},
            "result": {"overall": {"level": 1}, "dimensions": []},  # not checked across versions
        }
        out = portfolio(MATURITY, [entry("old.json", old)])
        assert out["respondents"] == 1
        assert out["files"][0]["date"] == "2025-12-01"
        assert out["files"][0]["team"] is None
        assert any("question_since_removed" in n for n in out["notes"])

    def test_the_answers_file_of_the_command_line_is_used(self):
        plain = {"rubric": {"id": "maturity", "version": MATURITY["version"]}, "answers": {}}
        out = portfolio(MATURITY, [{"file": "a.yaml", "data": plain}])
        assert out["respondents"] == 1
        assert out["overall"]["median"] is None

    def test_disagreement_two_levels_apart_within_a_team_only(self):
        low, high = at_level(1), at_level(4)
        files = [
            entry("a1.json", export(low, "A", respondent="Ana")),
            entry("a2.json", export(high, "A")),
            entry("b1.json", export(low, "B")),
            entry("c1.json", export(at_level(3), "C")),
            entry("c2.json", export(at_level(4), "C")),
        ]
        out = portfolio(MATURITY, files)
        teams = {d["team"] for d in out["disagreements"]}
        assert teams == {"A"}  # B has one respondent; C's are one level apart
        questions = [d for d in out["disagreements"] if d["kind"] == "question"]
        assert {d["question"] for d in questions} >= {QUESTIONS[0]["id"]}
        assert all(max(d["levels"]) - min(d["levels"]) >= 2 for d in out["disagreements"])
        dims = [d for d in out["disagreements"] if d["kind"] == "dimension"]
        assert dims
        assert all(d["questions"] for d in dims)  # the questions that differ
        assert dims[0]["by"][0]["respondent"] == "Ana"

    def test_by_team_gives_each_team_its_statistics(self):
        files = [
            entry("a1.json", export(at_level(1), "Alpha")),
            entry("a2.json", export(at_level(3), "Alpha")),
            entry("n.json", export(at_level(2), None)),
        ]
        out = portfolio(MATURITY, files, by="team")
        assert [t["team"] for t in out["teams"]] == ["Alpha", None]
        assert out["teams"][0]["respondents"] == 2
        assert out["teams"][0]["dimensions"][0]["levels"] == [
            out["files"][0]["dimensions"][DIMS[0]],
            out["files"][1]["dimensions"][DIMS[0]],
        ]
        assert "teams" not in portfolio(MATURITY, files)

    def test_next_actions_count_the_teams_they_would_lift(self):
        files = [entry(f"{t}.json", export(at_level(2), t)) for t in ("A", "B", "C")]
        files.append(entry("d.json", export(at_level(5), "D")))
        out = portfolio(MATURITY, files)
        assert out["actions"]
        assert out["actions"][0]["teams"] == 3
        assert out["actions"][0]["team_names"] == ["A", "B", "C"]
        counts = [a["teams"] for a in out["actions"]]
        assert counts == sorted(counts, reverse=True)

    def test_a_file_without_a_level_is_said_not_hidden_in_the_count(self):
        """Three respondents, one of them with no answers yet: the report said "Respondents: 3"
        above statistics of two, with no word of the third."""
        files = [entry("a.json", export(at_level(3))), entry("b.json", export(at_level(2)))]
        files.append(entry("blank.json", export({})))
        out = portfolio(MATURITY, files)
        assert out["respondents"] == 3
        assert out["overall"]["respondents"] == 2
        assert any(n.startswith("blank.json: no overall level yet") for n in out["notes"])
        text = portfolio_text(out)
        assert "Overall (2 with a level):" in text
        assert "blank.json: no overall level yet" in text

    def test_nothing_usable_is_zero_respondents_not_an_error(self):
        out = portfolio(MATURITY, [entry("x.json", "[]")])
        assert out["respondents"] == 0
        assert out["skipped"][0]["reason"].startswith("not an assessment file")
        assert out["overall"]["median"] is None

    def test_bad_arguments_are_refused(self):
        with pytest.raises(InputError, match="must be a list"):
            portfolio(MATURITY, {"file": "x"})
        with pytest.raises(InputError, match="only by team"):
            portfolio(MATURITY, [], by="respondent")

    @settings(max_examples=examples(15), deadline=None)
    @given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=6))
    def test_the_roll_up_does_not_depend_on_the_order_of_the_files(self, rng, count):
        files = [
            entry(f"{i}.json", export(random_answers(rng), rng.choice(["A", "B"])))
            for i in range(count)
        ]
        out = portfolio(MATURITY, files, by="team")
        shuffled = list(files)
        rng.shuffle(shuffled)
        again = portfolio(MATURITY, shuffled, by="team")
        keys = ("median", "q1", "q3", "min", "max", "respondents")
        assert [{k: d[k] for k in keys} for d in again["dimensions"]] == [
            {k: d[k] for k in keys} for d in out["dimensions"]
        ]
        assert {k: again["overall"][k] for k in keys} == {k: out["overall"][k] for k in keys}
        for d in out["dimensions"]:
            assert d["min"] <= d["median"] <= d["max"]

        def flags(result):
            return sorted(
                (d["team"], d["kind"], d["question"] or d["dimension"])
                for d in result["disagreements"]
            )

        assert flags(again) == flags(out)

    def test_trend_gives_each_team_its_medians_per_date_oldest_first(self):
        files = [
            entry("a-q2.json", export(at_level(3), "A", date="2026-06-30")),
            entry("a-q1.json", export(at_level(1), "A", date="2026-03-31")),
            entry("a-q1b.json", export(at_level(2), "A", date="2026-03-31")),
            entry("b.json", export(at_level(2), "B", date="2026-03-31")),
        ]
        trend = portfolio(MATURITY, files)["trend"]
        assert [(t["team"], t["date"], t["respondents"]) for t in trend] == [
            ("A", "2026-03-31", 2),
            ("A", "2026-06-30", 1),
            ("B", "2026-03-31", 1),
        ]
        q1 = [assess(MATURITY, at_level(n))["dimensions"][0]["level"] for n in (1, 2)]
        assert trend[0]["dimensions"][DIMS[0]] == statistics.median(q1)
        assert trend[1]["overall"] == assess(MATURITY, at_level(3))["overall"]["level"]


class TestReports:
    """portfolio_csv and portfolio_text."""

    def test_csv_has_a_row_per_dimension_team_and_skipped_file(self):
        files = [entry("a.json", export(at_level(2), "A")), entry("bad.json", "nope")]
        text = portfolio_csv(portfolio(MATURITY, files, by="team"))
        lines = text.splitlines()
        assert lines[0].startswith("team,scope,id,title,respondents,median,q1,q3,min,max")
        assert len(lines) == 1 + 2 * (1 + len(DIMS)) + 1
        assert lines[-1].startswith(",skipped,bad.json,")

    def test_text_names_the_left_out_files_and_the_disagreements(self):
        files = [
            entry("a1.json", export(at_level(1), "A")),
            entry("a2.json", export(at_level(4), "A")),
            entry("bad.json", "nope"),
        ]
        text = portfolio_text(portfolio(MATURITY, files, by="team"))
        assert "Respondents: 2" in text
        assert "bad.json: not valid JSON" in text
        assert "Disagreements" in text
        assert "A (2): overall" in text


def test_the_worker_rolls_up_and_writes_csv():
    """The page's worker calls the same engine: 'portfolio' and 'portfolio_csv'."""
    _browser.configure(json.dumps({"maturity": MATURITY}), ["portfolio"])
    files = [entry("a.json", export(at_level(2))), entry("t.json", "{")]
    reply = json.loads(
        _browser.handle(json.dumps({"fn": "portfolio", "args": {"files": files, "by": "team"}}))
    )
    assert reply["ok"], reply
    assert reply["value"]["respondents"] == 1
    assert reply["value"]["skipped"][0]["file"] == "t.json"
    csv_reply = json.loads(
        _browser.handle(json.dumps({"fn": "portfolio_csv", "args": {"result": reply["value"]}}))
    )
    assert csv_reply["value"].startswith("team,scope")


def share_link(key: str, data: dict) -> str:
    """A share link as the pages make it (tools.js: base64url of UTF-8 JSON, no padding)."""
    import base64

    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"http://127.0.0.1:8000/calculators/assessment/#{key}={raw}"


class TestPastedLinksAndFolders:
    """Share links pasted on the portfolio page, and the files of a dropped folder."""

    def test_a_share_link_is_read_as_the_assessment_it_carries(self):
        shared = {
            "rubric": {"id": MATURITY["id"], "version": MATURITY["version"]},
            "about": {"team": "Claims", "respondent": None, "date": "2026-03-31"},
            "answers": at_level(3),
        }
        out = portfolio(MATURITY, [{"file": "share link 1", "link": share_link("answers", shared)}])
        assert out["respondents"] == 1, out["skipped"]
        assert out["files"][0]["team"] == "Claims"
        assert out["overall"]["levels"] == [assess(MATURITY, at_level(3))["overall"]["level"]]

    def test_a_broken_or_foreign_link_is_left_out_with_the_reason(self):
        files = [
            {"file": "cut", "link": share_link("answers", {"answers": {}})[:-6]},
            {"file": "other", "link": "https://example.org/page#section"},
        ]
        reasons = {s["file"]: s["reason"] for s in portfolio(MATURITY, files)["skipped"]}
        assert "broken or incomplete" in reasons["cut"] or "not an assessment" in reasons["cut"]
        assert reasons["other"].startswith("not a share link of this site")

    def test_a_folder_file_not_ending_in_json_is_listed_as_skipped(self):
        files = [entry("a.json", export(at_level(2))), {"file": "notes.txt", "not_json": True}]
        out = portfolio(MATURITY, files)
        assert out["respondents"] == 1
        # reason_said (issue 17) grows each entry; the file and the English reason stay.
        assert [{k: s[k] for k in ("file", "reason")} for s in out["skipped"]] == [
            {
                "file": "notes.txt",
                "reason": "not a JSON file (only files ending in .json are read); not read",
            }
        ]


def with_targets(data: dict, targets) -> dict:
    return {**data, "targets": targets}


class TestProgressToTarget:
    """``progress``: (current - baseline) / (target - baseline), the earliest date the baseline."""

    def level(self, n: int, dim: str) -> int:
        return next(
            d["level"] for d in assess(MATURITY, at_level(n))["dimensions"] if d["id"] == dim
        )

    def test_progress_from_the_earliest_to_the_latest_date(self):
        dim = DIMS[0]
        base, now = self.level(1, dim), self.level(2, dim)
        files = [
            entry("q1.json", export(at_level(1), "A", date="2026-03-31")),
            entry("q2.json", with_targets(export(at_level(2), "A", date="2026-06-30"), {dim: 4})),
        ]
        out = portfolio(MATURITY, files)
        (row,) = [p for p in out["progress"] if p["dimension"] == dim]
        assert (row["baseline"], row["current"], row["target"]) == (base, now, 4)
        assert row["progress"] == pytest.approx((now - base) / (4 - base), abs=1e-4)
        assert row["why"] is None
        assert out["files"][1]["targets"] == {dim: 4}

    def test_undefined_when_the_target_is_not_above_the_baseline(self):
        dim = DIMS[0]
        base = self.level(3, dim)
        files = [
            entry("a.json", with_targets(export(at_level(3), "A", date="2026-03-31"), {dim: base}))
        ]
        (row,) = portfolio(MATURITY, files)["progress"]
        assert row["progress"] is None
        assert row["why"].startswith("undefined: the target")

    def test_exports_without_targets_give_no_progress(self):
        out = portfolio(MATURITY, [entry("a.json", export(at_level(2), "A"))])
        assert out["progress"] == []
        assert out["files"][0]["targets"] == {}

    def test_bad_targets_are_noted_and_the_file_still_used(self):
        bad = with_targets(export(at_level(2), "A"), {"nope": 3, DIMS[0]: 9, DIMS[1]: [1]})
        out = portfolio(MATURITY, [entry("a.json", bad)])
        assert out["respondents"] == 1
        assert len([n for n in out["notes"] if "target" in n]) == 3
        assert (
            portfolio(MATURITY, [entry("b.json", with_targets(export(at_level(2)), [3]))])[
                "respondents"
            ]
            == 1
        )

    def test_trend_series_for_the_chart_has_one_series_per_dimension_and_overall(self):
        files = [
            entry("q1.json", export(at_level(1), "A", date="2026-03-31")),
            entry(
                "q2.json", with_targets(export(at_level(3), "A", date="2026-06-30"), {DIMS[0]: 5})
            ),
            entry("b.json", export(at_level(2), "B", date="2026-03-31")),
        ]
        out = portfolio(MATURITY, files)
        series = out["trend_series"]
        assert {s["team"] for s in series} == {"A"}  # B has one date: no chart
        assert [s["dimension"] for s in series] == ["overall", *DIMS]
        first = series[1]
        assert first["dates"] == ["2026-03-31", "2026-06-30"]
        assert first["values"] == [
            t["dimensions"][DIMS[0]] for t in out["trend"] if t["team"] == "A"
        ]
        assert first["target"] == 5
        assert "Progress to target" in portfolio_text(out)


class TestReasonsAndNotesInThePagesLanguage:
    """Issue 17: a German page said 'tampered: it states level 5 for overall, but its answers
    give 3' and 'no overall level yet (too few answers)...' in English: the reasons and notes
    were English text with no message id."""

    def files(self) -> list[dict]:
        tampered = export(at_level(3))
        tampered["result"]["overall"]["level"] = 5
        old = export(at_level(2))
        old["rubric"]["version"] = "0.9.0"
        old["answers"]["long_gone_question"] = "x"
        old["targets"] = {"no_such_dimension": 3}
        return [
            entry("edited.json", tampered),
            entry("broken.json", "{ nicht json"),
            entry("foreign.json", {"hello": 1}),
            {"file": "notes.txt", "not_json": True},
            {"file": "link", "link": "https://example.org/page#top"},
            entry("old.json", old),
            entry("blank.json", export({})),
        ]

    def test_every_reason_and_note_has_german_words(self):
        out = portfolio(MATURITY, self.files())
        reasons = {s["file"]: german.said(s["reason_said"]) for s in out["skipped"]}
        assert reasons == {
            "edited.json": "verändert: sie nennt Stufe 5 für die Gesamtstufe, aber ihre Antworten"
            " ergeben 3",
            "broken.json": "kein gültiges JSON (Zeile 1: ein Feldname in doppelten"
            " Anführungszeichen fehlt, Spalte 3)",
            "foreign.json": "keine Bewertungsdatei: „rubric“ mit einer „id“ fehlt",
            "notes.txt": "keine JSON-Datei (nur Dateien mit der Endung .json werden gelesen);"
            " nicht gelesen",
            "link": "kein Link zum Teilen dieser Website: seine Adresse muss auf eines von"
            " '#answers=...', '#pilot=...' enden",
        }
        assert [german.said(n) for n in out["notes_said"]] == [
            "old.json: „long_gone_question“ ist keine Frage der Version 1.0.0; weggelassen",
            "old.json: ihr Ziel für „no_such_dimension“ nennt keine Dimension dieser Rubrik;"
            " weggelassen",
            "blank.json: noch keine Gesamtstufe (zu wenige Antworten); bei den Befragten"
            " mitgezählt, aber nicht bei den Reifegraden",
        ]

    def test_the_english_reasons_and_notes_are_unchanged(self):
        out = portfolio(MATURITY, self.files())
        assert [s["reason_said"]["message"] for s in out["skipped"]] == [
            s["reason"] for s in out["skipped"]
        ]
        assert [n["message"] for n in out["notes_said"]] == out["notes"]
        assert out["notes"][0] == (
            "old.json: 'long_gone_question' is not a question of version 1.0.0; left out"
        )
        assert "blank.json: no overall level yet (too few answers)" in out["notes"][2]
        english = {s["file"]: s["reason"] for s in out["skipped"]}
        assert english["edited.json"] == (
            "tampered: it states level 5 for overall, but its answers give 3"
        )
