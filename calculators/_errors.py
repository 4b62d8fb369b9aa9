"""The one exception type the calculators raise for bad input."""


class InputError(ValueError):
    """Bad input: the message names the field, the rule and the value, ready to show a person.

    ``field`` is the path of the offending input (``"discount_rate"``, ``"benefits[1].volume"``,
    a question id), so a form can put the message next to that field; ``None`` when the whole
    input is at fault.

    >>> err = InputError("'rate' must be > -1 (got -1.5)", field="rate")
    >>> str(err), err.field
    ("'rate' must be > -1 (got -1.5)", 'rate')
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
