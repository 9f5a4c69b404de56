"""Reading author files without ever raising: every failure becomes a problem."""

from __future__ import annotations

from pathlib import Path

from edukit._problems import Problem, ProblemError
from edukit._yaml import FrontMatter, YamlDocument, load_yaml, split_front_matter

__all__ = ["read_front_matter", "read_text", "read_yaml"]


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that explains why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [
            Problem(path, None, "le fichier n'existe pas", "créez-le ou corrigez le chemin")
        ]
    except IsADirectoryError:
        return None, [
            Problem(
                path, None, "c'est un dossier, pas un fichier", "indiquez un fichier de ce dossier"
            )
        ]
    except OSError as error:
        return None, [
            Problem(path, None, f"le fichier ne peut pas être lu ({error.strerror})", "vérifiez-le")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "le fichier n'est pas du texte UTF-8",
                "enregistrez-le de nouveau en UTF-8",
            )
        ]
    return text.removeprefix("\ufeff"), []


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """A YAML file with the line of every key, or the problems that stop it loading."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    try:
        return load_yaml(text, path), []
    except ProblemError as error:
        return None, error.problems


def read_front_matter(path: Path) -> tuple[FrontMatter | None, list[Problem]]:
    """A Markdown file's front matter and body, or the problems that stop it loading."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    try:
        return split_front_matter(text.replace("\r\n", "\n"), path), []
    except ProblemError as error:
        return None, error.problems
