"""The words of a report Python writes itself (the command line's text, a CSV's period, a
calendar file) in the reader's language, and its numbers with that language's separators.

A page says Python's messages in its own words (tools.js ``said``); what Python lays out in
full, it says here, from the same strings (``rubrics/strings.yaml`` in the language:
``rubrics/locales/<lang>/strings.yaml`` over the English). English uses the words written in
the code, so an English report is the same with or without the strings. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._errors import say

__all__ = ["ENGLISH", "Words", "json_detail"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


class Words:
    """The strings of one language (``rubrics/strings.yaml`` in it); ``None`` says the code's
    own English, which the command line keeps for English.

    >>> de = Words({"x.n": "{n} Fälle", "number.decimal": ",", "number.group": ".",
    ...             "number.percent": "{number} %"}, "de")
    >>> de("x.n", "{n} cases", n=de.number(1234.5, 1)), de.percent(0.125)
    ('1.234,5 Fälle', '12,5 %')
    >>> ENGLISH("x.n", "{n} cases", n=ENGLISH.number(1234.5, 1)), ENGLISH.percent(0.125)
    ('1,234.5 cases', '12.5%')
    """

    def __init__(self, table: Mapping[str, str] | None = None, language: str = "en") -> None:
        self.language = language or "en"
        self.table = table
        self.decimal = self("number.decimal", ".")
        self.group = self("number.group", ",")

    def __call__(self, message_id: str, english: str, **values: Any) -> str:
        """The string ``message_id`` in this language (else ``english``), filled in."""
        return say(self.table, message_id, english, **values)

    def said(self, item: Any) -> str:
        """What Python said (``{message or text, message_id?, values?}``, a list of them, a
        number or text) in this language, as a page says it: the string of its id where the
        language has it, else its English. Numbers among the values with its separators.

        >>> de = Words({"a.b": "{Count} offen", "number.decimal": ",", "number.group": "."}, "de")
        >>> de.said({"message": "2.5 open", "message_id": "a.b", "values": {"count": 2.5}})
        '2,5 offen'
        >>> de.said({"message": "Not known", "message_id": "c.d", "values": {}})
        'Not known'
        """
        if isinstance(item, list):
            return "; ".join(self.said(v) for v in item)
        if isinstance(item, bool) or item is None:
            return "" if item is None else str(item)
        if isinstance(item, int | float):
            return self.plain(item)
        if not isinstance(item, Mapping):
            return str(item)
        english = item.get("message", item.get("text", ""))
        table = self.table or {}
        if item.get("message_id") not in table:
            return english
        values = dict(item.get("values") or {})
        errors = item.get("errors")
        if isinstance(errors, list) and len(errors) > 1:
            values["messages"] = "; ".join(self.said(e) for e in errors)

        def fill(m: re.Match) -> str:
            name = m.group(1)
            if name in values:
                return self.said(values[name])
            lower = name[0].lower() + name[1:]
            if lower == name or lower not in values:
                return m.group(0)
            text = self.said(values[lower])
            return text[:1].upper() + text[1:]

        return _PLACEHOLDER.sub(fill, table[item["message_id"]])

    def number(self, value: float, digits: int = 0, *, group: bool = True) -> str:
        """``value`` with ``digits`` decimals, grouped by thousands, in this language."""
        text = f"{value:,.{digits}f}" if group else f"{value:.{digits}f}"
        return text.translate({ord(","): self.group, ord("."): self.decimal})

    def plain(self, value: float) -> str:
        """A number as a page writes it (``Intl.NumberFormat``): up to three decimals."""
        if isinstance(value, int):
            return self.number(value)
        text = self.number(value, 3)
        if self.decimal in text:
            text = text.rstrip("0").removesuffix(self.decimal)
        return text

    def percent(self, value: float, digits: int = 1) -> str:
        """A fraction as a percentage: ``12.5%`` in English, ``12,5 %`` in German."""
        return self(
            "number.percent", "{number}%", number=self.number(value * 100, digits, group=False)
        )


ENGLISH = Words()

# Python's json messages (json.decoder), by the id of their words in rubrics/strings.yaml.
_JSON_DETAILS = {
    "Expecting value": "json.expecting_value",
    "Expecting ',' delimiter": "json.expecting_comma",
    "Expecting ':' delimiter": "json.expecting_colon",
    "Expecting property name enclosed in double quotes": "json.expecting_name",
    "Unterminated string starting at": "json.unterminated_string",
    "Invalid control character at": "json.control_character",
    "Invalid \\escape": "json.invalid_escape",
    "Invalid \\uXXXX escape": "json.invalid_unicode_escape",
    "Extra data": "json.extra_data",
    "Illegal trailing comma before end of object": "json.trailing_comma",
    "Illegal trailing comma before end of array": "json.trailing_comma",
}


def json_detail(err: Any) -> dict:
    """Python's reason why a text is not JSON (a ``json.JSONDecodeError``) as a message a
    reader's language can say; a reason json may add later keeps its English.

    >>> import json
    >>> try:
    ...     json.loads('{"a": }')
    ... except json.JSONDecodeError as err:
    ...     json_detail(err)
    {'message': 'Expecting value', 'message_id': 'json.expecting_value', 'values': {}}
    """
    return {"message": err.msg, "message_id": _JSON_DETAILS.get(err.msg), "values": {}}


# The text fields of a result that a ``<key>_said`` message beside them says in any language.
_TEXT_KEYS = frozenset(
    (
        *("why", "text", "title", "label", "period", "notes", "note", "rule", "version_line"),
        *("reason", "order", "quartiles", "desc"),
    )
)


def localized(value: Any, w: Words) -> Any:
    """A result (JSON data) with its text fields in the language of ``w``: each text that has
    its message beside it (``label`` and ``label_said``, ``notes`` and ``notes_said``, ``why``
    and ``why_message(s)``) says it in that language. Ids, numbers, keys and the ``*_said``
    messages themselves stay as they are; English changes nothing.

    >>> de = Words({"p.y": "Jahr {year}"}, "de")
    >>> said = {"message": "Year 1", "message_id": "p.y", "values": {"year": 1}}
    >>> localized({"year": 1, "period": "Year 1", "period_said": said}, de)["period"]
    'Jahr 1'
    """
    if not w.table:
        return value
    if isinstance(value, list):
        return [localized(v, w) for v in value]
    if not isinstance(value, Mapping):
        return value
    out = {k: localized(v, w) for k, v in value.items()}
    for key, said in value.items():
        base = key.removesuffix("_said")
        if base == key or base not in _TEXT_KEYS or not said:
            continue
        if isinstance(out.get(base), str):
            out[base] = w.said(said)
        elif (
            isinstance(out.get(base), list)
            and isinstance(said, list)
            and len(said) == len(out[base])
        ):
            out[base] = [w.said(s) for s in said]
    if isinstance(out.get("why"), str):
        if value.get("why_messages"):
            out["why"] = " ".join(w.said(m) for m in value["why_messages"])
        elif value.get("why_message"):
            out["why"] = w.said(value["why_message"])
    return out
