"""The command line: ``python -m calculators {maturity,readiness,roi,validate}``.

Kept apart from the engine so the package the browser loads never imports argparse. Output is
readable text by default and JSON with ``--format json``; bad input exits 1 with one line that
names the offending field or value, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import _ics, _maturity, _portfolio, _readiness, _roi, _roi_report
from ._errors import InputError
from ._words import ENGLISH, Words, json_detail, localized

DEFAULT_RUBRICS = Path("rubrics")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 1 as the contract says
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m calculators",
        description="The AI Scale-Up Playbook calculators: maturity assessment, pilot readiness, ROI case, rubric validation.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(
        p: argparse.ArgumentParser,
        formats: tuple[str, ...] = ("text", "json"),
        *,
        language: bool = True,
    ) -> None:
        p.add_argument(
            "--rubrics", default=str(DEFAULT_RUBRICS), help="rubric folder (default: rubrics)"
        )
        if language:
            p.add_argument(
                "--language",
                default=os.environ.get("PLAYBOOK_LANGUAGE") or "en",
                help="the language of the report: its words, the rubric texts and the "
                "explanations, from rubrics/locales/LANGUAGE/ (default: $PLAYBOOK_LANGUAGE, else "
                "en); JSON keeps its ids and numbers",
            )
        p.add_argument(
            "--format",
            choices=formats,
            default="text",
            help="output format (default: text)"
            + ("; ics: the 90-day plan as an iCalendar file" if "ics" in formats else ""),
        )

    m = sub.add_parser("maturity", help="score an answers file against the maturity rubric")
    m.add_argument(
        "answers",
        nargs="*",
        help="answers file(s) (JSON or YAML), as printed by --template; with several files, "
        "one result per line (JSON Lines with --format json)",
    )
    m.add_argument(
        "--template",
        action="store_true",
        help="print a blank answers file listing every question and its allowed answers",
    )
    m.add_argument(
        "--baseline",
        metavar="FILE",
        help="an earlier answers file or export: each dimension's change since, and its "
        "progress from that baseline toward its target",
    )
    m.add_argument(
        "--start",
        metavar="YYYY-MM-DD",
        help="with --format ics: the day week 1 of the 90-day plan begins (default: next Monday)",
    )
    common(m, ("text", "json", "ics"))

    r = sub.add_parser("roi", help="evaluate an ROI case: NPV, IRR, payback, scenarios, simulation")
    r.add_argument(
        "case",
        nargs="*",
        help="case file (JSON or YAML), as printed by --template or exported by the ROI page; "
        "with several files, a portfolio of use cases",
    )
    r.add_argument(
        "--maturity",
        default=None,
        help="a maturity result, answers file or assessment export: stage gates from its levels",
    )
    r.add_argument(
        "--budget",
        type=float,
        default=None,
        help="with several cases: the budget to fund them in order (greedy fill, see the output)",
    )
    r.add_argument(
        "--template",
        action="store_true",
        help="print the example case from the KPI rubric's roi_defaults, to edit",
    )
    r.add_argument("--runs", type=int, default=0, help="Monte Carlo runs (default: 0, none)")
    r.add_argument(
        "--seed",
        type=int,
        default=None,
        help="Monte Carlo seed (default: a page export's seed, else a new one, reported)",
    )
    common(r)

    v = sub.add_parser(
        "validate",
        help="validate the rubrics as the site build does",
        description="Validate the rubrics and their overlays as the site build does. Exit 0 when "
        "valid (warnings about overlays left behind by upstream changes go to stderr as "
        "file:line and do not change it), 1 when a rubric is wrong.",
    )
    v.add_argument(
        "--language",
        default=os.environ.get("PLAYBOOK_LANGUAGE") or "en",
        help="also check the translation in rubrics/locales/LANGUAGE/ and list what it leaves "
        "untranslated (default: $PLAYBOOK_LANGUAGE, else en)",
    )
    common(v, language=False)

    d = sub.add_parser(
        "diff",
        help="what upstream changed between two rubric folders, and the overlay entries it touches",
        description="Compare the upstream rubrics of OLD_RUBRICS_DIR and NEW_RUBRICS_DIR by rubric "
        "and id: entries added, retired (retired: true), removed and reworded (a text field "
        "changed) or otherwise changed, and which entries of the fork's overlays those changes "
        "touch. Exit status: 0 when no overlay entry is touched, 2 when one is (review the "
        "entries listed), 1 when a folder or file cannot be read.",
    )
    d.add_argument("old", metavar="OLD_RUBRICS_DIR", help="the rubrics the fork last merged")
    d.add_argument("new", metavar="NEW_RUBRICS_DIR", help="the new upstream rubrics")
    d.add_argument(
        "--overlays",
        metavar="DIR",
        default=None,
        help="the fork's overlay folder (default: NEW_RUBRICS_DIR/local)",
    )
    d.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )

    p = sub.add_parser(
        "readiness", help="check one pilot (or a page export) against the root causes"
    )
    p.add_argument(
        "pilots",
        nargs="*",
        help="pilot file(s) (JSON or YAML), as printed by --template or exported by the readiness "
        "page; with several files or pilots, one result per line (JSON Lines with --format json)",
    )
    p.add_argument(
        "--template",
        action="store_true",
        help="print a blank pilot file listing every check and the answers it accepts",
    )
    common(p)

    f = sub.add_parser(
        "portfolio",
        help="roll up many maturity exports or answers files: spread, teams, disagreement; "
        "readiness files among them: a verdict per pilot, the blocked first",
        description="Roll up many assessment exports or answers files (levels, spread, teams, "
        "disagreement, trend, progress to target). Readiness files among them (the readiness "
        "page's exports, pilot files) are told apart by their content and give a verdict per "
        "pilot, sorted by what blocks it: stop, fix first, incomplete, then scale now, the most "
        "flagged causes first. JSON has both (the pilots under 'readiness'); CSV holds the "
        "assessments, or the pilots when every file is a readiness file.",
    )
    f.add_argument(
        "files",
        nargs="+",
        help="exports (JSON) or answers files (JSON or YAML); assessment and readiness files",
    )
    f.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="output format (default: text)",
    )
    f.add_argument("--by", choices=("team",), default=None, help="add the statistics of each team")
    f.add_argument(
        "--rubrics", default=str(DEFAULT_RUBRICS), help="rubric folder (default: rubrics)"
    )
    f.add_argument(
        "--language",
        default=os.environ.get("PLAYBOOK_LANGUAGE") or "en",
        help="the language of the text report (default: $PLAYBOOK_LANGUAGE, else en)",
    )
    return parser


def _portfolio_entry(name: str) -> dict:
    """What the roll-up reads of one file: its JSON text, a YAML file's data, or why not."""
    if Path(name).suffix.lower() in (".yaml", ".yml"):
        try:
            return {"file": name, "data": read_data_file(name)}
        except InputError as err:
            return {"file": name, "error": str(err).removeprefix(f"{name}: ")}
    try:
        return {"file": name, "text": Path(name).read_text(encoding="utf-8")}
    except (OSError, UnicodeDecodeError) as err:
        return {"file": name, "error": f"cannot read ({getattr(err, 'strerror', None) or err})"}


