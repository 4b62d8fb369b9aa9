"""Rules of the reference rubrics (NIST AI RMF, ISO/IEC 42001, EU AI Act, the registry) that
JSON Schema cannot state, and what applies under the EU AI Act on a given date.

The checks return ``(path, message)`` pairs, as the other engines' ``check_*`` functions do; the
loader (``_rubric_files``) turns them into ``file:line: message``. Standard library only.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping

from ._cites import cite_said
from ._errors import InputError

__all__ = [
    "RUBRIC_CHECKS",
    "applies_on",
    "check_eu_ai_act_rubric",
    "check_iso_42001_rubric",
    "check_nist_rubric",
    "check_references_rubric",
    "ref_slug",
    "tier_obligations",
]

Problem = tuple[tuple, str]


def ref_slug(ref: str) -> str:
    """The snake_case id an official reference maps to.

    >>> [ref_slug(r) for r in ("GOVERN 1.1", "A.6.2.8", "Art. 26")]
    ['govern_1_1', 'a_6_2_8', 'art_26']
    """
    return re.sub(r"[^a-z0-9]+", "_", ref.lower()).strip("_")


def _live(entries: list) -> list:
    return [e for e in entries if not e.get("retired")]


def _live_count(entry: dict) -> int:
    """1 for an entry the counts include, 0 for a retired one."""
    return 0 if entry.get("retired") else 1


def _id_matches_ref(entry: dict, path: tuple) -> Iterator[Problem]:
    expected = ref_slug(entry["ref"])
    if entry["id"] != expected:
        yield (
            (*path, "id"),
            f"id '{entry['id']}' does not match ref '{entry['ref']}' (expected '{expected}')",
        )


def _counts(rubric: dict, found: dict[str, int]) -> Iterator[Problem]:
    for key, number in found.items():
        stated = rubric["counts"][key]
        if stated != number:
            yield (
                ("counts", key),
                f"the source has {stated} {key} but the file lists {number} (retired ones not counted)",
            )


def _listed(entry: dict, expected: str, parent: str, path: tuple) -> Iterator[Problem]:
    """The entry's ref is the one its place under ``parent`` gives, then its id follows the ref."""
    if entry["ref"] != expected:
        yield ((*path, "ref"), f"{entry['ref']} is listed under {parent} (expected {expected})")
    yield from _id_matches_ref(entry, path)


def _after(numbers: tuple[int, ...], previous: tuple[int, ...]) -> bool:
    return not previous or numbers > previous


def _real_date(value: str, path: tuple) -> Iterator[Problem]:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        yield (path, f"'{value}' is not a calendar date (expected YYYY-MM-DD)")


def _reference_dates(rubric: dict) -> Iterator[Problem]:
    yield from _real_date(rubric["reference"]["as_of"], ("reference", "as_of"))


def check_nist_rubric(rubric: dict) -> list[Problem]:
    """Ids follow their NIST refs, each item sits under its own category, numbering has no gap,
    and the counts are the source's.

    >>> check_nist_rubric({"reference": {"as_of": "2026-12-01"},
    ...   "counts": {"functions": 1, "categories": 1, "subcategories": 2},
    ...   "functions": [{"id": "govern", "ref": "GOVERN", "categories": [
    ...     {"id": "govern_1", "ref": "GOVERN 1", "subcategories": [
    ...       {"id": "govern_1_1", "ref": "GOVERN 1.1"},
    ...       {"id": "govern_1_3", "ref": "MAP 1.3"}]}]}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('functions', 0, 'categories', 0, 'subcategories', 1, 'ref'),
      'MAP 1.3 is listed under GOVERN 1 (expected GOVERN 1.2)'),
     (('functions', 0, 'categories', 0, 'subcategories', 1, 'id'),
      "id 'govern_1_3' does not match ref 'MAP 1.3' (expected 'map_1_3')")]
    """
    problems: list[Problem] = list(_reference_dates(rubric))
    found = {"functions": 0, "categories": 0, "subcategories": 0}
    for fi, function in enumerate(rubric["functions"]):
        fpath = ("functions", fi)
        problems += _id_matches_ref(function, fpath)
        found["functions"] += _live_count(function)
        for ci, category in enumerate(function["categories"]):
            cpath = (*fpath, "categories", ci)
            problems += _listed(category, f"{function['ref']} {ci + 1}", function["ref"], cpath)
            found["categories"] += _live_count(category)
            for si, sub in enumerate(category["subcategories"]):
                spath = (*cpath, "subcategories", si)
                problems += _listed(sub, f"{category['ref']}.{si + 1}", category["ref"], spath)
                found["subcategories"] += _live_count(sub)
    problems += _counts(rubric, found)
    return problems


