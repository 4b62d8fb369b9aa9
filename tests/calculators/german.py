"""What a German page shows of Python's messages: ``said`` as tools.js says it, in Python, with
the German strings (rubrics/locales/de/strings.yaml), for the calculators' unit tests."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

GERMAN = yaml.safe_load(
    (ROOT / "rubrics" / "locales" / "de" / "strings.yaml").read_text(encoding="utf-8")
)["strings"]


def said(item, table: dict = GERMAN) -> str:
    """``item`` (a message, a list of them, a number or text) as a page in ``table``'s language
    shows it; a message whose id the table lacks in its English, as tools.js does."""
    if isinstance(item, list):
        return "; ".join(said(v, table) for v in item)
    if not isinstance(item, dict):
        return str(item)
    if item.get("message_id") not in table:
        return item.get("message", "")
    values = item.get("values") or {}
    return re.sub(
        r"\{(\w+)\}", lambda m: said(values[m.group(1)], table), table[item["message_id"]]
    )
