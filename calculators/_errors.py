"""The one exception type the calculators raise for bad input, and the shape of a message a
page shows in its own language."""

from __future__ import annotations

import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def message(message_id: str, text: str, **values) -> dict:
    """An explanation in English (``message``) and in the form a translation needs: the id of
    its words in ``rubrics/strings.yaml`` and the values of their ``{placeholders}``.

    >>> message("maturity.why.top", "At the top level.")
    {'message': 'At the top level.', 'message_id': 'maturity.why.top', 'values': {}}
    """
    return {"message": text, "message_id": message_id, "values": values}


def say(words: Mapping[str, str] | None, message_id: str, english: str, **values) -> str:
    """Words Python lays out itself (a drawing's text, wrapped to its box): the string
    ``message_id`` of ``words`` (the page's, or the build's, ``rubrics/strings.yaml`` in its
    language), else ``english``, with its ``{placeholders}`` filled in from ``values``.

    >>> say(None, "timeline.week", "Week")
    'Week'
    >>> say({"timeline.exit": "Ende Woche {week}"}, "timeline.exit", "End of week {week}", week=4)
    'Ende Woche 4'
    """
    template = (words or {}).get(message_id, english)
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


class InputError(ValueError):
    """Bad input: the message names the field, the rule and the value, ready to show a person.

    ``field`` is the path of the offending input (``"discount_rate"``, ``"benefits[1].volume"``,
    a question id), so a form can put the message next to that field; ``None`` when the whole
    input is at fault. ``label`` names the field in the reader's words ("Discount rate").

    A form with several bad fields gets them all at once: ``errors`` lists every problem as
    ``{"field", "label", "message"}`` (one entry when there is one problem); ``field`` and
    ``label`` are the first one's, and ``str(err)`` says them all.

    ``message_id`` and ``values`` say the same in a form a translation needs: the id of the
    message in ``rubrics/strings.yaml`` and the values of its ``{placeholders}`` (plain JSON
    data). A page shows the string of that id in its language, else the English ``message``.
    Each entry of ``errors`` carries its own (``None`` and ``{}`` where a message has no id yet).

    >>> err = InputError("'rate' must be > -1 (got -1.5)", field="rate")
    >>> str(err), err.field, err.errors
    ("'rate' must be > -1 (got -1.5)", 'rate', [{'field': 'rate', 'label': None, 'message': "'rate' must be > -1 (got -1.5)", 'message_id': None, 'values': {}}])
    >>> both = InputError.collect([InputError("A is bad", field="a"), InputError("B is bad", field="b")])
    >>> str(both), both.field, len(both.errors)
    ('2 fields need correcting: A is bad; B is bad', 'a', 2)
    >>> both.message_id, both.values
    ('error.fields_need_correcting', {'count': 2, 'messages': 'A is bad; B is bad'})
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        label: str | None = None,
        errors: list[dict] | None = None,
        message_id: str | None = None,
        values: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.label = label
        self.message_id = message_id
        self.values = values or {}
        self.errors = errors or [
            {
                "field": field,
                "label": label,
                "message": message,
                "message_id": message_id,
                "values": self.values,
            }
        ]

    @classmethod
    def collect(cls, problems: list[InputError]) -> InputError:
        """One error that carries every problem of ``problems`` (at least one)."""
        errors = [e for p in problems for e in p.errors]
        if len(errors) == 1:
            return problems[0]
        joined = "; ".join(e["message"] for e in errors)
        first = errors[0]
        return cls(
            f"{len(errors)} fields need correcting: {joined}",
            field=first["field"],
            label=first["label"],
            errors=errors,
            message_id="error.fields_need_correcting",
            values={"count": len(errors), "messages": joined},
        )
