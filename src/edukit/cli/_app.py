"""The root ``edukit`` Typer application; command modules register themselves on it.

Help texts are French msgids marked with ``N_()``; the root group translates the whole command
tree each time it runs, so the language follows the environment of that run (see
:mod:`edukit._i18n`).
"""

from __future__ import annotations

from typing import Any

import typer
from typer import rich_utils
from typer.core import TyperGroup

from edukit._i18n import N_, _

__all__ = ["TranslatedGroup", "app", "translate_help"]

_SOURCE = "_edukit_source_help"
"""Attribute keeping the French help of a command or parameter, to translate it again."""

# Typer's own words in its help panels (module constants read when the help is drawn).
_TYPER_WORDS = {
    "COMMANDS_PANEL_TITLE": N_("Commandes"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "ERRORS_PANEL_TITLE": N_("Erreur"),
    "DEFAULT_STRING": N_("[par défaut : {}]"),
    "REQUIRED_LONG_STRING": N_("[obligatoire]"),
    "ABORTED_TEXT": N_("Interrompu."),
    "RICH_HELP": N_("Essayez [blue]'{command_path} {help_option}'[/] pour afficher l'aide."),
}
HELP_OPTION = N_("Afficher cette aide et quitter.")


def _translated(holder: Any, attribute: str) -> None:
    sources: dict[str, str] = holder.__dict__.setdefault(_SOURCE, {})
    current = getattr(holder, attribute, None)
    if attribute not in sources:
        if not isinstance(current, str) or not current:
            return
        sources[attribute] = current
    setattr(holder, attribute, _(sources[attribute]))


def translate_help(command: Any, parent: Any = None) -> None:
    """Put the help of ``command``, its parameters and subcommands in the current language.

    ``command`` is a command of Typer's own copy of Click (what ``typer.main.get_command``
    returns); a group has ``commands``. ``parent`` is the context of the group above it, so
    that the ``--help`` option gets the names the real run gives it.
    """
    for attribute in ("help", "short_help", "epilog"):
        _translated(command, attribute)
    for parameter in command.params:
        _translated(parameter, "help")
    context = command.context_class(
        command, parent=parent, info_name=command.name, **command.context_settings
    )
    help_option = command.get_help_option(context)
    if help_option is not None:
        help_option.help = _(HELP_OPTION)
    if isinstance(getattr(command, "commands", None), dict):
        for subcommand in command.commands.values():
            translate_help(subcommand, context)


class TranslatedGroup(TyperGroup):
    """The root group: translates the command tree and Typer's panel words before each run."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        for name, source in _TYPER_WORDS.items():
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, _(source))
        translate_help(self)
        return super().main(*args, **kwargs)


app = typer.Typer(
    name="edukit",
    cls=TranslatedGroup,
    help=N_("Vérifier, construire et exporter une formation edukit."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
