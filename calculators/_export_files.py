"""What every exported file of the site shares: one object, one ``format``, one rubric id.

The assessment's export (``_maturity_io.read_export``), the readiness export
(``_readiness.read_pilots``) and the portfolio's roll-up read their files' outer layer here, so
that a file is refused for the same reasons, in the same words, whichever page or command reads it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from ._errors import InputError, message

__all__ = ["SHARE_KEYS", "check_object", "file_rubric", "major", "read_share_link", "version_notes"]

# The fragment keys of the pages' share links (``tools.js``: ``#<key>=<base64url of JSON>``).
SHARE_KEYS = {"answers": "assessment", "pilot": "readiness"}
MAX_LINK_CHARS = 200_000


# The ids of the words that say a file is not of its kind: not an object, another format, no
# rubric (rubrics/strings.yaml).
_KIND_IDS = {
    "assessment": (
        "import.error.not_object_assessment",
        "import.error.format_assessment",
        "import.error.no_rubric_assessment",
    ),
    "readiness": (
        "import.error.not_object_readiness",
        "import.error.format_readiness",
        "import.error.no_rubric_readiness",
    ),
}


def check_object(data: Any, *, kind: str, export_format: str, expected: str) -> Mapping:
    """``data`` itself when it is an object whose ``format``, if any, is ``export_format``.

    ``kind`` names the file in messages ("assessment"); ``expected`` says what the object holds.

    >>> check_object([], kind="assessment", export_format="x/a", expected="'answers'")
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: not an assessment file: expected a JSON object with 'answers'
    """
    article = "an" if kind[:1] in "aeiou" else "a"
    if not isinstance(data, Mapping):
        raise InputError(
            f"not {article} {kind} file: expected a JSON object with {expected}",
            field="file",
            message_id=_KIND_IDS[kind][0],
            values={"expected": expected},
        )
    if "format" in data and data["format"] != export_format:
        raise InputError(
            f"not {article} {kind} file: its format is {data['format']!r}, expected '{export_format}'",
            field="file",
            message_id=_KIND_IDS[kind][1],
            values={"format": repr(data["format"]), "expected": export_format},
        )
    return data


def file_rubric(data: Mapping, rubric: dict, *, kind: str, required: bool = True) -> dict | None:
    """The file's ``rubric`` (``{"id", "version"}``), checked to be ``rubric``'s id.

    Without ``required``, a file that does not say its rubric gives ``None``.

    >>> file_rubric({"rubric": {"id": "other"}}, {"id": "maturity"}, kind="assessment")
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: this file holds answers for the rubric 'other', not 'maturity'
    """
    meta = data.get("rubric")
    if meta is None and not required:
        return None
    article = "an" if kind[:1] in "aeiou" else "a"
    if not isinstance(meta, Mapping) or not isinstance(meta.get("id"), str):
        raise InputError(
            f"not {article} {kind} file: 'rubric' with an 'id' is missing",
            field="file",
            message_id=_KIND_IDS[kind][2],
        )
    if meta["id"] != rubric["id"]:
        raise InputError(
            f"this file holds answers for the rubric '{meta['id']}', not '{rubric['id']}'",
            field="file",
            message_id="import.error.other_rubric",
            values={"theirs": meta["id"], "ours": rubric["id"]},
        )
    return {"id": meta["id"], "version": meta.get("version")}


def version_notes(version: Any, rubric: dict, *, made: str, matched_by: str) -> list[str]:
    """A note when the file was made with another version of the rubric, else none.

    >>> version_notes("1", {"version": "2"}, made="Made with", matched_by="check id")
    ['Made with version 1 of the rubric; this is version 2. Answers were matched by check id.']
    """
    if version == rubric["version"]:
        return []
    return [
        f"{made} version {version} of the rubric; this is version {rubric['version']}. "
        f"Answers were matched by {matched_by}."
    ]


def version_messages(version: Any, rubric: dict, *, kind: str) -> list[dict]:
    """``version_notes`` as messages (``kind``: "assessment" or "readiness"), for a page in
    another language: the id of the note's words and its values.

    >>> version_messages("1", {"version": "2"}, kind="readiness")[0]["message"]
    'Made with version 1 of the rubric; this is version 2. Answers were matched by check id.'
    """
    made, matched_by, message_id = {
        "assessment": ("Exported from", "question id", "import.note.version_assessment"),
        "readiness": ("Made with", "check id", "import.note.version_readiness"),
    }[kind]
    return [
        message(message_id, text, version=str(version), current=str(rubric["version"]))
        for text in version_notes(version, rubric, made=made, matched_by=matched_by)
    ]


def major(version: Any) -> int | None:
    """The major number of a ``MAJOR.MINOR.PATCH`` version, or None when it has none.

    >>> major("2.1.0"), major("x"), major(None)
    (2, None, None)
    """
    head = str(version).split(".", 1)[0] if isinstance(version, str | int) else ""
    return int(head) if head.isdigit() else None


def read_share_link(link: Any) -> tuple[str, Any]:
    """The kind and data of a page's share link, as the page itself decodes its fragment: the
    part after ``#answers=`` (assessment) or ``#pilot=`` (readiness) is URL-safe base64, without
    padding, of UTF-8 JSON. A whole address, or the fragment alone, is accepted.

    >>> read_share_link("https://example.org/calculators/assessment/#answers=eyJhIjogMX0")
    ('assessment', {'a': 1})
    >>> read_share_link("https://example.org/#answers=eyJhI")
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: this share link is broken or incomplete (it could not be decoded)
    """
    if not isinstance(link, str) or not link.strip():
        raise InputError("a share link must be text", field="link")
    link = link.strip()
    if len(link) > MAX_LINK_CHARS:
        raise InputError(
            f"the share link is too long ({len(link):,} characters; at most {MAX_LINK_CHARS:,})",
            field="link",
        )
    fragment = link.split("#", 1)[1] if "#" in link else link
    key, sep, raw = fragment.partition("=")
    if not sep or key not in SHARE_KEYS:
        raise InputError(
            "not a share link of this site: its address must end in "
            + " or ".join(f"'#{k}=...'" for k in SHARE_KEYS),
            field="link",
            message_id="import.error.not_share_link",
            values={"endings": ", ".join(f"'#{k}=...'" for k in SHARE_KEYS)},
        )
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
        data = json.loads(text)
    except (binascii.Error, ValueError, RecursionError):
        raise InputError(
            "this share link is broken or incomplete (it could not be decoded)",
            field="link",
            message_id="common.notice.share_broken",
        ) from None
    return SHARE_KEYS[key], data
