// The calculators' charts, drawn as SVG. Every figure comes from the engine (Python); this file
// only places shapes and text, and text always goes in as text, never as markup.
//
// - Colours come from CSS classes (playbook.css), so switching light and dark needs no redraw.
// - A chart is drawn at the size of its box, which the browser reports through a ResizeObserver
//   after its own layout, so drawing never forces a layout and labels stay at 12 px on any screen.
// - Each chart is a few dozen elements: drawing one takes about a millisecond, where the chart
//   library it replaces spent 50-90 ms on its first chart.
// - The box carries role="img" and an aria-label with the figures; the tables next to each chart
//   hold the same numbers. Each bar and point also has a <title>, shown on hover.

import { localized, t } from "./tools.js";

const SVG = "http://www.w3.org/2000/svg";
const FONT = 12; // px, every label
const CHAR = FONT * 0.62; // a generous width of one character, for laying out labels
const LEGEND_ROW = FONT + 8;

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const label = (x, y, content, attrs = {}) => s("text", { x: round(x), y: round(y), ...attrs }, String(content));
const tip = (content) => s("title", {}, content);
const round = (v) => Math.round(v * 10) / 10;
const textWidth = (content) => String(content).length * CHAR;

// A tick label centred under x, but kept inside [from, to] (the chart's edges).
function edgeLabel(x, y, content, [from, to]) {
  const half = textWidth(content) / 2;
  if (x - half < Math.min(from, to)) return label(Math.min(from, to), y, content, { "text-anchor": "start" });
  if (x + half > Math.max(from, to)) return label(Math.max(from, to), y, content, { "text-anchor": "end" });
  return label(x, y, content, { "text-anchor": "middle" });
}

// Round tick values covering [lo, hi], about `count` of them, steps of 1, 2, 2.5 or 5 x 10^n.
export function ticks(lo, hi, count = 5) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = Math.abs(lo) / 10 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => raw <= m * magnitude) * magnitude;
  const size = Math.max(Math.abs(lo), Math.abs(hi));
  // No round steps when they are beyond a double's precision at this size (or it overflowed).
  if (!(step > 0) || !Number.isFinite(step) || step < size * 1e-12) return [lo, hi];
  // Enough significant digits to tell the ticks apart, and no more (0.30000000000000004 -> 0.3).
  const digits = Math.min(17, Math.max(1, Math.floor(Math.log10(Math.max(1, size / step))) + 3));
  const out = [];
  for (let i = Math.floor(lo / step); out.length < 50; i++) {
    const value = Number((i * step).toPrecision(digits));
    out.push(value);
    if (value >= hi) break;
  }
  return out.length > 1 ? out : [lo, hi];
}

function linear([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

function frame(width, height, name) {
  return s("svg", {
    class: `pb-svg pb-svg--${name}`,
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    "font-size": FONT,
    "aria-hidden": "true",
    focusable: "false",
  });
}

// A legend across the top, wrapping onto more rows: items are { label, cls, line, dashed }.
function legend(items, width) {
  const group = s("g", { class: "pb-svg__legend" });
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 22 + textWidth(item.label) + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      row += 1;
    }
    const y = row * LEGEND_ROW + FONT / 2 + 2;
    group.append(
      item.line
        ? s("line", { class: `pb-svg__line ${item.cls}`, x1: x, x2: x + 18, y1: y, y2: y, "stroke-dasharray": item.dashed ? "6 4" : null })
        : s("rect", { class: item.cls, x, y: y - 5, width: 18, height: 10, rx: 2 }),
      label(x + 22, y + FONT / 2 - 2, item.label),
    );
    x += w;
  }
  return { node: group, height: items.length ? (row + 1) * LEGEND_ROW : 0 };
}

// A vertical value axis: a grid line and a label for each tick; at(value) -> y.
function valueAxis(values, format, { along, across, count }) {
  const t = ticks(Math.min(0, ...values), Math.max(0, ...values), count);
  const at = linear([t[0], t[t.length - 1]], along);
  const group = s("g", { class: "pb-svg__axis" });
  for (const value of t) {
    const y = round(at(value));
    group.append(
      s("line", { class: value === 0 ? "pb-svg__zero" : "pb-svg__grid", x1: across[0], x2: across[1], y1: y, y2: y }),
      label(across[0] - 6, y + FONT / 3, format(value), { "text-anchor": "end" }),
    );
  }
  return { node: group, at };
}

