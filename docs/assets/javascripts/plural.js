// Words that depend on a count: the interface string `id.one`, `id.other` (or another plural
// category of the page's language, as Intl.PluralRules names it) with {count} and `values`
// filled in. A category the strings do not hold falls back to `id.other`.

import { pageLanguage, t } from "./tools.js";

/** @type {Intl.PluralRules | null} */
let rules = null;

/** @param {string} id @param {number} count @param {Record<string, unknown>} [values] @returns {string} */
export function tn(id, count, values = {}) {
  rules ??= new Intl.PluralRules(pageLanguage());
  const form = `${id}.${rules.select(count)}`;
  const chosen = t(form, { count, ...values });
  return chosen === form ? t(`${id}.other`, { count, ...values }) : chosen;
}