def _run_portfolio(args: argparse.Namespace) -> int:
    """Exit 1 only when no file can be used (each left-out file is named on stderr). Readiness
    files among the files (the readiness page's exports, pilot files) are told apart by
    ``_readiness_portfolio.split`` and give the ``readiness`` part: a verdict per pilot."""
    from ._readiness_portfolio import readiness_portfolio_csv, readiness_portfolio_text, rollup

    rubrics = _rubrics(args.rubrics, _language(args))
    w = _words(args, rubrics)
    result = rollup(
        rubrics["maturity"],
        rubrics["root_causes"],
        [_portfolio_entry(n) for n in args.files],
        by=args.by,
        eu_ai_act=rubrics.get("eu_ai_act"),
    )
    ready = result["readiness"]
    for skip in result["skipped"] + ready["skipped"]:
        reason = w.said(skip["reason_said"]) if w.table and skip.get("reason_said") else None
        print(
            w(
                "cli.portfolio.skipped",
                "left out: {file}: {reason}",
                file=skip["file"],
                reason=reason or skip["reason"],
            ),
            file=sys.stderr,
        )
    assessed = bool(result["respondents"] or result["skipped"] or not ready["pilots"])
    piloted = bool(ready["pilots"] or ready["skipped"])
    if args.format == "csv":
        if assessed:
            sys.stdout.write(_portfolio.portfolio_csv(result))
            if piloted:
                print(
                    "note: the CSV holds the assessments; give the readiness files on their own "
                    "for their pilots' CSV",
                    file=sys.stderr,
                )
        else:
            sys.stdout.write(readiness_portfolio_csv(ready))
    else:
        parts = [_portfolio.portfolio_text(result, w)] if assessed else []
        parts += [readiness_portfolio_text(ready, w)] if piloted else []
        _emit(localized(result, w), args.format, "\n\n".join(parts))
    if not result["respondents"] and not ready["pilots"]:
        print(w("cli.portfolio.no_file", "error: no file could be used"), file=sys.stderr)
        return 1
    return 0