// Net cash flow per period as bars, with lines (cumulative figures) over them.
// bars: { label, values, tone(i) -> class, legendClass }; lines: [{ label, values, cls, dashed }].
export function barsAndLines({ categories, bars, lines = [], format, axisFormat = format }) {
  return (width, height) => {
    const svg = frame(width, height, "bars");
    const items = [{ label: bars.label, cls: bars.legendClass }, ...lines.map((l) => ({ ...l, line: true }))];
    const key = legend(items, width);
    svg.append(key.node);
    const values = [...bars.values, ...lines.flatMap((l) => l.values)].filter(Number.isFinite);
    const top = key.height + 8;
    const bottom = height - FONT - 10;
    const tickCount = Math.max(2, Math.floor((bottom - top) / 40));
    const widest = Math.max(...ticks(Math.min(0, ...values), Math.max(0, ...values), tickCount).map((v) => textWidth(axisFormat(v))));
    const left = Math.min(width / 3, widest + 10);
    const right = width - 6;
    const axis = valueAxis(values, axisFormat, { along: [bottom, top], across: [left, right], count: tickCount });
    svg.append(axis.node);
    const band = (right - left) / Math.max(1, categories.length);
    const every = Math.max(1, Math.ceil((Math.max(0, ...categories.map(textWidth)) + 8) / band));
    const zero = axis.at(0);
    const barWidth = Math.max(1, band * 0.6);
    categories.forEach((category, i) => {
      const mid = left + band * (i + 0.5);
      if (i % every === 0) svg.append(label(mid, bottom + FONT + 4, category, { "text-anchor": "middle" }));
      const value = bars.values[i];
      if (!Number.isFinite(value)) return;
      const y = axis.at(value);
      svg.append(
        s("rect", { class: bars.tone(i), x: round(mid - barWidth / 2), y: round(Math.min(y, zero)), width: round(barWidth), height: round(Math.max(1, Math.abs(zero - y))) },
          tip(`${category}: ${bars.label} ${format(value)}`)),
      );
    });
    for (const line of lines) {
      const points = line.values.map((value, i) => [left + band * (i + 0.5), axis.at(value), value, i]).filter(([, , v]) => Number.isFinite(v));
      svg.append(s("polyline", {
        class: `pb-svg__line ${line.cls}`,
        points: points.map(([x, y]) => `${round(x)},${round(y)}`).join(" "),
        "stroke-dasharray": line.dashed ? "6 4" : null,
      }));
      for (const [x, y, value, i] of points) {
        svg.append(s("circle", { class: `pb-svg__point ${line.cls}`, cx: round(x), cy: round(y), r: 3.5 }, tip(`${categories[i]}: ${line.label} ${format(value)}`)));
      }
    }
    return svg;
  };
}