def _ref_numbers(ref: str) -> tuple[int, ...]:
    return tuple(int(n) for n in ref.removeprefix("A.").split("."))


def check_iso_42001_rubric(rubric: dict) -> list[Problem]:
    """Ids follow their refs, each control sits under its own objective, refs increase, and the
    counts are the source's.

    >>> check_iso_42001_rubric({"reference": {"as_of": "2026-12-01"},
    ...   "counts": {"objectives": 1, "controls": 3},
    ...   "objectives": [{"id": "a_2", "ref": "A.2", "controls": [
    ...     {"id": "a_2_3", "ref": "A.2.3"}, {"id": "a_2_2", "ref": "A.2.2"},
    ...     {"id": "a_3_2", "ref": "A.3.2"}]}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('objectives', 0, 'controls', 1, 'ref'), 'A.2.2 comes after A.2.3 (refs must increase)'),
     (('objectives', 0, 'controls', 2, 'ref'), 'A.3.2 is listed under A.2 (expected A.2.x)')]
    """
    problems: list[Problem] = list(_reference_dates(rubric))
    found = {"objectives": 0, "controls": 0}
    previous_objective: tuple[int, ...] = ()
    for oi, objective in enumerate(rubric["objectives"]):
        opath = ("objectives", oi)
        problems += _id_matches_ref(objective, opath)
        numbers = _ref_numbers(objective["ref"])
        if not _after(numbers, previous_objective):
            problems.append(
                ((*opath, "ref"), f"{objective['ref']} comes too late (refs must increase)")
            )
        previous_objective = numbers
        found["objectives"] += _live_count(objective)
        previous: tuple[int, ...] = ()
        for ki, control in enumerate(objective["controls"]):
            kpath = (*opath, "controls", ki)
            if not control["ref"].startswith(objective["ref"] + "."):
                problems.append(
                    (
                        (*kpath, "ref"),
                        f"{control['ref']} is listed under {objective['ref']} (expected {objective['ref']}.x)",
                    )
                )
            else:
                numbers = _ref_numbers(control["ref"])
                if not _after(numbers, previous):
                    before = "A." + ".".join(map(str, previous))
                    problems.append(
                        (
                            (*kpath, "ref"),
                            f"{control['ref']} comes after {before} (refs must increase)",
                        )
                    )
                previous = numbers
            problems += _id_matches_ref(control, kpath)
            found["controls"] += _live_count(control)
    problems += _counts(rubric, found)
    return problems


def check_eu_ai_act_rubric(rubric: dict) -> list[Problem]:
    """Dates exist; obligation ids start with their article; every live tier, and every
    obligation without tiers, has exactly one date in force; an amendment names the entry it
    replaces and covers no more than it; a proposed date is never marked confirmed.

    >>> check_eu_ai_act_rubric({"reference": {"as_of": "2026-12-01"},
    ...   "risk_tiers": [{"id": "prohibited"}, {"id": "minimal"}],
    ...   "obligations": [{"id": "art_4_ai_literacy", "ref": "Art. 4"}],
    ...   "application_dates": [
    ...     {"id": "a", "date": "2025-02-30", "as_of": "2026-12-01", "status": "in_force",
    ...      "tiers": ["prohibited"], "obligations": ["art_4_ai_literacy"]},
    ...     {"id": "b", "date": "2026-08-02", "as_of": "2026-12-01", "status": "proposed",
    ...      "confirmed_in_official_journal": True, "tiers": ["minimal"]}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('application_dates', 0, 'date'), "'2025-02-30' is not a calendar date (expected YYYY-MM-DD)"),
     (('application_dates', 1, 'confirmed_in_official_journal'),
      'a proposed date cannot be confirmed in the Official Journal (set status to in_force, or this to false)'),
     (('risk_tiers', 1, 'id'), "tier 'minimal' has no date in force (in force: none)")]
    """
    problems: list[Problem] = list(_reference_dates(rubric))
    dates = rubric["application_dates"]
    by_id = {d["id"]: d for d in dates}
    dated_by_tiers = {o["id"] for o in rubric["obligations"] if o.get("tiers")}
    for oi, obligation in enumerate(rubric["obligations"]):
        slug = ref_slug(obligation["ref"])
        if obligation["id"] != slug and not obligation["id"].startswith(slug + "_"):
            problems.append(
                (
                    ("obligations", oi, "id"),
                    f"id '{obligation['id']}' does not start with its article '{slug}'",
                )
            )
    for di, entry in enumerate(dates):
        path = ("application_dates", di)
        problems += _real_date(entry["date"], (*path, "date"))
        problems += _real_date(entry["as_of"], (*path, "as_of"))
        if (
            entry["status"] == "proposed"
            and entry.get("confirmed_in_official_journal") is not False
        ):
            problems.append(
                (
                    (*path, "confirmed_in_official_journal"),
                    "a proposed date cannot be confirmed in the Official Journal "
                    "(set status to in_force, or this to false)",
                )
            )
        for name in entry.get("obligations", []):
            if name in dated_by_tiers:
                problems.append(
                    (
                        (*path, "obligations"),
                        f"'{name}' applies through its tiers; list its tiers here instead",
                    )
                )
        problems += _supersedes(entry, by_id, path)
    for di, entry in enumerate(dates):
        if entry["status"] == "amended" and not any(
            d.get("supersedes") == entry["id"] and d["status"] == "in_force" for d in dates
        ):
            problems.append(
                (
                    ("application_dates", di, "status"),
                    f"'{entry['id']}' is marked amended but no date in force supersedes it",
                )
            )
    in_force = [d for d in dates if d["status"] == "in_force"]
    targets = [("risk_tiers", "tiers", "tier", t) for t in _live(rubric["risk_tiers"])]
    targets += [
        ("obligations", "obligations", "obligation", o)
        for o in _live(rubric["obligations"])
        if not o.get("tiers")
    ]
    for key, field, what, target in targets:
        holders = [d["id"] for d in in_force if target["id"] in d.get(field, [])]
        if len(holders) != 1:
            index = rubric[key].index(target)
            listed = ", ".join(holders) or "none"
            state = "has no date in force" if not holders else "has several dates in force"
            problems.append(
                ((key, index, "id"), f"{what} '{target['id']}' {state} (in force: {listed})")
            )
    return problems