def _files_module(name: str):
    """A module that reads rubric files (PyYAML, jsonschema), or InputError saying what to install."""
    from importlib import import_module

    try:
        return import_module(f"{__package__}.{name}")
    except ImportError as err:  # PyYAML or jsonschema missing
        raise InputError(
            f"reading rubric files needs the 'files' extra ({err.name} is missing): pip install 'playbook-calculators[files]'"
        ) from None


def _rubric_set(folder: str, language: str | None = None):
    path = Path(folder)
    docs = path.resolve().parent / "docs"
    return _files_module("_rubric_files").load_rubrics(
        path, docs_dir=docs if docs.is_dir() else None, language=language
    )


def _rubrics(folder: str, language: str | None = None) -> dict[str, Any]:
    return _rubric_set(folder, language).rubrics


def _language(args: argparse.Namespace) -> str | None:
    """The ``--language`` of a command that has one (``None``: English)."""
    return getattr(args, "language", None)


def _words_of(args: argparse.Namespace) -> Words:
    """The words of ``args``' language, the rubrics loaded in it only when it is not English."""
    if (_language(args) or "en") == "en":
        return ENGLISH
    return _words(args, _rubrics(args.rubrics, _language(args)))


def _words(args: argparse.Namespace, rubrics: dict[str, Any]) -> Words:
    """The words of ``args``' language: the interface strings of the rubrics loaded in it."""
    language = _language(args) or "en"
    if language == "en":
        return ENGLISH  # the code's own words: an English report as it always was
    return Words(rubrics.get("strings", {}).get("strings"), language)


def _run_diff(args: argparse.Namespace) -> int:
    """Exit 2 when a change upstream touches an overlay entry, 0 when none does."""
    diff = _files_module("_rubric_diff")
    result = diff.diff_rubrics(args.old, args.new, overlays=args.overlays)
    _emit(result, args.format, diff.diff_text(result))
    return 2 if result["overlays_touched"] else 0


def _run_validate(args: argparse.Namespace) -> int:
    """Exit 0 when valid (overlay warnings go to stderr); with a language, what its translation
    leaves in English (information)."""
    loaded = _rubric_set(args.rubrics, args.language)
    _files_module("_branding").read_branding(args.rubrics)  # a fork's branding file, if any
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    summary = {rid: data.get("version") for rid, data in loaded.rubrics.items()}
    text = f"{len(summary)} rubrics valid: " + ", ".join(f"{k} {v}" for k, v in summary.items())
    result: dict[str, Any] = {
        "valid": True,
        "rubrics": summary,
        "warnings": list(loaded.warnings),
        "language": loaded.language,
    }
    if loaded.language != "en":
        missing = loaded.untranslated
        result["untranslated"] = missing
        count = sum(len(v) for v in missing.values())
        text += f"\n{args.language}: {count} texts untranslated (shown in English)" + (
            ":" if count else "."
        )
        for rid, paths in missing.items():
            text += f"\n  {rid} ({len(paths)}): " + ", ".join(paths)
    _emit(result, args.format, text)
    return 0


