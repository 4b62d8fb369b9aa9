"""Numbers as a reader types them: the one place that reads the locale's decimal and group
separators ("1.234,5" on a German page, "1,234.5" on an English one).

The page passes its locale's separators (from ``Intl.NumberFormat`` of the page's language) with
a request; :func:`typed_numbers` makes them the ones in force while that request's input is read,
so every field that takes a typed string parses it here and nowhere else. Outside such a request
(the command line, case files) a string is never a number.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator
from typing import TypedDict

from ._errors import InputError

__all__ = ["NumberFormat", "note_typed", "parse_number", "typed_format", "typed_numbers"]


class NumberFormat(TypedDict):
    decimal: str
    group: str


ENGLISH: NumberFormat = {"decimal": ".", "group": ","}
# Spaces that locales use to group digits (fr, sv, ...): read as grouping, whichever the locale.
_SPACES = ("\u00a0", "\u202f", "\u2009", " ")
_MINUS = ("-", "\u2212")
_FORMAT: contextvars.ContextVar[NumberFormat | None] = contextvars.ContextVar(
    "number_format", default=None
)
# The numbers read from typed strings in the request under way, by the field's path.
_READ: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "typed_read", default=None
)


def _checked_format(fmt: object) -> NumberFormat:
    if (
        not isinstance(fmt, dict)
        or not isinstance(fmt.get("decimal"), str)
        or not isinstance(fmt.get("group"), str)
        or len(fmt["decimal"]) != 1
        or len(fmt["group"]) > 1
        or fmt["decimal"] == fmt["group"]
        or fmt["decimal"].isdigit()
        or fmt["group"].isdigit()
    ):
        raise InputError(
            "'number_format' must be {'decimal': one character, 'group': one character or ''} "
            f"with two different characters (got {fmt!r})",
            field="number_format",
        )
    return {"decimal": fmt["decimal"], "group": fmt["group"]}


@contextlib.contextmanager
def typed_numbers(fmt: object) -> Iterator[dict[str, float]]:
    """While the block runs, typed strings are numbers in the format ``fmt``
    (``{"decimal": ",", "group": "."}``); ``None`` leaves strings refused. Yields the numbers
    read from typed strings meanwhile, by field path (see :func:`note_typed`), so that the page
    can keep numbers rather than the text typed.

    >>> with typed_numbers({"decimal": ",", "group": "."}) as read:
    ...     note_typed("discount_rate", 0.125)
    >>> read
    {'discount_rate': 0.125}
    """
    read: dict[str, float] = {}
    token = _FORMAT.set(None if fmt is None else _checked_format(fmt))
    read_token = _READ.set(read)
    try:
        yield read
    finally:
        _READ.reset(read_token)
        _FORMAT.reset(token)


def note_typed(path: str, value: float) -> None:
    """Record that the field at ``path`` was typed as a string and read as ``value`` (in the
    case's units); outside :func:`typed_numbers`, nothing happens."""
    read = _READ.get()
    if read is not None:
        read[path] = value


def typed_format() -> NumberFormat | None:
    """The number format in force (see :func:`typed_numbers`), or None outside a page request."""
    return _FORMAT.get()


def parse_number(
    text: str, fmt: NumberFormat = ENGLISH, *, label: str = "", field=None, said: object = None
) -> float:
    """The number a reader typed, in the locale's format; InputError naming the field otherwise
    (``said``: the label as a message, for a page that says it in its own words; else ``label``).

    Group separators must stand between groups of three digits. A single separator that cannot
    be a group separator ("2.5" on a German page, "2,5" on an English one) is read as the
    decimal separator. Anything else, such as both separators in the wrong order, is refused
    with the format the page expects.

    >>> de = {"decimal": ",", "group": "."}
    >>> parse_number("1.234,5", de), parse_number("1,234.5"), parse_number("-0,5", de)
    (1234.5, 1234.5, -0.5)
    >>> parse_number("2.5", de), parse_number("1 234,5", de), parse_number("1.234", de)
    (2.5, 1234.5, 1234.0)
    >>> parse_number("1.234,5", label="Amount")
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Amount: '1.234,5' is not a number as this page writes them (decimal separator '.', thousands ','; for example 1,234.5)
    """
    decimal, group = fmt["decimal"], fmt["group"]
    body = text.strip()
    for space in _SPACES:
        body = body.replace(space, "")
    sign = -1.0 if body[:1] in _MINUS else 1.0
    body = body[1:] if body[:1] in (*_MINUS, "+") else body
    example = f"1{group}234{decimal}5" if group and group not in _SPACES else f"1234{decimal}5"

    def refuse(why: str, message_id: str = "error.number.not_a_number") -> InputError:
        name = f"{label}: " if label else ""
        return InputError(
            f"{name}{text.strip()!r} is {why}",
            field=field,
            label=label or None,
            message_id=message_id,
            values={
                "label": label if said is None else said,
                "text": text.strip(),
                "decimal": decimal,
                "group": group,
                "example": example,
            },
        )

    wrong_format = (
        f"not a number as this page writes them (decimal separator '{decimal}', thousands "
        f"'{group}'; for example {example})"
    )
    allowed = set("0123456789") | {decimal} | ({group} if group else set())
    if not body or set(body) - allowed or not any(c.isdigit() for c in body):
        raise refuse("not a number")
    if group and decimal not in body and body.count(group) == 1:
        whole, _, part = body.partition(group)
        if not (1 <= len(whole) <= 3 and len(part) == 3):
            body = f"{whole}{decimal}{part}"  # one separator, no grouping: the decimal point
    whole, _, fraction = body.partition(decimal)
    if fraction.count(decimal) or (group and group in fraction):
        raise refuse(wrong_format, "error.number.format")
    if group and group in whole:
        blocks = whole.split(group)
        if not (1 <= len(blocks[0]) <= 3 and all(len(b) == 3 for b in blocks[1:])):
            raise refuse(wrong_format, "error.number.format")
        whole = "".join(blocks)
    if not (whole or fraction) or not re.fullmatch(r"\d*", whole + fraction):
        raise refuse("not a number")
    return sign * float(f"{whole or '0'}.{fraction or '0'}")