// A level over time (the portfolio's trend): dates along, levels 1..top up, one line of medians
// and, where a target is given, a dashed line at it. Every number comes from Python.
export function levelTrend({ categories, values, name, target = null, targetLabel = t("assessment.compare.target"), top = 5 }) {
  return (width, height) => {
    const svg = frame(width, height, "trend");
    const items = [{ label: name, cls: "pb-series-primary", line: true }];
    if (target !== null) items.push({ label: `${targetLabel} L${target}`, cls: "pb-series-accent", line: true, dashed: true });
    const key = legend(items, width);
    svg.append(key.node);
    const top_ = key.height + 8;
    const bottom = height - FONT - 10;
    const left = textWidth("L5") + 12;
    const right = width - 10;
    const at = linear([1, top], [bottom, top_]);
    const axis = s("g", { class: "pb-svg__axis" });
    for (let level = 1; level <= top; level++) {
      const y = round(at(level));
      axis.append(s("line", { class: "pb-svg__grid", x1: left, x2: right, y1: y, y2: y }), label(left - 6, y + FONT / 3, `L${level}`, { "text-anchor": "end" }));
    }
    svg.append(axis);
    const band = (right - left) / Math.max(1, categories.length);
    const every = Math.max(1, Math.ceil((Math.max(0, ...categories.map(textWidth)) + 8) / band));
    const x = (i) => left + band * (i + 0.5);
    categories.forEach((category, i) => {
      if (i % every === 0 || i === categories.length - 1) svg.append(edgeLabel(x(i), bottom + FONT + 4, category, [0, width]));
    });
    if (target !== null) {
      const y = round(at(target));
      svg.append(s("line", { class: "pb-svg__line pb-series-accent", x1: left, x2: right, y1: y, y2: y, "stroke-dasharray": "6 4" }));
    }
    const points = values.map((v, i) => [x(i), v, i]).filter(([, v]) => Number.isFinite(v));
    svg.append(s("polyline", { class: "pb-svg__line pb-series-primary", points: points.map(([px, v]) => `${round(px)},${round(at(v))}`).join(" ") }));
    for (const [px, v, i] of points) {
      svg.append(s("circle", { class: "pb-svg__point pb-series-primary", cx: round(px), cy: round(at(v)), r: 4 }, tip(`${categories[i]}: ${name} L${v}`)));
    }
    return svg;
  };
}

// A tornado chart: per row, bars from the base value out to each series' value.
// rows: [{ label: string | string[], values: [per series] }]; series: [{ label, cls }].
// Lines of a label, each wrapped at word breaks to at most `chars` characters, at most `most`
// lines. Where they do not fit, the first lines are cut ("…") and the last given line is kept
// (in "Line label: field" it names the field, which tells a line's drivers apart).
function fitLines(lines, chars, most) {
  const room = Math.max(4, chars);
  const cut = (text) => (text.length > room ? `${text.slice(0, room - 1).trimEnd()}…` : text);
  const wrap = (line) => {
    const out = [];
    let current = "";
    for (const word of String(line).split(" ")) {
      if (current && current.length + word.length + 1 > room) { out.push(current); current = word; } else current = current ? `${current} ${word}` : word;
    }
    out.push(current);
    return out.map(cut);
  };
  const groups = lines.map(wrap);
  const all = groups.flat();
  if (all.length <= most) return all;
  const last = groups.length > 1 ? groups[groups.length - 1].slice(-Math.max(1, most - 1)) : [];
  const head = groups.slice(0, last.length ? -1 : undefined).flat().slice(0, Math.max(1, most - last.length));
  head[head.length - 1] = `${head[head.length - 1].slice(0, room - 1).trimEnd()}…`;
  return [...head, ...last].slice(0, Math.max(most, 1));
}

// How many ticks to ask for on a horizontal axis of `room` pixels: one every `each` pixels, or
// fewer until their labels fit side by side ("200.000 $" in German, where English has "$200K").
function tickRoom(values, axisFormat, room, each) {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  for (let count = Math.max(2, Math.floor(room / each)); count > 1; count--) {
    const t = ticks(lo, hi, count);
    const widest = Math.max(...t.map((v) => textWidth(axisFormat(v))));
    if ((t.length - 1) * (widest + 8) <= room) return count;
  }
  return 1;
}

