"""Diagrams of the playbook's frameworks, laid out from rubric data at build time.

MkDocs-free so tests can call it. Each public function takes the loaded rubrics and returns a
pair of layouts, ``{"id", "wide", "narrow"}``: the wide one for desktop and print, the narrow one
(a vertical arrangement) for phones, where a scaled-down wide drawing would be illegible. A
layout is plain data, ``{"title", "desc", "width", "height", "shapes"}``, and every shape is one
of ``rect``, ``text`` (already wrapped into ``lines``), ``line`` or ``diamond``, with a CSS class
for its colours. ``overrides/hooks/_diagram.html`` writes them as inline SVG, autoescaped: rubric
text is data here as everywhere else. All the arithmetic is here or in
``calculators._timeline`` (the sprint), none in JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The shapes, their sizes and the text wrapping are shared with the sprint timeline, which the
# browser worker also lays out (for the reader's own plan): one copy, in the calculators.
from calculators import _timeline
from calculators._errors import say
from calculators._timeline import LEADING, NARROW, PAD, WIDE, timeline, wrap

# The build's interface strings (rubrics/strings.yaml in the site's language): every word a
# drawing adds to the rubric's own text comes from them (``diagram.*``, ``timeline.*``).
Words = Mapping[str, str] | None

_height, _layout, _line, _r = _timeline.height, _timeline.layout, _timeline.line, _timeline.r
_rect, _text = _timeline.rect, _timeline.text

__all__ = ["governance", "mlops", "operating_model", "root_causes", "sprint", "staircase"]


def _active(items) -> list:
    return [i for i in items or [] if not (isinstance(i, dict) and i.get("retired"))]


def _role_titles(rubrics) -> dict[str, str]:
    return {r["id"]: r["title"] for r in (rubrics.get("operating_model") or {}).get("roles", [])}


def _dim_titles(rubrics) -> dict[str, str]:
    return {d["id"]: d["title"] for d in (rubrics.get("maturity") or {}).get("dimensions", [])}


# --- the maturity staircase ------------------------------------------------------------------


def _descriptors(words: Words) -> tuple[tuple[str, str], ...]:
    return (
        ("ownership", say(words, "diagram.staircase.ownership", "Ownership")),
        ("mlops", say(words, "diagram.staircase.mlops", "MLOps")),
        ("governance", say(words, "diagram.staircase.governance", "Governance")),
        ("outcome", say(words, "diagram.staircase.outcome", "Outcome")),
    )


def _level_block(
    lv: dict, width: float, gates: int, size: float, words: Words = None
) -> tuple[list, float]:
    """The text of one step (header, gate note, descriptors) at the origin, and its height."""
    shapes: list = []
    y = 0.0
    head = wrap(f"L{lv['level']} {lv['label']}", width, size + 2)
    shapes.append(_text(0, y, head, size + 2, "dg-text dg-strong"))
    y += _height(head, size + 2) + 2
    if gates:
        guarded = (
            say(words, "diagram.staircase.guarded_one", "Guarded by {gates} gate", gates=gates)
            if gates == 1
            else say(words, "diagram.staircase.guarded", "Guarded by {gates} gates", gates=gates)
        )
        note = wrap(guarded, width, size)
        shapes.append(_text(0, y, note, size, "dg-text dg-gate-text dg-strong"))
        y += _height(note, size) + 2
    for key, label in _descriptors(words):
        lines = wrap(f"{label}: {lv.get(key, '')}", width, size)
        shapes.append(_text(0, y, lines, size, "dg-text"))
        y += _height(lines, size) + 3
    return shapes, y


def _moved(shapes: list, dx: float, dy: float) -> list:
    out = []
    for s in shapes:
        s = dict(s)
        if s["kind"] == "text":
            s["x"], s["y"] = _r(s["x"] + dx), _r(s["y"] + dy)
        out.append(s)
    return out


def _gate_list(
    gates: list, y: float, width: float, size: float, words: Words = None
) -> tuple[list, float]:
    shapes: list = []
    by_level: dict[int, list] = {}
    for g in gates:
        by_level.setdefault(g.get("level") or g.get("min_level"), []).append(g)
    for level, items in sorted(by_level.items()):
        said = say(
            words,
            "diagram.staircase.gates_to",
            "Gates to reach L{level}: every one must pass",
            level=level,
        )
        head = wrap(said, width, size)
        shapes.append(_text(PAD, y, head, size, "dg-text dg-gate-text dg-strong"))
        y += _height(head, size) + 2
        for i, g in enumerate(items, 1):
            lines = wrap(f"{i}. {g['title']}", width - 12, size)
            shapes.append(_text(PAD + 12, y, lines, size, "dg-text"))
            y += _height(lines, size) + 2
        y += 4
    return shapes, y


def staircase(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """The maturity levels as a staircase, each step with its descriptors, gated steps marked."""
    rubric = rubrics["maturity"]
    levels = sorted(rubric["levels"], key=lambda lv: lv["level"])
    gates = _active(rubric.get("gates"))
    gated: dict[int, int] = {}
    for g in gates:
        level = g.get("level") or g.get("min_level")
        gated[level] = gated.get(level, 0) + 1
    n = len(levels)
    title = say(
        words, "diagram.staircase.title", "The {count} maturity levels as a staircase", count=n
    )
    desc = " ".join(
        say(
            words,
            "diagram.staircase.desc_level",
            "Level {level}, {label}: ownership {ownership}; MLOps {mlops}; governance {governance}; outcome {outcome}.",
            level=lv["level"],
            label=lv["label"],
            ownership=lv["ownership"],
            mlops=lv["mlops"],
            governance=lv["governance"],
            outcome=lv["outcome"],
        )
        + (
            " "
            + say(
                words,
                "diagram.staircase.desc_gates",
                "Reaching it takes {gates} gates.",
                gates=gated[lv["level"]],
            )
            if lv["level"] in gated
            else ""
        )
        for lv in levels
    )

    def wide() -> dict:
        size = 12
        sw = (WIDE - 2 * PAD) / n
        blocks = [
            _level_block(lv, sw - 14, gated.get(lv["level"], 0), size, words) for lv in levels
        ]
        base = max(h for _, h in blocks) + 16
        rise = 26
        bottom = PAD + (n - 1) * rise + base
        shapes: list = []
        for k, (lv, (text, _)) in enumerate(zip(levels, blocks, strict=True)):
            x = PAD + k * sw
            top = PAD + (n - 1 - k) * rise
            shapes.append(_rect(x, top, sw - 2, bottom - top, f"dg-step dg-step-{k % 5}", 2))
            if lv["level"] in gated:
                shapes.append(_rect(x, top, 5, bottom - top, "dg-gate", 0))
            shapes += _moved(text, x + 9, top + 7)
        more, height = _gate_list(gates, bottom + 12, WIDE - 2 * PAD, size, words)
        return _layout(title, desc, WIDE, height + PAD, shapes + more)

    def narrow() -> dict:
        size = 12.5
        indent = 12
        shapes: list = []
        y = PAD
        for k, lv in enumerate(reversed(levels)):
            level_index = n - 1 - k
            x = PAD + level_index * indent
            w = NARROW - 2 * PAD - (n - 1) * indent
            text, h = _level_block(lv, w - 16, gated.get(lv["level"], 0), size, words)
            shapes.append(_rect(x, y, w, h + 12, f"dg-step dg-step-{level_index % 5}", 2))
            if lv["level"] in gated:
                shapes.append(_rect(x, y, 5, h + 12, "dg-gate", 0))
            shapes += _moved(text, x + 10, y + 6)
            y += h + 14
        more, height = _gate_list(gates, y + 8, NARROW - 2 * PAD, size, words)
        return _layout(title, desc, NARROW, height + PAD, shapes + more)

    return {"id": "staircase", "wide": wide(), "narrow": narrow()}


# --- the 90-day sprint -----------------------------------------------------------------------


def _sprint_phases(rubrics) -> list[dict]:
    return [
        {**ph, "activities": _active(ph.get("activities"))}
        for ph in _active(rubrics["sprint"]["phases"])
    ]


def _criteria(ph: dict) -> list[str]:
    return [c["text"] if isinstance(c, dict) else c for c in ph.get("exit_criteria", [])]


def sprint(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """The sprint as a timeline: phases over the weeks, each activity a bar with its owner, the
    exit criteria at the end of each phase (laid out by ``calculators._timeline``, which also
    draws the reader's own dated plan on the assessment page), in the language of ``words``."""
    phases = [{**ph, "exit_criteria": _criteria(ph)} for ph in _sprint_phases(rubrics)]
    return {"id": "sprint", **timeline(phases, _role_titles(rubrics), words=words)}


# --- boxes in a row or a column: the governance stack, the MLOps line -------------------------


def _stack(items: list[dict], width: float, size: float, cls: str) -> tuple[list, float]:
    """Bands one under another, each with a bold title line and a wrapped text."""
    shapes: list = []
    y = PAD
    inner = width - 2 * PAD
    for i, item in enumerate(items):
        head = wrap(item["head"], inner - 20, size + 2)
        body = wrap(item["body"], inner - 20, size)
        h = _height(head, size + 2) + _height(body, size) + 16
        shapes.append(_rect(PAD, y, inner, h, f"{cls} {cls}-{i % 4}", 4))
        shapes.append(_text(PAD + 10, y + 6, head, size + 2, "dg-text dg-strong"))
        shapes.append(_text(PAD + 10, y + 9 + _height(head, size + 2), body, size, "dg-text"))
        y += h
        if i < len(items) - 1:
            shapes.append(_line(width / 2, y + 1, width / 2, y + 15, "dg-line", arrow=True))
            y += 18
    return shapes, y + PAD


def governance(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """The governance layers stacked from policy down, each with its summary and owner."""
    layers = _active(rubrics["governance"]["layers"])
    roles = _role_titles(rubrics)
    items = [
        {
            "head": say(
                words,
                "diagram.governance.layer",
                "{number}. {title} · owner: {owner}",
                number=i,
                title=layer["title"],
                owner=roles.get(layer["owner"], layer["owner"]),
            ),
            "body": layer["summary"],
        }
        for i, layer in enumerate(layers, 1)
    ]
    title = say(
        words, "diagram.governance.title", "The governance stack: {count} layers", count=len(layers)
    )
    desc = say(
        words,
        "diagram.governance.desc",
        "From top to bottom, each layer puts the one above it into practice.",
    )
    desc += " " + " ".join(f"{it['head']}: {it['body']}" for it in items)
    pair = {}
    for name, width, size in (("wide", WIDE, 12.5), ("narrow", NARROW, 12.5)):
        shapes, height = _stack(items, width, size, "dg-layer")
        pair[name] = _layout(title, desc, width, height, shapes)
    return {"id": "governance", **pair}


def mlops(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """The MLOps components as an assembly line, in the rubric's order."""
    components = _active(rubrics["mlops"]["components"])
    components = sorted(components, key=lambda c: (c.get("order") is None, c.get("order") or 0))
    items = [
        {"head": f"{i}. {c['title']}", "body": c["purpose"]} for i, c in enumerate(components, 1)
    ]
    title = say(
        words,
        "diagram.mlops.title",
        "The MLOps assembly line: {count} components in order",
        count=len(items),
    )
    desc = say(words, "diagram.mlops.desc", "A model passes the components in this order.")
    desc += " " + " ".join(f"{it['head']}: {it['body']}" for it in items)
    # Wide: boxes side by side, arrows between them.
    n = len(items)
    gap = 18
    size = 11.5
    bw = (WIDE - 2 * PAD - (n - 1) * gap) / n
    blocks = [
        (wrap(it["head"], bw - 14, size + 1.5), wrap(it["body"], bw - 14, size)) for it in items
    ]
    h = max(_height(a, size + 1.5) + _height(b, size) for a, b in blocks) + 20
    shapes: list = []
    for i, (head, body) in enumerate(blocks):
        x = PAD + i * (bw + gap)
        shapes.append(_rect(x, PAD, bw, h, f"dg-station dg-station-{i % 5}", 4))
        shapes.append(_text(x + 7, PAD + 7, head, size + 1.5, "dg-text dg-strong"))
        shapes.append(_text(x + 7, PAD + 10 + _height(head, size + 1.5), body, size, "dg-text"))
        if i < n - 1:
            shapes.append(
                _line(x + bw + 2, PAD + h / 2, x + bw + gap - 2, PAD + h / 2, "dg-line", arrow=True)
            )
    wide = _layout(title, desc, WIDE, h + 2 * PAD, shapes)
    narrow_shapes, height = _stack(items, NARROW, 12.5, "dg-station")
    return {
        "id": "mlops",
        "wide": wide,
        "narrow": _layout(title, desc, NARROW, height, narrow_shapes),
    }


# --- the root causes and their dimensions ----------------------------------------------------


def root_causes(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """Each root cause on the left, linked to the maturity dimension it belongs to on the right."""
    causes = _active(rubrics["root_causes"]["causes"])
    dims = _active((rubrics.get("maturity") or {}).get("dimensions"))
    titles = _dim_titles(rubrics)
    title = say(
        words,
        "diagram.root_causes.title",
        "The {count} root causes and the maturity dimensions they belong to",
        count=len(causes),
    )
    desc = " ".join(
        say(
            words,
            "diagram.root_causes.desc",
            "{cause} belongs to {dimension}.",
            cause=c["title"],
            dimension=titles.get(c["dimension"], c["dimension"]),
        )
        for c in causes
    )
    cause_head = say(words, "diagram.root_causes.cause", "Root cause")
    dimension_head = say(words, "diagram.root_causes.dimension", "Maturity dimension")
    used = {c["dimension"] for c in causes}

    def draw(width: float, size: float, gap: float) -> dict:
        col = (width - 2 * PAD - gap) / 2
        shapes: list = [
            _text(PAD, PAD, wrap(cause_head, col, size), size, "dg-muted"),
            _text(width - PAD - col, PAD, wrap(dimension_head, col, size), size, "dg-muted"),
        ]
        top = PAD + size * LEADING + 6

        def column(entries, x, cls) -> tuple[dict, float]:
            y, mids = top, {}
            for key, text, muted in entries:
                lines = wrap(text, col - 16, size)
                h = _height(lines, size) + 12
                shapes.append(_rect(x, y, col, h, cls + (" dg-unused" if muted else ""), 4))
                shapes.append(
                    _text(x + 8, y + 5, lines, size, "dg-text" + (" dg-muted" if muted else ""))
                )
                mids[key] = y + h / 2
                y += h + 8
            return mids, y

        left, lh = column([(c["id"], c["title"], False) for c in causes], PAD, "dg-cause")
        right, rh = column(
            [(d["id"], d["title"], d["id"] not in used) for d in dims],
            width - PAD - col,
            "dg-dimension",
        )
        for c in causes:
            if c["dimension"] in right:
                shapes.append(
                    _line(
                        PAD + col,
                        left[c["id"]],
                        width - PAD - col - 2,
                        right[c["dimension"]],
                        "dg-link",
                        arrow=True,
                    )
                )
        return _layout(title, desc, width, max(lh, rh), shapes)

    return {"id": "root-causes", "wide": draw(WIDE, 13, 140), "narrow": draw(NARROW, 12.5, 30)}


# --- the operating model ---------------------------------------------------------------------


def operating_model(rubrics: dict, words: Words = None) -> dict[str, Any]:
    """The central studio and the federated product teams, what each owns, and where the roles
    sit (the business, the studio, the product teams)."""
    om = rubrics["operating_model"]
    pattern = om["pattern"]
    roles = _active(om["roles"])
    places = (
        ("hub", pattern["hub"]["title"], pattern["hub"]["owns"]),
        ("spoke", pattern["spokes"]["title"], pattern["spokes"]["owns"]),
    )
    business = [r["title"] for r in roles if r["sits_in"] == "business"]
    title = say(
        words,
        "diagram.operating_model.title",
        "The operating model: {pattern}",
        pattern=pattern["title"],
    )
    place_names = {
        "hub": pattern["hub"]["title"],
        "spoke": pattern["spokes"]["title"],
        "business": say(words, "diagram.operating_model.business", "business"),
    }
    desc = " ".join(
        [
            *(
                say(
                    words,
                    "diagram.operating_model.owns",
                    "{place} owns: {owns}.",
                    place=name,
                    owns="; ".join(owns),
                )
                for _, name, owns in places
            ),
            say(
                words,
                "diagram.operating_model.desc",
                "The studio sets the platform, standards and guardrails; the product teams build within them.",
            ),
            *(
                say(
                    words,
                    "diagram.operating_model.sits_in",
                    "The {role} sits in the {place}.",
                    role=r["title"],
                    place=place_names.get(r["sits_in"], place_names["business"]),
                )
                for r in roles
            ),
        ]
    )
    roles_here = say(words, "diagram.operating_model.roles_here", "Roles here")
    down_words = say(words, "diagram.operating_model.down", "platform, standards, guardrails")
    up_words = say(words, "diagram.operating_model.up", "results, needs, reuse")

    def box(x, y, w, name, owns, sits, size, cls) -> tuple[list, float]:
        shapes: list = []
        head = wrap(name, w - 16, size + 2)
        cy = y + 6
        inner: list = [_text(x + 8, cy, head, size + 2, "dg-text dg-strong")]
        cy += _height(head, size + 2) + 4
        for o in owns:
            lines = wrap(f"• {o}", w - 16, size)
            inner.append(_text(x + 8, cy, lines, size, "dg-text"))
            cy += _height(lines, size) + 2
        if sits:
            cy += 4
            inner.append(_text(x + 8, cy, [roles_here], size - 0.5, "dg-muted"))
            cy += _height(["x"], size - 0.5) + 2
            for r in sits:
                lines = wrap(r, w - 28, size)
                rh = _height(lines, size) + 6
                inner.append(_rect(x + 8, cy, w - 16, rh, "dg-role", 10))
                inner.append(_text(x + 14, cy + 3, lines, size, "dg-text"))
                cy += rh + 4
        shapes.append(_rect(x, y, w, cy - y + 6, cls, 6))
        return shapes + inner, cy - y + 6

    def draw(width: float, narrow: bool) -> dict:
        size = 12 if narrow else 12.5
        shapes: list = []
        y = PAD
        inner = width - 2 * PAD
        if business:
            said = say(
                words,
                "diagram.operating_model.business_roles",
                "Line of business: {roles}",
                roles=", ".join(business),
            )
            head = wrap(said, inner - 16, size)
            h = _height(head, size) + 12
            shapes.append(_rect(PAD, y, inner, h, "dg-business", 6))
            shapes.append(_text(PAD + 8, y + 5, head, size, "dg-text"))
            y += h + 20
            shapes.append(_line(width / 2, y - 18, width / 2, y - 2, "dg-line", arrow=True))
        sits = {key: [r["title"] for r in roles if r["sits_in"] == key] for key, _, _ in places}
        if narrow:
            hub, hh = box(PAD, y, inner, places[0][1], places[0][2], sits["hub"], size, "dg-hub")
            spoke_y = y + hh + 34
            spoke, sh = box(
                PAD, spoke_y, inner, places[1][1], places[1][2], sits["spoke"], size, "dg-spoke"
            )
            label = _text(width / 2 + 8, y + hh + 6, [down_words], size - 1, "dg-muted")
            shapes += (
                hub
                + spoke
                + [
                    label,
                    _line(width / 2, y + hh + 2, width / 2, spoke_y - 2, "dg-line", arrow=True),
                ]
            )
            return _layout(title, desc, width, spoke_y + sh + PAD, shapes)
        gap = 120
        w = (inner - gap) / 2
        hub, hh = box(PAD, y, w, places[0][1], places[0][2], sits["hub"], size, "dg-hub")
        spoke, sh = box(
            PAD + w + gap, y, w, places[1][1], places[1][2], sits["spoke"], size, "dg-spoke"
        )
        mid = y + min(hh, sh) / 2
        shapes += hub + spoke
        shapes.append(
            _line(PAD + w + 4, mid - 12, PAD + w + gap - 4, mid - 12, "dg-line", arrow=True)
        )
        down = wrap(down_words, gap - 10, size - 1)
        shapes.append(
            _text(
                PAD + w + gap / 2,
                mid - 18 - _height(down, size - 1),
                down,
                size - 1,
                "dg-muted",
                anchor="middle",
            )
        )
        shapes.append(
            _line(PAD + w + gap - 4, mid + 12, PAD + w + 4, mid + 12, "dg-line", arrow=True)
        )
        shapes.append(
            _text(
                PAD + w + gap / 2,
                mid + 18,
                wrap(up_words, gap - 10, size - 1),
                size - 1,
                "dg-muted",
                anchor="middle",
            )
        )
        return _layout(title, desc, width, y + max(hh, sh) + PAD, shapes)

    return {"id": "operating-model", "wide": draw(WIDE, False), "narrow": draw(NARROW, True)}
