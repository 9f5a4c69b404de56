"""The language of the ``edukit`` command: French source strings, English from a gettext catalogue.

Every user-facing string of the CLI is written in French and wrapped in ``_()`` (``N_()`` for
help texts, which are translated when the command runs). The English text lives in
``locales/en/LC_MESSAGES/edukit.po``, compiled to ``edukit.mo`` beside it. The language is read
on every call, so one process (or one test) can switch it with the environment:
``EDUKIT_LANG``, then ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``; English when the first one set
names it (``en``, ``en_US.UTF-8``), French otherwise.

Examples
--------
>>> language({"LANG": "en_US.UTF-8"}), language({"EDUKIT_LANG": "fr", "LANG": "en_GB"})
('en', 'fr')
>>> language({}), language({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"})
('fr', 'fr')
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALES",
    "N_",
    "_",
    "language",
    "ngettext",
    "translations",
]

DOMAIN = "edukit"
LOCALES = Path(__file__).parent / "locales"
"""Folder of the catalogues: ``<language>/LC_MESSAGES/edukit.po`` and its compiled ``.mo``."""
SOURCE_LANGUAGE = "fr"
LANGUAGES = (SOURCE_LANGUAGE, "en")
"""The source language first, then the languages with a catalogue."""
_VARIABLES = ("EDUKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the messages: ``"en"`` or ``"fr"`` (the default), from the environment."""
    env = os.environ if environ is None else environ
    for name in _VARIABLES:
        value = env.get(name, "").strip()
        if value:
            code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
            return code.lower() if code.lower() in LANGUAGES else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


class _French(gettext.NullTranslations):
    """The source strings as they are, with the French plural (0 and 1 are singular)."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n <= 1 else msgid2


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; the French source strings for French (or a missing catalogue)."""
    if lang == SOURCE_LANGUAGE:
        return _French()
    return gettext.translation(DOMAIN, LOCALES, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (French) in the language of the environment."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the language of the environment."""
    return translations(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation later (help texts, translated when the command runs)."""
    return message
