// The readiness page's EU AI Act tier: the reader picks a tier, the engine lists the obligations
// it brings and their dates (calculators/_references.py tier_obligations); this file only shows
// them.

import { h } from "./dom.js";

const date = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function renderTier(value) {
  const items = value.obligations.map((o) =>
    h("li", { "data-obligation": o.id },
      h("strong", { text: `${o.ref} ${o.title}` }),
      `: ${o.applies ? "applies since" : "applies from"} ${date(o.from)} (${o.source?.cite || "Art. 113"})`,
      o.proposed_from ? `; a proposed amendment, not confirmed in the Official Journal, would move it to ${date(o.proposed_from)}` : null,
      ". ", o.summary || ""));
  const head = value.known
    ? h("p", {}, h("strong", { text: value.tier.title }), ` (${value.tier.cite.join(", ")}). ${value.tier.summary}`)
    : h("p", { text: "Tier not known yet: classify the pilot under Art. 5 (prohibited practices), Art. 6 with Annexes I and III (high-risk) and Art. 50 (transparency). Until then, only the duty that applies to every AI system is listed." });
  return [head, h("p", { text: `What applies on ${date(value.on)}:` }), h("ul", { class: "pb-eu-tier__obligations" }, items)];
}

/** Ask the engine for the obligations of the picked tier whenever the reader changes it. */
export function bindEuTier(root, engine) {
  const box = root.querySelector('[data-role="eu-tier"]');
  if (!box) return;
  const out = box.querySelector('[data-role="eu-tier-result"]');
  let latest = 0;
  box.addEventListener("change", async (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    if (input.name !== "eu_tier") return;
    const ticket = ++latest;
    const reply = await engine.call("eu_tier", { tier: input.value });
    if (ticket !== latest) return;
    out.replaceChildren(...(reply.ok ? renderTier(reply.value) : [h("p", { class: "pb-field-error", text: reply.error.message })]));
  });
}