export function tornado({ rows, series, base, baseLabel, format, axisFormat = format }) {
  return (width, height) => {
    const svg = frame(width, height, "tornado");
    const key = legend(series, width);
    svg.append(key.node);
    const given = rows.map((row) => (Array.isArray(row.label) ? row.label : [row.label]));
    const top = key.height + 8;
    const bottom = height - FONT - 10;
    // Labels fit their side of a narrow chart: wrapped again, and cut where a row has no room
    // for more lines (the tooltip, the table and the chart's text alternative keep them whole).
    const most = Math.max(1, Math.floor((bottom - top) / Math.max(1, rows.length) / (FONT + 2)));
    const lines = given.map((text) => fitLines(text, Math.floor((width * 0.45 - 10) / CHAR), most));
    const left = Math.min(width * 0.45, Math.max(0, ...lines.flat().map(textWidth)) + 10);
    const right = width - 10;
    const values = [base, ...rows.flatMap((row) => row.values)].filter(Number.isFinite);
    const count = tickRoom(values, axisFormat, right - left, 90);
    const t = ticks(Math.min(...values), Math.max(...values), count);
    const at = linear([t[0], t[t.length - 1]], [left, right]);
    const group = s("g", { class: "pb-svg__axis" });
    for (const value of t) {
      const x = round(at(value));
      group.append(
        s("line", { class: "pb-svg__grid", x1: x, x2: x, y1: top, y2: bottom }),
        edgeLabel(x, bottom + FONT + 4, axisFormat(value), [0, width]),
      );
    }
    svg.append(group);
    const band = (bottom - top) / Math.max(1, rows.length);
    const thickness = Math.max(2, Math.min(band * 0.7, 28));
    const x0 = at(base);
    rows.forEach((row, r) => {
      const mid = top + band * (r + 0.5);
      const text = lines[r];
      const first = mid - ((text.length - 1) * (FONT + 2)) / 2 + FONT / 3;
      svg.append(s("text", { x: round(left - 6), y: round(first), "text-anchor": "end" },
        text.map((line, i) => s("tspan", { x: round(left - 6), dy: i === 0 ? 0 : FONT + 2 }, line))));
      series.forEach((item, i) => {
        const value = row.values[i];
        if (!Number.isFinite(value)) return;
        const x = at(value);
        svg.append(
          s("rect", { class: item.cls, x: round(Math.min(x, x0)), y: round(mid - thickness / 2), width: round(Math.max(1, Math.abs(x - x0))), height: round(thickness) },
            tip(`${given[r].join(" ")}: ${item.label}, ${format(value)}`)),
        );
      });
    });
    svg.append(
      s("line", { class: "pb-svg__base", x1: round(x0), x2: round(x0), y1: top - 4, y2: bottom }, tip(`${baseLabel}: ${format(base)}`)),
    );
    return svg;
  };
}

// A histogram: counts[i] cases between edges[i] and edges[i + 1]; tone(i) -> class.
// markers: vertical lines at given values [{ value, label, cls }] (zero, the base value), each
// labelled at the top and named in its tooltip; the scale widens to show them.
export function histogram({ edges, counts, tone, format, axisFormat = format, xTitle, yTitle, markers = [] }) {
  return (width, height) => {
    const svg = frame(width, height, "histogram");
    const shown = markers.filter((m) => Number.isFinite(m.value));
    const top = shown.length ? 8 + FONT + 4 : 8;
    const bottom = height - 2 * FONT - 18;
    const yCount = Math.max(2, Math.floor((bottom - top) / 40));
    const yTicks = ticks(0, Math.max(1, ...counts), yCount).filter((v) => Number.isInteger(v));
    const left = Math.max(...yTicks.map((v) => textWidth(localized(v)))) + FONT + 16;
    const right = width - 10;
    const y = linear([0, yTicks[yTicks.length - 1]], [bottom, top]);
    // Every case the same value: one bar, in the middle of a scale around it.
    const pad = edges[0] === edges[edges.length - 1] ? Math.abs(edges[0]) / 10 || 1 : 0;
    // The scale runs from tick to tick around the bins and markers, so a narrow chart still has
    // a labelled tick at each end (cut to the bins' own span, only zero was left between them).
    const span = [Math.min(edges[0] - pad, ...shown.map((m) => m.value)), Math.max(edges[edges.length - 1] + pad, ...shown.map((m) => m.value))];
    const xTicks = ticks(span[0], span[1], tickRoom(span, axisFormat, right - left, 100));
    const [lo, hi] = [xTicks[0], xTicks[xTicks.length - 1]];
    const x = linear([lo, hi], [left, right]);
    const axis = s("g", { class: "pb-svg__axis" });
    for (const value of yTicks) {
      const p = round(y(value));
      axis.append(
        s("line", { class: value === 0 ? "pb-svg__zero" : "pb-svg__grid", x1: left, x2: right, y1: p, y2: p }),
        label(left - 6, p + FONT / 3, localized(value), { "text-anchor": "end" }),
      );
    }
    for (const value of xTicks) {
      axis.append(edgeLabel(x(value), bottom + FONT + 4, axisFormat(value), [0, width]));
    }
    axis.append(
      label((left + right) / 2, height - 4, xTitle, { "text-anchor": "middle", class: "pb-svg__title" }),
      label(FONT, (top + bottom) / 2, yTitle, { "text-anchor": "middle", class: "pb-svg__title", transform: `rotate(-90 ${FONT} ${round((top + bottom) / 2)})` }),
    );
    svg.append(axis);
    counts.forEach((count, i) => {
      const x1 = x(edges[i] - pad / 2);
      const x2 = x(edges[i + 1] + pad / 2);
      const h = bottom - y(count);
      svg.append(
        s("rect", { class: tone(i), x: round(x1), y: round(bottom - h), width: round(Math.max(1, x2 - x1 - 1)), height: round(h) },
          tip(t("charts.histogram.bin", { from: format(edges[i]), to: format(edges[i + 1]), count }))),
      );
    });
    // Labels point away from each other when two markers sit close, so they do not overlap.
    const placed = shown.map((m) => ({ ...m, p: round(x(m.value)) })).sort((a, b) => a.p - b.p);
    placed.forEach((marker, i) => {
      const room = (other) => other && Math.abs(marker.p - other.p) < textWidth(other.label) + textWidth(marker.label) + 8;
      let anchor = marker.p > (left + right) / 2 ? "end" : "start";
      if (room(placed[i + 1])) anchor = "end";
      else if (room(placed[i - 1])) anchor = "start";
      svg.append(s("g", { class: `pb-svg__marker ${marker.cls || ""}`.trim(), "data-marker": marker.key || "" },
        s("line", { x1: marker.p, x2: marker.p, y1: top - 2, y2: bottom }, tip(`${marker.label}: ${format(marker.value)}`)),
        label(anchor === "end" ? marker.p - 4 : marker.p + 4, top - 4, marker.label, { "text-anchor": anchor })));
    });
    return svg;
  };
}