def _supersedes(entry: dict, by_id: dict, path: tuple) -> Iterator[Problem]:
    name = entry.get("supersedes")
    if name is None:
        return
    target = by_id.get(name)
    if target is None:
        return  # the x-ref already reports it
    if name == entry["id"]:
        yield ((*path, "supersedes"), "an entry cannot supersede itself")
        return
    if target["status"] == "proposed":
        yield (
            (*path, "supersedes"),
            f"'{name}' is itself only proposed; supersede a date in force",
        )
    for field in ("tiers", "obligations"):
        extra = sorted(set(entry.get(field, [])) - set(target.get(field, [])))
        if extra:
            yield (
                (*path, field),
                f"{', '.join(extra)} not dated by '{name}', which this entry supersedes",
            )


def check_references_rubric(rubric: dict) -> list[Problem]:
    """A framework is either a shipped reference rubric (``rubric`` with ``items_at``) or an
    internal one (``items`` with its ``reference``), never both; item ids of internal frameworks
    are unique across them, since mappings name them by id alone.

    >>> check_references_rubric({"frameworks": [
    ...   {"id": "nist_ai_rmf", "rubric": "nist_ai_rmf", "items": [{"id": "p1"}]},
    ...   {"id": "acme", "items": [{"id": "p1"}]}, {"id": "empty"}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('frameworks', 0), "give either 'rubric' and 'items_at' (a shipped reference) or 'items' (an internal framework), not both"),
     (('frameworks', 1), "an internal framework needs 'reference' (its version, terms and source)"),
     (('frameworks', 1, 'items', 0, 'id'), "item id 'p1' is also used by framework 'nist_ai_rmf'"),
     (('frameworks', 2), "give either 'rubric' and 'items_at' (a shipped reference) or 'items' (an internal framework)")]
    """
    problems: list[Problem] = []
    either = "give either 'rubric' and 'items_at' (a shipped reference) or 'items' (an internal framework)"
    seen: dict[str, str] = {}
    for fi, framework in enumerate(rubric["frameworks"]):
        path = ("frameworks", fi)
        shipped = "rubric" in framework or "items_at" in framework
        internal = "items" in framework
        if shipped and internal:
            problems.append((path, either + ", not both"))
        elif internal and "reference" not in framework:
            problems.append(
                (path, "an internal framework needs 'reference' (its version, terms and source)")
            )
        elif shipped and not ("rubric" in framework and "items_at" in framework):
            problems.append((path, "a shipped reference needs both 'rubric' and 'items_at'"))
        elif not shipped and not internal:
            problems.append((path, either))
        for ii, item in enumerate(framework.get("items", [])):
            if item["id"] in seen and seen[item["id"]] != framework["id"]:
                problems.append(
                    (
                        (*path, "items", ii, "id"),
                        f"item id '{item['id']}' is also used by framework '{seen[item['id']]}'",
                    )
                )
            seen.setdefault(item["id"], framework["id"])
    return problems


