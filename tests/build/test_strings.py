"""The interface strings (rubrics/strings.yaml) both ways: every id the pages, the scripts and
the calculators use exists, and every id the file holds is used."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

STRINGS = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text(encoding="utf-8"))["strings"]
# t("id"...) in templates and scripts; message_id="id" in Python.
# t("x.y"), not Material's own lang.t("search") in the theme's partials.
CALLS = re.compile(r"""(?<![.\w])t\(\s*["']([a-z0-9_.]+)["']""")
ID_LITERAL = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")
# tn("id", count) in scripts (plural.js) and tn("id", count) in templates: "id.one" and "id.other".
PLURAL_CALLS = re.compile(r"""\btn\(\s*["']([a-z0-9_.]+)["']""")
PLURAL_FORMS = ("one", "other")


def sources():
    yield from (ROOT / "overrides" / "hooks").glob("*.html")
    yield from (ROOT / "overrides" / "partials").glob("*.html")
    yield (ROOT / "overrides" / "main.html")
    yield from (ROOT / "docs" / "assets" / "javascripts").glob("*.js")
    yield from (ROOT / "calculators").glob("*.py")
    yield from (f for f in (ROOT / "hooks").glob("*.py") if f.name != "_site.py")  # its doctest


class TestInterfaceStrings:
    def test_every_id_a_page_or_script_asks_for_exists(self):
        """t("x.y") with an unknown id would show the id itself to the reader."""
        missing = [
            f"{file.relative_to(ROOT)}: {found}"
            for file in sources()
            for found in CALLS.findall(file.read_text(encoding="utf-8"))
            if found not in STRINGS
        ]
        missing += [
            f"{file.relative_to(ROOT)}: {found}.{form}"
            for file in sources()
            for found in PLURAL_CALLS.findall(file.read_text(encoding="utf-8"))
            for form in PLURAL_FORMS
            if f"{found}.{form}" not in STRINGS
        ]
        assert missing == []

    def test_every_string_is_used(self):
        """A string nobody shows is dead weight for every translator."""
        used = set()
        for file in sources():
            text = file.read_text(encoding="utf-8")
            used |= set(ID_LITERAL.findall(text))
            used |= {f"{i}.{form}" for i in PLURAL_CALLS.findall(text) for form in PLURAL_FORMS}
        assert sorted(set(STRINGS) - used) == []

    def test_german_uses_the_placeholders_of_the_english(self):
        """The validator checks it too; here for every id at once, with a readable diff."""
        german = yaml.safe_load(
            (ROOT / "rubrics" / "locales" / "de" / "strings.yaml").read_text(encoding="utf-8")
        )["strings"]

        def names(text: str) -> list[str]:  # {Name} is {name} with a capital
            return sorted({n[0].lower() + n[1:] for n in re.findall(r"\{(\w+)\}", text)})

        wrong = {
            k: (names(v), names(german[k]))
            for k, v in STRINGS.items()
            if k in german and names(v) != names(german[k])
        }
        assert wrong == {}