// A label in one or two lines: two when the narrow chart needs the room (split at the middle space).
function wrapped(text, narrow) {
  const words = String(text).split(" ");
  if (!narrow || words.length < 2) return [String(text)];
  let best = null;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(" "), words.slice(i).join(" ")];
    const width = Math.max(...lines.map((line) => line.length));
    if (!best || width < best.width) best = { lines, width };
  }
  return best.lines;
}

// A radar chart of levels 0..max per axis: axes are the labels; series [{ label, values, cls,
// dashed, outline }] (an outline is drawn without a fill, e.g. a target).
export function radar({ axes, max, series, valueLabel = (v) => `L${v}` }) {
  return (width, height) => {
    const svg = frame(width, height, "radar");
    const key = legend(series.length > 1 ? series.map((item) => ({ ...item, line: true })) : [], width);
    svg.append(key.node);
    const top = key.height + 4;
    const n = Math.max(1, axes.length);
    const angle = (i) => (2 * Math.PI * i) / n;
    const cx = width / 2;
    const cy = top + (height - top) / 2;
    const names = axes.map((name) => wrapped(name, width < 480));
    // The largest radius at which every label still fits beside or above its spoke.
    const gap = 8;
    let radius = (height - top) / 2 - 2 * (FONT + 2) - gap;
    names.forEach((lines, i) => {
      const side = Math.abs(Math.sin(angle(i)));
      const w = Math.max(...lines.map(textWidth));
      if (side >= 0.2) radius = Math.min(radius, (width / 2 - 4 - w) / side - gap);
    });
    radius = Math.max(20, radius);
    const point = (i, r) => [cx + r * Math.sin(angle(i)), cy - r * Math.cos(angle(i))];
    const ring = (r) => axes.map((_, i) => point(i, r).map(round).join(",")).join(" ");
    const grid = s("g", { class: "pb-svg__axis" });
    for (let level = 1; level <= max; level++) {
      grid.append(s("polygon", { class: "pb-svg__grid", points: ring((radius * level) / max) }));
    }
    names.forEach((lines, i) => {
      const [x, y] = point(i, radius);
      grid.append(s("line", { class: "pb-svg__grid", x1: round(cx), y1: round(cy), x2: round(x), y2: round(y) }));
      const [lx, ly] = point(i, radius + gap);
      const sin = Math.sin(angle(i));
      const cos = Math.cos(angle(i));
      const anchor = Math.abs(sin) < 0.2 ? "middle" : sin > 0 ? "start" : "end";
      const height = (lines.length - 1) * (FONT + 2);
      // Above the top spoke the label ends at the ring; below the bottom one it starts there.
      const first = cos > 0.2 ? ly - height - 2 : cos < -0.2 ? ly + FONT : ly - height / 2 + FONT / 3;
      grid.append(s("text", { x: round(lx), y: round(first), "text-anchor": anchor },
        lines.map((line, j) => s("tspan", { x: round(lx), dy: j === 0 ? 0 : FONT + 2 }, line))));
    });
    for (let level = 1; level <= max; level++) {
      grid.append(label(cx + 6, cy - (radius * level) / max + FONT / 3, level, { class: "pb-svg__tick" }));
    }
    svg.append(grid);
    for (const item of series) {
      const points = item.values.map((value, i) => point(i, (radius * Math.max(0, Math.min(max, value || 0))) / max));
      svg.append(s("polygon", {
        class: `pb-svg__area ${item.outline ? "pb-svg__outline " : ""}${item.cls}`,
        points: points.map((p) => p.map(round).join(",")).join(" "),
        "stroke-dasharray": item.dashed ? "6 4" : null,
      }));
      points.forEach(([x, y], i) => {
        svg.append(s("circle", { class: `pb-svg__point ${item.cls}`, cx: round(x), cy: round(y), r: 3.5 },
          tip(`${axes[i]}: ${item.label} ${item.values[i] ? valueLabel(item.values[i]) : t("assessment.radar.not_scored")}`)));
      });
    }
    return svg;
  };
}