RUBRIC_CHECKS = {
    "nist_ai_rmf": check_nist_rubric,
    "iso_42001": check_iso_42001_rubric,
    "eu_ai_act": check_eu_ai_act_rubric,
    "references": check_references_rubric,
}


# --- what applies on a date -----------------------------------------------------------------


def _dating_entry(dates: list, field: str, name: str, include_unconfirmed: bool) -> dict | None:
    """The date entry that governs ``name``: the one in force, or, when unconfirmed amendments
    are included, the proposed entry that supersedes it."""
    wanted = {"in_force", "proposed"} if include_unconfirmed else {"in_force"}
    found = [d for d in dates if d["status"] in wanted and name in d.get(field, [])]
    superseded = {d.get("supersedes") for d in found}
    latest = [d for d in found if d["id"] not in superseded]
    return latest[0] if latest else None


def _dated(entry: dict | None, on: _dt.date) -> dict:
    if entry is None:
        return {
            "applies": False,
            "from": None,
            "date_id": None,
            "status": None,
            "confirmed": None,
            "source": None,
        }
    return {
        "applies": _dt.date.fromisoformat(entry["date"]) <= on,
        "from": entry["date"],
        "date_id": entry["id"],
        "status": entry["status"],
        "confirmed": entry["status"] != "proposed",
        "source": entry["source"],
    }


DATE_LABEL = "What applies on"
TIER_LABEL = "EU AI Act risk tier"


