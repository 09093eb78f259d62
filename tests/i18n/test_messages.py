"""The Simplified Chinese catalog is complete, valid and covers every string of the hub's pages."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "hub" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Apps keep the strings of their own pages in their own catalog (Django merges them all).
APP_CATALOGS = sorted(
    path for path in ROOT.glob("*/**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in path.parts
)
TEMPLATE_DIRS = [ROOT / "hub" / "templates", ROOT / "i18n" / "templates"]
PYTHON_FILES = [
    ROOT / "hub" / "accounts" / "forms.py",
    ROOT / "hub" / "accounts" / "views.py",
    ROOT / "i18n" / "models.py",
    ROOT / "i18n" / "views.py",
]
_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle)


def _template_strings() -> set[str]:
    found = set()
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            found.update(match.group(2) for match in _TRANSLATE.finditer(text))
            found.update(_VARIABLE.sub(r"%(\1)s", match.group(1)) for match in _BLOCK.finditer(text))
    return found


def _python_strings() -> set[str]:
    keywords = {"_": None, "gettext": None, "gettext_lazy": None}
    found = set()
    for path in PYTHON_FILES:
        for _lineno, message, _comments, _context in extract_from_file("python", str(path), keywords=keywords):
            found.add(message)
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    """Strings of the hub's own pages and of the workbench; other apps' strings join the catalog
    when `make messages` runs and are translated by their owners."""
    catalog = _catalog()
    messages = [
        message
        for message in catalog
        if message.id and any(path.startswith(("hub/", "i18n/")) for path, _line in message.locations)
    ]

    assert str(catalog.locale) == "zh_Hans"
    assert len(messages) >= 130
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_placeholders_survive_translation():
    errors = [(message.id, [str(error) for error in errors]) for message, errors in _catalog().check()]

    assert errors == []


@pytest.mark.parametrize("source", ["templates", "python"])
def test_every_interface_string_is_in_the_catalog(source):
    wanted = _template_strings() if source == "templates" else _python_strings()
    known = {message.id for message in _catalog() if message.id}
    for path in APP_CATALOGS:
        with path.open("rb") as handle:
            known |= {message.id for message in read_po(handle) if message.id and message.string}

    assert len(wanted) > 20
    assert sorted(wanted - known) == []
