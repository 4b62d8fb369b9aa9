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
