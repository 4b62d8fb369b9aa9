// The readiness page's EU AI Act tier: the reader picks a tier and a day, the engine lists the
// obligations the tier brings, their dates and whether each applies on that day
// (calculators/_references.py tier_obligations); this file only shows them, each citation as
// the engine says it in the page's words (cite_said, from the page's cite.* strings).

import { h } from "./dom.js";
import { pageLanguage, said, t, wordsFor } from "./tools.js";

const date = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(pageLanguage(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The reader's own calendar day (not UTC's), as YYYY-MM-DD. */
function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** A date a later amendment would move, marked as such, with its source (a flat list: h() flattens one level). */
function moved(o) {
  if (!o.proposed_from) return [];
  const source = o.proposed_source;
  const shown = source?.cite_said ?? source?.cite;
  const cite = source?.address ? h("a", { href: source.address, text: shown }) : shown;
  return [t("readiness.eu.proposed_move"), date(o.proposed_from), ...(cite ? [" (", cite, ")"] : [])];
}

function renderTier(value) {
  const items = value.obligations.map((o) =>
    h("li", { "data-obligation": o.id, "data-applies": o.applies ? "yes" : "no" },
      h("strong", { text: `${o.ref_said ?? o.ref} ${o.title}` }),
      ": ",
      h("span", { class: "pb-eu-tier__applies", text: t(o.applies ? "readiness.eu.applies" : "readiness.eu.not_yet") }),
      ` (${t(o.applies ? "readiness.eu.since" : "readiness.eu.from", { date: date(o.from) })}, ${o.source?.cite_said || o.source?.cite || "Art. 113"})`,
      ...moved(o),
      ". ", o.summary || ""));
  const head = value.known
    ? h("p", {}, h("strong", { text: value.tier.title }), ` (${(value.tier.cite_said ?? value.tier.cite).join(", ")}). ${value.tier.summary}`)
    : h("p", { text: t("readiness.eu.unknown_tier") });
  return [head, h("p", { "data-role": "eu-on-said", text: t("readiness.eu.applies_on", { date: date(value.on) }) }), h("ul", { class: "pb-eu-tier__obligations" }, items)];
}

/**
 * Ask the engine for the obligations of the picked tier on the picked day whenever either
 * changes. Returns `show()`, for when the page sets the tier itself (another pilot chosen).
 */
export function bindEuTier(root, engine) {
  const box = root.querySelector('[data-role="eu-tier"]');
  if (!box) return { show: () => {} };
  const out = box.querySelector('[data-role="eu-tier-result"]');
  const day = /** @type {HTMLInputElement | null} */ (box.querySelector('[data-role="eu-on"]'));
  const dayError = /** @type {HTMLElement | null} */ (box.querySelector('[data-error-for="on"]'));
  if (day && !day.value) day.value = localToday();
  let latest = 0;
  const showDayError = (message) => {
    if (!dayError || !day) return;
    dayError.textContent = message || "";
    dayError.hidden = !message;
    if (message) day.setAttribute("aria-invalid", "true");
    else day.removeAttribute("aria-invalid");
  };
  const show = async () => {
    const picked = /** @type {HTMLInputElement | null} */ (box.querySelector('input[name="eu_tier"]:checked'));
    const ticket = ++latest;
    if (!picked) {
      showDayError(null);
      out.replaceChildren();
      return;
    }
    const reply = await engine.call("eu_tier", { tier: picked.value, on: day ? day.value : null, words: wordsFor("cite.") }).catch(() => null);
    if (ticket !== latest || !reply) return; // a newer choice is on its way, or the engine failed (the page says so)
    if (reply.ok) {
      showDayError(null);
      out.replaceChildren(...renderTier(reply.value));
      return;
    }
    const errors = reply.error.errors || [reply.error];
    const onDay = errors.find((e) => e.field === "on");
    showDayError(onDay ? said(onDay) : null);
    const others = errors.filter((e) => e.field !== "on");
    out.replaceChildren(...others.map((e) => h("p", { class: "pb-field-error", text: said(e) })));
  };
  box.addEventListener("change", (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    if (input.name === "eu_tier" || input.name === "eu_on") show();
  });
  return { show };
}