def read_data_file(name: str) -> Any:
    """A JSON or YAML file's data; InputError with the file and the reason when unreadable."""
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = str(getattr(err, "strerror", None) or err)
        raise InputError(
            f"{name}: cannot read ({reason})",
            message_id="cli.error.cannot_read",
            values={"file": name, "reason": reason},
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise InputError(
                "YAML files need PyYAML: pip install 'playbook-calculators[files]' (or use JSON)"
            ) from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise InputError(
                f"{name}{where}: not valid YAML ({getattr(err, 'problem', err)})"
            ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{name}:{err.lineno}: not valid JSON (column {err.colno}: {err.msg})",
            message_id="cli.error.not_valid_json",
            values={
                "file": name,
                "line": err.lineno,
                "column": err.colno,
                "detail": json_detail(err),
            },
        ) from None


def _answers_from(data: Any, rubric: dict, name: str) -> dict:
    if not isinstance(data, dict) or "answers" not in data:
        raise InputError(
            f"{name}: expected an object with 'rubric' and 'answers' (print one with --template)"
        )
    meta = data.get("rubric")
    if not isinstance(meta, dict) or not meta.get("id"):
        raise InputError(
            f"{name}: the file does not say which rubric it answers ('rubric': {{'id': ...}})"
        )
    if meta["id"] != rubric["id"]:
        raise InputError(
            f"{name}: answers for rubric '{meta['id']}', not '{rubric['id']}'",
            message_id="cli.error.other_rubric",
            values={"file": name, "found": meta["id"], "expected": rubric["id"]},
        )
    return data["answers"]


def _score_file(name: str, rubrics: dict, baseline: str | None = None) -> dict:
    """One answers file or export scored. A file made with another version of the rubric is
    mapped by question id (``_maturity_io.read_export``): the result names the answers it drops
    and both versions (``made_with``, ``version_line``); a file of this version is checked as it
    is, so a mistyped id is an error there. Its ``targets`` and ``evidence`` are scored too; with
    ``baseline`` (another file), ``comparison`` holds the changes per dimension and progress
    toward each target (``_maturity_io.compare``)."""
    maturity = rubrics["maturity"]
    data = read_data_file(name)
    answers = _answers_from(data, maturity, name)
    targets, evidence = data.get("targets"), data.get("evidence")
    extra: dict[str, Any] = {}
    try:
        if data["rubric"].get("version") != maturity["version"]:
            from ._maturity_io import read_export

            found = read_export(maturity, data)
            answers, targets, evidence = found["answers"], found["targets"], found["evidence"]
            extra = {k: found[k] for k in ("made_with", "dropped", "version_line")}
        result = _maturity.assess(
            maturity,
            answers,
            sprint=rubrics.get("sprint"),
            references=rubrics if "crosswalk" in rubrics else None,
            targets=targets,
            evidence=evidence,
        )
    except InputError as err:
        raise _in_file(name, err, keep_errors=True) from None
    if baseline is not None:
        before = _score_file(baseline, {"maturity": maturity})
        result["comparison"] = {"baseline": baseline, **_maturity.compare(before, result)}
    return {**result, **extra}


def _batch(names: list[str], results, line, *, fmt: str, w: Words = ENGLISH) -> int:
    """Many files in one run: a line per result; errors say which file; exit 1 if any failed.

    ``results(name)`` gives the file's ``(extra keys, result)`` pairs (a readiness export holds
    several pilots); ``line(name, result)`` is the text line of one result.
    """
    failed = 0
    for name in names:
        try:
            found = results(name)
        except InputError as err:
            failed += 1
            print(_error_line(err, w), file=sys.stderr)
            if fmt == "json":
                print(json.dumps({"file": name, "error": str(err)}, ensure_ascii=False))
            continue
        for extra, result in found:
            if fmt == "json":
                print(
                    json.dumps(
                        {"file": name, **extra, "result": result},
                        ensure_ascii=False,
                        allow_nan=False,
                    )
                )
            else:
                print(line(name, result))
    return 1 if failed else 0


def _blank_span(result: dict, w: Words = ENGLISH) -> str:
    """How far the blank questions could move the overall level (``overall.range``), as a
    clause after the answered count; empty when no question is blank."""
    span = result["overall"].get("range")
    if not span:
        return ""
    return w(
        "cli.maturity.blank_span",
        "; with the blank questions it could be anywhere from L{low} to L{high}",
        low=span["low"],
        high=span["high"],
    )


def _maturity_line(name: str, result: dict, w: Words = ENGLISH) -> str:
    overall = result["overall"]
    level = (
        f"L{overall['level']} {overall['label']}"
        if overall["level"]
        else w("cli.maturity.not_yet_scored", "not yet scored")
    )
    p = result["progress"]
    note = (
        w(
            "cli.maturity.provisional_note",
            " (provisional: {answered} of {total} answered{span})",
            answered=p["answered"],
            total=p["total"],
            span=_blank_span(result, w),
        )
        if result["provisional"]
        else ""
    )
    return f"{name}: {level}{note}"


def _files(
    names: list[str], results, line, text, *, fmt: str, blank: str, w: Words = ENGLISH
) -> int:
    """What a file command does with the files it is given: one file holding one result is
    reported in full; several files, or one holding several results, are a batch (``_batch``)."""
    if not names:
        raise InputError(
            f"give {blank}, or --template to print a blank one",
            message_id="cli.usage.no_files_pilots"
            if blank == "a pilot file"
            else "cli.usage.no_files_answers",
        )
    if len(names) == 1:
        found = results(names[0])
        if len(found) == 1:
            result = found[0][1]
            _emit(result, fmt, text(result))
            return 0
    return _batch(names, results, line, fmt=fmt, w=w)


ROI_EXPORT_FORMAT = _roi.EXPORT_FORMAT


def _case_from(data: Any, name: str) -> dict:
    """What a case file holds: ``{"case", "runs", "seed"}``; the case is the file itself, or the
    ``case`` of the ROI page's export, which also carries the page's runs and seed."""
    try:
        return _roi.read_export(data)
    except InputError as err:
        raise _in_file(name, err) from None


def _roi_problems(err: InputError, name: str, w: Words = ENGLISH) -> InputError:
    """Every bad field of a case file on a line of its own: its path in the file, then the
    message in the reader's words (in the language of ``w``)."""
    lines = [
        f"{name}: '{e['field']}': {w.said(e)}" if e["field"] else f"{name}: {w.said(e)}"
        for e in err.errors
    ]
    if len(lines) > 1:
        count = w(
            "cli.error.fields_need_correcting",
            "{file}: {count} fields need correcting",
            file=name,
            count=len(lines),
        )
        lines.insert(0, count)
    return InputError("\n".join(lines), field=err.field)


def _said_of(err: InputError) -> dict:
    """An error as a message (``message``, ``message_id``, ``values``, ``errors``) to say."""
    return {
        "message": str(err),
        "message_id": err.message_id,
        "values": err.values,
        "errors": err.errors,
    }


def _in_file(name: str, err: InputError, *, keep_errors: bool = False) -> InputError:
    """``err`` about the file ``name``: its message after the file's name, in any language."""
    return InputError(
        f"{name}: {err}",
        field=err.field,
        errors=err.errors if keep_errors else None,
        message_id="cli.error.in_file",
        values={"file": name, "message": _said_of(err)},
    )


def _error_text(args: argparse.Namespace, err: InputError) -> str:
    """The line(s) an error prints on stderr, in the language of ``--language``."""
    try:
        w = _words_of(args)
    except Exception:  # the rubrics themselves cannot be read: say it in English
        w = ENGLISH
    return _error_line(err, w)


def _error_line(err: InputError, w: Words) -> str:
    """``error: <message>`` in the language of ``w``."""
    if w is ENGLISH:
        return f"error: {err}"
    return w("cli.error", "error: {message}", message=w.said(_said_of(err)))


def _run_roi(args: argparse.Namespace) -> int:
    if args.template:
        if args.case:
            raise InputError(
                "give either a case file or --template, not both",
                message_id="cli.usage.case_or_template",
            )
        _emit(_rubrics(args.rubrics)["kpis"]["roi_defaults"], args.format)
        return 0
    if not args.case:
        raise InputError(
            "give a case file, or --template to print an example case",
            message_id="cli.usage.no_case",
        )
    if len(args.case) > 1 or args.maturity is not None or args.budget is not None:
        from . import _stage_gates_cli  # stage gates and portfolios

        return _stage_gates_cli.run(args)
    args.case = args.case[0]
    try:
        data = read_data_file(args.case)
    except RecursionError:
        raise InputError(
            f"{args.case}: nested too deeply to be a case",
            message_id="cli.error.nested_case",
            values={"file": args.case},
        ) from None
    found = _case_from(data, args.case)
    seed = args.seed if args.seed is not None else found["seed"]  # an export's seed repeats it
    try:
        result = _roi.evaluate_case(found["case"], runs=args.runs, seed=seed)
    except InputError as err:
        raise _roi_problems(err, args.case, _words_of(args)) from None
    w = _words_of(args)
    text = _roi_report.format_roi_text(result, w) if args.format == "text" else ""
    _emit(localized(result, w), args.format, text.rstrip("\n"))
    return 0


def _version_line(result: dict, w: Words) -> str:
    """The line that says which version of the rubric scored a file made with another one."""
    made, scored = result.get("made_with") or {}, result.get("scored_with") or {}
    return w(
        "import.scored_with",
        result["version_line"],
        rubric=scored.get("id", ""),
        version=scored.get("version", ""),
        made=str(made.get("version", "")),
    )


def _evidence_note(result: dict, w: Words) -> str:
    """Which gates pass on a claim alone (``overall.evidence_note``), in the reader's words."""
    overall = result["overall"]
    claimed = set(overall.get("claimed_gates") or [])
    gates = "; ".join(
        w(
            "cli.maturity.claimed_gate",
            "the gate for L{level} ({title})",
            level=g["level"],
            title=g["title"].rstrip("."),
        )
        for g in result["gates"]
        if g["id"] in claimed
    )
    return w(
        "cli.maturity.evidence_note",
        "Passed on a claim, no evidence recorded: {gates}. L{level} counts them as passed; add a "
        "note or a link to back them.",
        gates=gates,
        level=overall["level"],
    )


def _maturity_text(result: dict, w: Words = ENGLISH) -> str:
    """The maturity result as a readable report; questions and dimensions named by their text,
    in the language of ``w`` (the rubric texts come in it when the rubrics were loaded in it)."""
    from ._maturity_io import _REASON_IDS

    overall = result["overall"]
    lines = [_version_line(result, w)] if result.get("version_line") else []
    lines += [
        w(
            "cli.maturity.dropped",
            "  dropped {question}: {reason}",
            question=d["question"],
            reason=w(_REASON_IDS[d["reason"]], d["reason"])
            if d["reason"] in _REASON_IDS
            else d["reason"],
        )
        for d in result.get("dropped", [])
    ]
    lines.append(
        w(
            "cli.maturity.overall",
            "Overall level: L{level} {label}",
            level=overall["level"],
            label=overall["label"],
        )
        if overall["level"]
        else w("cli.maturity.overall_not_scored", "Overall level: not yet scored")
    )
    if result["provisional"]:
        p = result["progress"]
        lines.append(
            w(
                "cli.maturity.provisional",
                "Provisional: {answered} of {total} questions answered{span}.",
                answered=p["answered"],
                total=p["total"],
                span=_blank_span(result, w),
            )
        )
    if overall.get("rule_text"):
        lines.append(w("cli.maturity.rule", "Rule: {rule}", rule=overall["rule_text"]))
    why = overall.get("why_messages")
    lines.append(" ".join(w.said(m) for m in why) if why and w.table else overall["why"])
    if overall["limited_by"]:
        lines.append(w("cli.maturity.held_back", "Held back by:"))
        lines += [f"  - {w.said(item)}" for item in overall["limited_by"]]
    if overall.get("lift"):
        lines.append(
            w("cli.maturity.to_reach", "To reach L{level} overall:", level=overall["level"] + 1)
        )
        for step in overall["lift"]:
            if step["kind"] == "gate":
                lines.append(
                    w(
                        "cli.maturity.lift_gate",
                        "  - pass the L{level} gate: {title}",
                        level=step["level"],
                        title=step["title"],
                    )
                )
            else:
                lines.append(
                    w(
                        "cli.maturity.lift_raise",
                        "  - raise {title} from L{from_level} to L{to_level}",
                        title=step["title"],
                        from_level=step["from_level"],
                        to_level=step["to_level"],
                    )
                )
    lines += ["", w("cli.maturity.dimensions", "Dimensions:")]
    width = max(len(d["title"]) for d in result["dimensions"])
    titles = {d["id"]: d["title"] for d in result["dimensions"]}
    progress = {r["id"]: r for r in result.get("comparison", {}).get("dimensions", [])}
    for d in result["dimensions"]:
        level = (
            f"L{d['level']} {d['label']}"
            if d["level"]
            else w("cli.maturity.dimension_not_scored", "not scored")
        )
        span = d.get("range")
        could = (
            w(
                "cli.maturity.could_be",
                ", could be L{low}-L{high}",
                low=span["low"],
                high=span["high"],
            )
            if span
            else ""
        )
        answered = w(
            "cli.maturity.answered",
            "({answered}/{total} answered{could})",
            answered=d["answered"],
            total=d["total"],
            could=could,
        )
        lines.append(f"  {d['title']:<{width}}  {level}  {answered}")
        if d.get("target"):
            # A default target is the next level up, or, at the top, the top level itself.
            if d["target_set_by"] == "reader":
                by = w("cli.maturity.target_yours", "your target")
            elif d["target_reached"]:
                by = w("cli.maturity.target_top", "the top level")
            else:
                by = w("cli.maturity.target_next", "next level up")
            reached = w("cli.maturity.target_reached", ", reached") if d["target_reached"] else ""
            target = w(
                "cli.maturity.target",
                "target: L{level} ({by}{reached})",
                level=d["target"],
                by=by,
                reached=reached,
            )
            lines.append(f"  {'':<{width}}    {target}")
        if d["id"] in progress:
            row = progress[d["id"]]
            since = w(
                "cli.maturity.progress",
                "progress since the baseline: {progress}",
                progress=w.said(row["progress_said"])
                if row.get("progress_said")
                else row["progress_text"],
            )
            lines.append(f"  {'':<{width}}    {since}")
        for step in d["lift"]:
            lift = w(
                "cli.maturity.to_lift",
                'to lift: raise "{text}" from L{from_level} to L{to_level}',
                text=step["text"],
                from_level=step["from_level"],
                to_level=step["to_level"],
            )
            lines.append(f"  {'':<{width}}    {lift}")
    if result["gates"]:
        lines += ["", w("cli.maturity.gates", "Gates:")]
        claim = w("cli.maturity.gate_claimed", " - passed on a claim, no evidence")
        lines += [
            f"  [{'x' if g['passed'] else ' '}] {g['title']} (L{g['level']}+)"
            + (claim if g.get("claimed") else "")
            for g in result["gates"]
        ]
    evidence = result.get("evidence") or {}
    if evidence.get("claimed_without_evidence"):
        lines += ["", w("cli.maturity.claimed", "Claimed, no evidence (add a note or a link):")]
        lines += [
            f"  - {row['text']} ({row['answer_label']})"
            for row in evidence["questions"]
            if row["status"] == "claimed_no_evidence"
        ]
    if evidence.get("counts", {}).get("evidenced"):
        lines.append(
            w(
                "cli.maturity.evidenced",
                "Answers with evidence: {count}.",
                count=evidence["counts"]["evidenced"],
            )
        )
    if result["overall"].get("evidence_note"):
        lines.append(_evidence_note(result, w) if w.table else overall["evidence_note"])
    if result["actions"]:
        lines += ["", w("cli.maturity.actions", "Next actions:")]
        lines += [
            f"  {i}. {w.said(a['text_said']) if a.get('text_said') else a['text']}"
            for i, a in enumerate(result["actions"][:10], 1)
        ]
    if result.get("plan"):
        focus = ", ".join(titles.get(f, f) for f in result["plan"]["focus"])
        lines += ["", w("cli.maturity.plan", "90-day plan (focus: {focus}):", focus=focus)]
        for phase in result["plan"]["phases"]:
            lines.append(f"  {phase['title']} ({_weeks(phase['weeks'], w)}):")
            lines += [f"    - {a['title']} ({_weeks(a['weeks'], w)})" for a in phase["activities"]]
            if not phase["activities"]:
                lines.append(
                    w(
                        "cli.maturity.plan_empty_phase",
                        "    (no activity in this phase targets your focus dimensions)",
                    )
                )
            lines += [
                w("cli.maturity.plan_exit", "    exit: {criterion}", criterion=c)
                for c in phase["exit_criteria"]
            ]
        for item in result["plan"].get("left_out", []):
            lines.append(
                w(
                    "cli.maturity.plan_left_out",
                    "  Left out, your answers already cover it: {title}",
                    title=item["title"],
                )
            )
    if result.get("coverage"):
        lines += [
            "",
            w("cli.maturity.coverage", "Regulation and standards (what your answers support):"),
        ]
        for framework in result["coverage"].values():
            lines.append(
                w(
                    "cli.maturity.coverage_line",
                    "  {title}: {supported} supported, {gaps} gaps, {not_asked} not asked, "
                    "{not_covered} not covered by the playbook",
                    title=framework["title"],
                    supported=len(framework["supported"]),
                    gaps=len(framework["gaps"]),
                    not_asked=len(framework["not_assessed"]),
                    not_covered=len(framework["not_covered"]),
                )
            )
    return "\n".join(lines)


def _maturity_ics(args: argparse.Namespace, rubrics: dict) -> int:
    """One answers file's 90-day plan as an iCalendar file on stdout."""
    if args.format != "ics":
        raise InputError(
            "--start dates the plan for --format ics; add --format ics",
            message_id="cli.usage.start_needs_ics",
        )
    if len(args.answers) > 1:
        raise InputError(
            "--format ics takes one answers file (one plan, one calendar)",
            message_id="cli.usage.ics_one_file",
        )
    start = _ics.parse_start(args.start)
    result = _score_file(args.answers[0], rubrics)
    if not result.get("plan"):
        raise InputError(
            f"{args.answers[0]}: no 90-day plan yet: answer at least one question",
            message_id="cli.error.no_plan",
            values={"file": args.answers[0]},
        )
    roles, dims = _ics.rubric_names(rubrics)
    w = _words(args, rubrics)
    calendar = _ics.plan_calendar(
        result["plan"], start, roles=roles, dimensions=dims, words=w.table
    )
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:  # bytes, so that no newline translation touches the CRLFs
        sys.stdout.flush()
        out.write(calendar.encode("utf-8"))
        out.flush()
    else:
        sys.stdout.write(calendar)
    return 0


def _weeks(span: dict | None, w: Words = ENGLISH) -> str:
    if not span:
        return ""
    if span["start"] == span["end"]:
        return w("cli.plan.week", "week {week}", week=span["start"])
    return w("cli.plan.weeks", "weeks {start}-{end}", start=span["start"], end=span["end"])


def _emit(value: Any, fmt: str, text: str | None = None) -> None:
    if fmt == "json":
        # json.dumps, not json.dump: the same text, but dump encodes in pure Python (5x slower;
        # 4 s of the roll-up of 10,000 files).
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    else:
        print(text if text is not None else json.dumps(value, indent=2, ensure_ascii=False))


def _readiness_pilots(name: str, rubric: dict) -> list[tuple[dict, dict]]:
    try:
        pilots = _readiness.read_pilots(rubric, read_data_file(name))["pilots"]
        return [
            ({"pilot": p["pilot"]}, _readiness.readiness(rubric, p["answers"], pilot=p["pilot"]))
            for p in pilots
        ]
    except RecursionError:
        raise InputError(
            f"{name}: nested too deeply to be a pilot file",
            message_id="cli.error.nested_pilot",
            values={"file": name},
        ) from None
    except InputError as err:
        raise _in_file(name, err) from None


def _readiness_line(name: str, result: dict, w: Words = ENGLISH) -> str:
    verdict = result["verdict"]
    pilot = f" {result['pilot']}:" if result["pilot"] else ""
    return f"{name}:{pilot} {verdict['label']}. {verdict['why']}"


def _readiness_text(result: dict, w: Words = ENGLISH) -> str:
    """One pilot's verdict as a readable report, in the language of ``w``."""
    verdict = result["verdict"]
    lines = (
        [w("cli.readiness.pilot", "Pilot: {pilot}", pilot=result["pilot"])]
        if result["pilot"]
        else []
    )
    lines += [
        w("cli.readiness.verdict", "Verdict: {label}", label=verdict["label"]),
        w("cli.readiness.why", "Why: {why}", why=verdict["why"]),
        verdict["summary"],
    ]
    if verdict["missing"]:
        lines += ["", w("cli.readiness.missing", "Still to answer for a verdict:")]
        lines += [f"  - {k['question']}" for k in verdict["missing"]]
    lines += [
        "",
        w(
            "cli.readiness.causes",
            "Causes ({answered} of {total} checks answered):",
            answered=result["answered"],
            total=result["total"],
        ),
    ]
    marks = {"flagged": "!", "open": "?", "clear": " "}
    statuses = {
        "flagged": w("cli.readiness.status.flagged", "flagged"),
        "open": w("cli.readiness.status.open", "open"),
        "clear": w("cli.readiness.status.clear", "clear"),
    }
    for cause in result["causes"]:
        status = statuses.get(cause["status"], cause["status"])
        lines.append(f"  [{marks[cause['status']]}] {cause['title']}: {status}")
        for check in cause["failed_checks"]:
            lines.append(f"      {check['answer_label']}: {check['question']}")
            lines.append(
                w("cli.readiness.remedy", "        remedy: {remedy}", remedy=check["remedy"])
            )
    return "\n".join(lines)


def _run_readiness(args: argparse.Namespace) -> int:
    rubrics = _rubrics(args.rubrics, _language(args))
    rubric, w = rubrics["root_causes"], _words(args, rubrics)
    if args.template:
        if args.pilots:
            raise InputError(
                "give either pilot files or --template, not both",
                message_id="cli.usage.pilots_or_template",
            )
        _emit(_readiness.readiness_template(rubric), args.format)
        return 0
    return _files(
        args.pilots,
        lambda name: [(extra, localized(r, w)) for extra, r in _readiness_pilots(name, rubric)],
        lambda name, result: _readiness_line(name, result, w),
        lambda result: _readiness_text(result, w),
        fmt=args.format,
        blank="a pilot file",
        w=w,
    )


def _run(args: argparse.Namespace) -> int:
    if args.command == "readiness":
        return _run_readiness(args)
    if args.command == "portfolio":
        return _run_portfolio(args)
    if args.command == "validate":
        return _run_validate(args)
    if args.command == "diff":
        return _run_diff(args)
    if args.command == "maturity":
        rubrics = _rubrics(args.rubrics, _language(args))
        maturity, w = rubrics["maturity"], _words(args, rubrics)
        if args.template and (args.format == "ics" or args.start is not None):
            raise InputError(
                "--format ics and --start date an answers file's plan, not --template",
                message_id="cli.usage.ics_not_template",
            )
        if args.template:
            template = _maturity.answers_template(maturity)
            template["special_answers"] = {
                _maturity.DONT_KNOW: "accepted for every question",
                _maturity.NOT_APPLICABLE: "accepted where the question allows it: "
                + ", ".join(
                    q["id"]
                    for q in maturity["questions"]
                    if q.get("allow_not_applicable") and not q.get("retired")
                ),
            }
            _emit(template, args.format)
            return 0
        if args.answers and (args.format == "ics" or args.start is not None):
            return _maturity_ics(args, rubrics)
        return _files(
            args.answers,
            lambda name: [({}, localized(_score_file(name, rubrics, args.baseline), w))],
            lambda name, result: _maturity_line(name, result, w),
            lambda result: _maturity_text(result, w),
            fmt=args.format,
            blank="an answers file",
            w=w,
        )
    if args.command == "roi":
        return _run_roi(args)
    raise InputError(f"unknown command {args.command!r}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as err:
        print(_error_text(args, err), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