// -- putting a chart in its box ---------------------------------------------------------------------

const boxes = new WeakMap(); // box -> { draw, width, height }
const resized =
  typeof ResizeObserver === "function"
    ? new ResizeObserver((entries) => {
      for (const entry of entries) {
        const state = boxes.get(entry.target);
        if (!state) continue;
        const size = entry.contentBoxSize && entry.contentBoxSize[0];
        const width = Math.floor(size ? size.inlineSize : entry.contentRect.width);
        const height = Math.floor(size ? size.blockSize : entry.contentRect.height);
        if (width === state.width && height === state.height) continue;
        Object.assign(state, { width, height });
        paint(entry.target, state);
      }
    })
    : null;

function paint(box, state) {
  if (state.width > 0 && state.height > 0) box.replaceChildren(state.draw(state.width, state.height));
}

// Show a chart in its box (chart: one of the functions above, given its data): at once when the box
// has been laid out before, else as soon as the browser has laid it out (also when a hidden or
// off-screen box appears), and again whenever the box changes size.
export function show(box, chart) {
  let state = boxes.get(box);
  if (!state) {
    state = { draw: chart, width: 0, height: 0 };
    boxes.set(box, state);
    forget();
    shown.add(box);
    if (resized) resized.observe(box);
    else Object.assign(state, { width: 600, height: 300 }); // no ResizeObserver: a fixed size
  }
  state.draw = chart;
  paint(box, state);
}

// Boxes on the page, for printing; a box that left the page (a redrawn result) is let go.
const shown = new Set();
function forget() {
  for (const box of shown) {
    if (box.isConnected) continue;
    shown.delete(box);
    if (resized) resized.unobserve(box);
  }
}

// Printing lays the page out again without running ResizeObservers: a chart not drawn yet (its
// card never came into view) is drawn now at its box's size; its SVG scales to the paper.
if (typeof window !== "undefined") {
  window.addEventListener("beforeprint", () => {
    forget();
    for (const box of shown) {
      const state = boxes.get(box);
      if (state.width > 0 && state.height > 0) continue;
      Object.assign(state, { width: box.clientWidth || 600, height: box.clientHeight || 300 });
      paint(box, state);
    }
  });
}