def _day(on: _dt.date | str, label: str = "on") -> _dt.date:
    if isinstance(on, _dt.date):
        return on
    try:
        if isinstance(on, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", on):
            return _dt.date.fromisoformat(on)
    except ValueError:
        pass
    raise InputError(
        f"'{label}' must be a calendar date, YYYY-MM-DD (got {on!r})",
        field="on",
        label=None if label == "on" else label,
    )


def applies_on(rubric: dict, on: _dt.date | str, *, include_unconfirmed: bool = False) -> dict:
    """Which tiers and obligations of the EU AI Act apply on ``on``, and from when.

    By default only dates in force count; with ``include_unconfirmed`` a proposed amendment
    replaces the date it supersedes, and the result says so (``confirmed: False``). An
    obligation with tiers applies per tier: ``applies`` is true when it applies to any of them.

    >>> rubric = {"risk_tiers": [{"id": "hr"}], "obligations": [
    ...   {"id": "art_9", "ref": "Art. 9", "title": "Risk", "tiers": ["hr"]}],
    ...   "application_dates": [
    ...   {"id": "g", "date": "2026-08-02", "status": "in_force", "tiers": ["hr"], "source": {}},
    ...   {"id": "o", "date": "2027-12-02", "status": "proposed", "tiers": ["hr"],
    ...    "supersedes": "g", "source": {}}]}
    >>> applies_on(rubric, "2027-01-01")["obligations"][0]["applies"]
    True
    >>> moved = applies_on(rubric, "2027-01-01", include_unconfirmed=True)
    >>> moved["obligations"][0]["applies"], moved["tiers"][0]["from"], moved["tiers"][0]["confirmed"]
    (False, '2027-12-02', False)
    """
    day = _day(on)
    dates = rubric["application_dates"]
    tiers = {}
    for tier in _live(rubric["risk_tiers"]):
        entry = _dating_entry(dates, "tiers", tier["id"], include_unconfirmed)
        tiers[tier["id"]] = {"id": tier["id"], "title": tier.get("title"), **_dated(entry, day)}
    obligations = []
    for obligation in _live(rubric["obligations"]):
        out = {k: obligation.get(k) for k in ("id", "ref", "title", "role")}
        if obligation.get("tiers"):
            per_tier = [{"tier": t, **tiers[t]} for t in obligation["tiers"] if t in tiers]
            for row in per_tier:
                row.pop("id", None)
                row.pop("title", None)
            out["tiers"] = per_tier
            out["applies"] = any(row["applies"] for row in per_tier)
        else:
            entry = _dating_entry(dates, "obligations", obligation["id"], include_unconfirmed)
            out.update(_dated(entry, day))
        obligations.append(out)
    return {
        "on": day.isoformat(),
        "include_unconfirmed": include_unconfirmed,
        "tiers": list(tiers.values()),
        "obligations": obligations,
    }


DONT_KNOW = "dont_know"


def _source_said(source: dict | None, words: Mapping[str, str] | None) -> dict | None:
    """A date's source with its citation said in the page's language too (``cite_said``)."""
    if not source or "cite" not in source:
        return source
    return {**source, "cite_said": cite_said(source["cite"], words)}


def tier_obligations(
    rubric: dict,
    tier: str | None,
    *,
    on: _dt.date | str | None = None,
    words: Mapping[str, str] | None = None,
) -> dict:
    """What one EU AI Act risk tier brings: the tier (its summary, citation and date), and the
    obligations that apply to it with the date each applies from, in force and, where an
    amendment is proposed, the date it would move to. Obligations without tiers (AI literacy,
    Art. 4) apply to every tier. ``dont_know`` (or no tier) lists only those, and says so.
    ``on`` is the day the reader picks ("What applies on"; today when not given): an obligation
    applies from its date of application, that day included. A bad tier and a bad day are
    reported together. ``words`` (the page's interface strings, ``cite.*``): each citation is
    also said in the page's language (``cite_said``: the tier's list, and each source's and
    ref's; ``calculators._cites``), the rubric's own ``cite`` and ``ref`` stay as written.

    >>> rubric = {"risk_tiers": [{"id": "hr", "title": "High", "summary": "S", "cite": ["Art. 6"]}],
    ...   "obligations": [{"id": "art_4", "ref": "Art. 4", "title": "Literacy", "summary": "L"},
    ...     {"id": "art_9", "ref": "Art. 9", "title": "Risk", "tiers": ["hr"], "summary": "R"}],
    ...   "application_dates": [
    ...   {"id": "a", "date": "2025-02-02", "status": "in_force", "obligations": ["art_4"], "source": {}},
    ...   {"id": "g", "date": "2026-08-02", "status": "in_force", "tiers": ["hr"], "source": {}},
    ...   {"id": "o", "date": "2027-12-02", "status": "proposed", "tiers": ["hr"],
    ...    "supersedes": "g", "source": {}}]}
    >>> out = tier_obligations(rubric, "hr", on="2026-12-01")
    >>> [(o["ref"], o["from"], o["applies"], o["proposed_from"]) for o in out["obligations"]]
    [('Art. 4', '2025-02-02', True, None), ('Art. 9', '2026-08-02', True, '2027-12-02')]
    >>> tier_obligations(rubric, "dont_know", on="2026-12-01")["known"]
    False
    """
    tiers = {t["id"]: t for t in _live(rubric["risk_tiers"])}
    problems = []
    try:
        day = _day(on, DATE_LABEL) if on is not None else _dt.date.today()
    except InputError as err:
        problems.append(err)
    if tier not in (None, "", DONT_KNOW) and tier not in tiers:
        names = ", ".join([*tiers, DONT_KNOW])
        problems.append(
            InputError(
                f"'{TIER_LABEL}' must be one of: {names} (got {tier!r})",
                field="tier",
                label=TIER_LABEL,
            )
        )
    if problems:
        raise InputError.collect(problems)
    known = tier not in (None, "", DONT_KNOW)
    now = applies_on(rubric, day)
    moved = applies_on(rubric, day, include_unconfirmed=True)
    by_id = {o["id"]: o for o in _live(rubric["obligations"])}
    out = []
    for row, later in zip(now["obligations"], moved["obligations"], strict=True):
        source = by_id[row["id"]]
        if row.get("tiers") is not None:
            if not known:
                continue
            dated = next((t for t in row["tiers"] if t["tier"] == tier), None)
            proposed = next((t for t in later["tiers"] if t["tier"] == tier), None)
            if dated is None:
                continue
        else:
            dated, proposed = row, later
        out.append(
            {
                "id": row["id"],
                "ref": row["ref"],
                "ref_said": cite_said(row["ref"], words),
                "title": row["title"],
                "role": row.get("role"),
                "summary": source.get("summary"),
                "from": dated["from"],
                "applies": dated["applies"],
                "source": _source_said(dated["source"], words),
                "proposed_from": proposed["from"]
                if proposed and proposed["from"] != dated["from"]
                else None,
                "proposed_source": _source_said(proposed["source"], words)
                if proposed and proposed["from"] != dated["from"]
                else None,
            }
        )
    info = None
    if known:
        entry = next(t for t in now["tiers"] if t["id"] == tier)
        later = next(t for t in moved["tiers"] if t["id"] == tier)
        info = {
            "id": tier,
            "title": tiers[tier].get("title"),
            "summary": tiers[tier].get("summary"),
            "cite": tiers[tier].get("cite", []),
            "cite_said": [cite_said(c, words) for c in tiers[tier].get("cite", [])],
            "from": entry["from"],
            "applies": entry["applies"],
            "proposed_from": later["from"] if later["from"] != entry["from"] else None,
        }
    return {"on": day.isoformat(), "known": known, "tier": info, "obligations": out}
