// Tiny DOM helpers: text always goes in as text, never as markup.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A select's options as `choices` ([value, text] each) says, keeping what it had chosen if that
// is still a choice. The options stay as they are when they already say the same (the page binds
// over a form the build filled in, and every edit asks again): new nodes cost style and layout.
/** @param {HTMLSelectElement} select @param {Array<[string, string]>} choices */
export function setOptions(select, choices) {
  const chosen = select.value;
  const same = select.options.length === choices.length
    && choices.every(([value, text], i) => select.options[i].value === value && select.options[i].text === text);
  if (!same) select.replaceChildren(...choices.map(([value, text]) => h("option", { value, text })));
  if (choices.some(([value]) => value === chosen)) select.value = chosen;
}

export function status(root, text, kind = "info") {
  const el = root.querySelector('[data-role="status"]');
  if (!el) return;
  el.textContent = text;
  el.dataset.kind = kind;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// An SVG element with its attributes (null, undefined and false left out) and its text.
export function svgNode(tag, attrs, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

// The next task: the browser may paint and handle input in between (scheduler.yield where the
// browser has it, so the rest of a render goes before other queued work).
export function nextTask() {
  const scheduler = /** @type {any} */ (globalThis).scheduler;
  return scheduler && typeof scheduler.yield === "function" ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

// When the page has nothing else to do (or within timeoutMs).
export function whenIdle(work, timeoutMs = 5000) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(work, { timeout: timeoutMs });
  else setTimeout(work, Math.min(1000, timeoutMs));
}

// The children of `parent` as `parts` says, in its order: each part [key, build], or null for
// none. A child built before for the same key (a string: the data it shows, as JSON) is kept as
// it is, with its state (details open or closed) and without the style and layout a new one
// costs; the others are built, and what no part names any more goes.
const keys = new WeakMap(); // node -> the key it was built for
/** @param {Element} parent @param {Array<[string, () => Element | null] | null>} parts */
export function keepOrBuild(parent, parts) {
  const old = new Map();
  for (const child of parent.children) if (keys.has(child)) old.set(keys.get(child), child);
  const nodes = [];
  for (const part of parts) {
    if (!part) continue;
    const [key, build] = part;
    let node = old.get(key);
    if (node) old.delete(key);
    else {
      node = build();
      if (!node) continue;
      keys.set(node, key);
    }
    nodes.push(node);
  }
  // What goes, first: then the kept nodes stand in their order, and only the new ones are
  // inserted between them (moving a kept node would lay it out again, as a new one).
  const wanted = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!wanted.has(child)) child.remove();
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (cursor === node) cursor = node.nextSibling;
    else parent.insertBefore(node, cursor);
  }
}

// A <details> whose content is built when it is first wanted: when it opens, before the page is
// printed, or once the page has been idle a while (so that the browser's find in page still
// finds its text; not at the first idle moment, which is while the engine scores the next
// answer, whose result would then wait). Closed, its content costs no layout anyway; this saves
// building it on every new result.
const fills = new WeakMap(); // details -> () => void, until filled
const FILL_AFTER_MS = 1000;
/** @param {Record<string, unknown>} attrs @param {Node} summary @param {() => Array<Node | Node[] | null>} content */
export function lazyDetails(attrs, summary, content) {
  const node = h("details", attrs, summary);
  fills.set(node, () => {
    fills.delete(node);
    for (const child of content().flat()) if (child) node.append(child);
  });
  // A click on the summary comes before it opens (the toggle event only after, a task later).
  summary.addEventListener("click", () => fillDetails(node));
  node.addEventListener("toggle", () => fillDetails(node));
  setTimeout(() => {
    if (!node.isConnected) return; // a newer result replaced it
    whenIdle(() => {
      if (node.isConnected) fillDetails(node);
    }, 2000);
  }, FILL_AFTER_MS);
  return node;
}

/** The content of a lazyDetails() now, if it is not built yet. @param {Element} node */
export function fillDetails(node) {
  const fill = fills.get(node);
  if (fill) fill();
}

if (typeof window !== "undefined") {
  window.addEventListener("beforeprint", () => {
    for (const node of document.querySelectorAll("details")) fillDetails(node);
  });
}
