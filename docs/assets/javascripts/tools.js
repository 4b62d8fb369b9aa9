// Moving data in and out of a calculator page: files, share links, notices. No calculations.

import { h } from "./dom.js";

const MAX_IMPORT_BYTES = 1_000_000;

export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function readJsonFile(file) {
  if (!file) throw new Error("no file chosen");
  if (file.size > MAX_IMPORT_BYTES) throw new Error(`the file is too large (${file.size} bytes; at most ${MAX_IMPORT_BYTES})`);
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the file is not valid JSON (${error.message})`);
  }
}

function toBase64Url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// A share link carries its data in the URL fragment, which browsers never send to a server.
function shareLink(key, data) {
  const encoded = toBase64Url(new TextEncoder().encode(JSON.stringify(data)));
  return `${location.origin}${location.pathname}#${key}=${encoded}`;
}

function readShareFragment(key) {
  const prefix = `#${key}=`;
  if (!location.hash.startsWith(prefix)) return null;
  const raw = location.hash.slice(prefix.length);
  try {
    return { data: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(raw))) };
  } catch {
    return { error: "this share link is broken or incomplete (it could not be decoded)" };
  }
}

function clearFragment() {
  history.replaceState(history.state, "", location.pathname + location.search);
}

// The toolbar's "Copy share link": `data` travels in the link's fragment (never sent to a
// server). Copied when the browser allows it; shown, selected, in the notice either way.
// `what` says what travels ("answers travel", "the case travels").
export async function offerShareLink(root, key, data, what) {
  const url = shareLink(key, data);
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    /* clipboard not allowed: the link is shown below */
  }
  notice(root, copied
    ? `Share link copied. ${what[0].toUpperCase()}${what.slice(1)} in the link's fragment, which is never sent to a server:`
    : `Copy this share link (${what} in its fragment, never sent to a server):`, "info");
  const field = h("input", { type: "text", readonly: true, value: url, class: "pb-share", "aria-label": "Share link", "data-role": "share-link" });
  root.querySelector('[data-role="notice"]').append(field);
  field.select();
}

// Once the engine is ready: load a share link's fragment, if the page was opened with one, and
// drop it from the address bar. `load(data, source)` checks and applies it (true when done);
// a broken link is refused in the notice and nothing changes. `what`: "answers", "inputs".
export async function applyShareFragment(root, key, load, what) {
  const shared = readShareFragment(key);
  if (!shared) return false;
  clearFragment();
  if (shared.error) {
    notice(root, `${shared.error}. Your current ${what} are unchanged.`, "error");
    return false;
  }
  return Boolean(await load(shared.data, "the share link"));
}

export function notice(root, text, kind = "info", actions = []) {
  const el = root.querySelector('[data-role="notice"]');
  if (!el) return;
  el.dataset.kind = kind;
  el.replaceChildren(
    h("span", { text }),
    ...actions.map(({ label, onClick }) =>
      h("button", { type: "button", class: "md-button pb-notice__action", onclick: () => { onClick(); el.hidden = true; } }, label)),
    h("button", { type: "button", class: "pb-notice__close", "aria-label": "Dismiss this message", onclick: () => { el.hidden = true; } }, "×"),
  );
  el.hidden = false;
}

export function storage(key) {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch {
        return false; // storage disabled or full: the page still works, it cannot resume
      }
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {
        /* nothing to clear */
      }
    },
  };
}

export function siteBase() {
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(`${config.base}/`, location.href);
  } catch {
    return new URL("/", location.href);
  }
}
