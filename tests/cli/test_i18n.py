"""The CLI speaks French first, and English when the locale asks for it (``edukit._i18n``).

The catalogue ``src/edukit/locales/en/LC_MESSAGES/edukit.po`` must hold an English entry, not
fuzzy and not empty, for every string the sources mark with ``_()``, ``N_()`` or
``ngettext()``; its compiled ``edukit.mo`` must match it (see CONTRIBUTING, « Traduire l'outil »).
"""

from __future__ import annotations

import ast
import gettext
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from typer.testing import CliRunner

import edukit
from edukit import _i18n
from edukit._i18n import LOCALES, language, ngettext
from edukit.cli import app

SOURCES = Path(edukit.__file__).parent
CATALOGUE = LOCALES / "en" / "LC_MESSAGES" / "edukit.po"
COMPILED = CATALOGUE.with_suffix(".mo")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}
"""Translation functions and how many leading string arguments are msgids."""
ENGLISH = {"EDUKIT_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8"}
DEFAULT = {"EDUKIT_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
WIDE = {"COLUMNS": "250", "TERMINAL_WIDTH": "250"}  # one help text, one line
runner = CliRunner()

Msgid = str | tuple[str, str]


def _marked(path: Path) -> Iterator[tuple[Msgid, int]]:
    """The literal msgids of ``path`` (a plural as a pair), with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        count = MARKERS.get(node.func.id)
        if count is None or len(node.args) < count:
            continue
        texts = [arg.value for arg in node.args[:count] if isinstance(arg, ast.Constant)]
        if len(texts) == count and all(isinstance(text, str) for text in texts):
            yield (texts[0] if count == 1 else (texts[0], texts[1])), node.lineno


def source_messages() -> dict[Msgid, str]:
    """Every msgid of the modules that import ``edukit._i18n``, with its first ``file:line``."""
    found: dict[Msgid, str] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "edukit._i18n import" not in text:
            continue
        for msgid, line in _marked(path):
            found.setdefault(msgid, f"{path.relative_to(SOURCES.parent).as_posix()}:{line}")
    return found


def _catalogue() -> Catalog:
    with CATALOGUE.open("rb") as stream:
        return read_po(stream, locale="en", domain="edukit")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_sources_mark_messages() -> None:
    messages = source_messages()
    assert len(messages) > 100
    assert "Vérifier, construire et exporter une formation edukit." in messages
    assert ("{n} erreur", "{n} erreurs") in messages


def test_every_message_has_an_english_entry() -> None:
    entries = {message.id: message for message in _catalogue() if message.id}
    missing = [f"{where}: {msgid!r}" for msgid, where in source_messages().items()
               if msgid not in entries]  # fmt: skip
    assert missing == [], "not in the catalogue (see CONTRIBUTING, « Traduire l'outil »)"


def test_no_entry_is_fuzzy_empty_or_stale() -> None:
    sources = source_messages()
    bad = []
    for message in _catalogue():
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            bad.append(f"fuzzy: {message.id!r}")
        if not all(forms):
            bad.append(f"empty: {message.id!r}")
        if message.id not in sources:
            bad.append(f"no longer in the sources: {message.id!r}")
    assert bad == []


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(_fields(text) for text in ids))
        wrong += [(message.id, form) for form in forms if _fields(form) != expected]
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    with COMPILED.open("rb") as stream:
        compiled: dict[Any, str] = dict(gettext.GNUTranslations(stream)._catalog)  # type: ignore[attr-defined]
    compiled.pop("", None)  # the header
    expected: dict[Any, str] = {}
    for message in _catalogue():
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            expected.update({(message.id[0], i): form for i, form in enumerate(message.string)})
        else:
            expected[message.id] = message.string
    assert compiled == expected, "run pybabel compile (see CONTRIBUTING, « Traduire l'outil »)"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "fr_CA.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "fr"),
        ({"EDUKIT_LANG": "en", "LC_ALL": "fr_FR.UTF-8"}, "en"),
        ({"EDUKIT_LANG": "fr", "LANG": "en_US.UTF-8"}, "fr"),
        ({"EDUKIT_LANG": "", "LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US@euro"}, "en"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert language(environ) == expected


def test_plurals_follow_each_language(monkeypatch: pytest.MonkeyPatch) -> None:
    forms = ("{n} erreur", "{n} erreurs")
    monkeypatch.setenv("EDUKIT_LANG", "fr")
    assert [ngettext(*forms, n).format(n=n) for n in (0, 1, 2)] == [
        "0 erreur",
        "1 erreur",
        "2 erreurs",
    ]
    monkeypatch.setenv("EDUKIT_LANG", "en")
    assert [ngettext(*forms, n).format(n=n) for n in (0, 1, 2)] == [
        "0 errors",
        "1 error",
        "2 errors",
    ]


def test_help_is_french_by_default_and_english_with_an_english_locale() -> None:
    french = runner.invoke(app, ["--help"], env={**DEFAULT, **WIDE})
    assert french.exit_code == 0, french.output
    assert "Vérifier, construire et exporter une formation edukit." in french.output
    assert "Commandes" in french.output and "Afficher cette aide et quitter." in french.output
    assert "Check, build" not in french.output and "Show this message" not in french.output

    english = runner.invoke(app, ["--help"], env={**ENGLISH, **WIDE})
    assert english.exit_code == 0, english.output
    assert "Check, build and export an edukit course." in english.output
    assert "Commands" in english.output and "Show this message and exit." in english.output
    assert "Vérifier" not in english.output

    again = runner.invoke(app, ["--help"], env={**DEFAULT, **WIDE})  # the tree switches back
    assert again.output == french.output


def test_a_subcommand_help_follows_the_locale() -> None:
    args = ["export", "gift", "--help"]
    french = runner.invoke(app, args, env={**DEFAULT, **WIDE})
    assert french.exit_code == 0, french.output
    assert "Tirer ce nombre de questions au hasard (voir --seed)." in french.output
    assert "[par défaut : 0]" in french.output and "[obligatoire]" in french.output
    english = runner.invoke(app, args, env={**ENGLISH, **WIDE})
    assert "Draw this many items at random (see --seed)." in english.output
    assert "[default: 0]" in english.output and "[required]" in english.output
    assert "Tirer" not in english.output


def test_messages_follow_the_locale() -> None:
    good = str(Path(__file__).parents[1] / "fixtures" / "courses" / "good")
    french = runner.invoke(app, ["check", "--root", good], env={**DEFAULT, "EDUKIT_LANG": "fr"})
    assert french.output.splitlines()[-1] == (
        "✓ aucune erreur, 0 avertissement — 3 leçons, 1 banque, 1 exercice vérifiés"
    )
    english = runner.invoke(app, ["check", "--root", good], env=ENGLISH)
    assert english.output.splitlines()[-1] == (
        "✓ no errors, 0 warnings — 3 lessons, 1 bank, 1 exercise checked"
    )


def _helps(command: Any) -> Iterator[tuple[str, str]]:
    name = command.name or "edukit"
    yield name, command.help or ""
    for parameter in command.params:
        yield f"{name} {parameter.name}", getattr(parameter, "help", None) or ""
    for subcommand in getattr(command, "commands", {}).values():
        yield from _helps(subcommand)


def test_every_help_text_is_a_marked_french_message() -> None:
    """A help text written without ``N_()`` (or in English) would stay untranslated."""
    messages = source_messages()
    command = typer.main.get_command(app)
    unmarked = [(where, text) for where, text in _helps(command) if text not in messages]
    assert unmarked == []
    assert all(text for _, text in _helps(command)), "every command and option has a help text"


def test_a_missing_catalogue_falls_back_to_french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_i18n, "LOCALES", Path("/nonexistent"))
    _i18n.translations.cache_clear()
    try:
        monkeypatch.setenv("EDUKIT_LANG", "en")
        assert _i18n._("Interrompu.") == "Interrompu."
    finally:
        _i18n.translations.cache_clear()
