"""The prompt playground's options, checked once: a pydantic spec for Markdown blocks, the same
rules for the widget's traits, and the payload the widget ships.

Each rule is a function of one option (:func:`check_option`): the spec's validators call it, and
so do the widget's trait validators, so a block, a notebook and a later assignment
(``widget.variants = 5``) are refused by the same rule. Messages are French, followed by the
English one (:attr:`PlaygroundOptionError.bilingual`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypedDict, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from edukit._problems import Problem
from edukit.llm._impact import impact_references
from edukit.llm._jsregex import checklist_payload
from edukit.llm._prompt import rubric_payload
from edukit.llm._training import TrainedModel

__all__ = [
    "DEFAULT_PROMPT",
    "MODES",
    "PLAYGROUND_OPTIONS",
    "PlaygroundOptionError",
    "PlaygroundOptions",
    "PlaygroundSpec",
    "check_option",
    "contained_text_file",
    "playground_payload",
    "playground_problems",
]

Mode = Literal["mot-suivant", "requetes"]
MODES: tuple[str, ...] = get_args(Mode)
DEFAULT_PROMPT = "L'intelligence artificielle"
BLOCK = "edukit-playground"
_COUNTS = {"top_k": (0, 50), "words": (1, 200), "seed": (0, 2**32 - 1)}


class PlaygroundOptionError(ValueError):
    """One option refused: the French message (and how to fix it), then the English one."""

    def __init__(self, key: str, message_fr: str, message_en: str, hint_fr: str = "") -> None:
        self.key = key
        self.message_fr = message_fr
        self.message_en = message_en
        self.hint_fr = hint_fr
        super().__init__(message_fr)

    @property
    def bilingual(self) -> str:
        """``"<French> — <how to fix> (<English>)"``: what a notebook user reads."""
        hint = f" — {self.hint_fr}" if self.hint_fr else ""
        return f"{self.message_fr}{hint} ({self.message_en})"


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlaygroundOptionError(
            key,
            f"« {key} » doit être un nombre entier, pas {value!r}",
            f"{key} must be a whole number, not {value!r}",
            f"écrivez par exemple « {key}: 2 » (sans guillemets)",
        )
    return value


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise PlaygroundOptionError(
            key,
            f"« {key} » doit être un texte, pas {value!r}",
            f"{key} must be a text, not {value!r}",
            "mettez le texte entre guillemets",
        )
    return value


def _mode(value: Any) -> str:
    if value not in MODES:
        raise PlaygroundOptionError(
            "mode",
            f"« mode » ne peut pas valoir {value!r}",
            f"mode must be one of {', '.join(MODES)}, not {value!r}",
            f"valeurs possibles : {', '.join(MODES)}",
        )
    return str(value)


def _variants(value: Any) -> int:
    number = _integer("variants", value)
    if not 2 <= number <= 4:
        raise PlaygroundOptionError(
            "variants",
            f"« variants » doit valoir 2, 3 ou 4, pas {number}",
            f"variants must be 2, 3 or 4, not {number}",
            "on compare de 2 à 4 requêtes côte à côte",
        )
    return number


def _prompts(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise PlaygroundOptionError(
            "prompts",
            "« prompts » doit être une liste de textes",
            f"prompts must be a list of texts, not {value!r}",
            '« prompts: ["Résume ce texte.", "…"] » ou un « - texte » par ligne',
        )
    texts = [_text("prompts", item) for item in value]
    if len(texts) > 4:
        raise PlaygroundOptionError(
            "prompts",
            f"« prompts » contient {len(texts)} requêtes ; 4 au plus",
            f"give at most 4 prompts, not {len(texts)}",
            "gardez une requête de départ par colonne (4 colonnes au plus)",
        )
    return texts


def _temperature(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise PlaygroundOptionError(
            "temperature",
            f"« temperature » doit être un nombre, pas {value!r}",
            f"temperature must be a number, not {value!r}",
            "écrivez par exemple « temperature: 0.7 »",
        )
    if not 0.0 <= value <= 2.0:
        raise PlaygroundOptionError(
            "temperature",
            f"« temperature » doit être entre 0 et 2, pas {value}",
            f"temperature must be between 0 and 2, not {float(value)}",
            "0 : toujours le mot le plus probable ; 2 : des mots très inattendus",
        )
    return float(value)


def _count(key: str) -> Callable[[Any], int]:
    low, high = _COUNTS[key]

    def check(value: Any) -> int:
        number = _integer(key, value)
        if not low <= number <= high:
            raise PlaygroundOptionError(
                key,
                f"« {key} » doit être entre {low} et {high}, pas {number}",
                f"{key} must be between {low} and {high}, not {number}",
            )
        return number

    return check


def _endpoint(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise PlaygroundOptionError(
            "endpoint",
            "« endpoint » doit être fait de lignes « clé: valeur » (base_url, model)",
            f"endpoint must be a mapping of base_url and model, not {value!r}",
        )
    unknown = sorted(str(key) for key in value if key not in ("base_url", "model"))
    if unknown:
        raise PlaygroundOptionError(
            "endpoint",
            f"« endpoint » n'accepte que base_url et model, jamais de clé, pas {', '.join(unknown)}",
            f"endpoint takes base_url and model only (never a key), not {', '.join(unknown)}",
            "une clé d'API se saisit dans la page, jamais dans le cours",
        )
    base = str(value.get("base_url", ""))
    if base and not re.match(r"https?://", base):
        raise PlaygroundOptionError(
            "endpoint",
            f"« base_url » doit commencer par http:// ou https://, pas {base!r}",
            f"endpoint base_url must start with http(s)://, not {base!r}",
            "par exemple « base_url: http://127.0.0.1:11434/v1 »",
        )
    return {str(key): str(item) for key, item in value.items()}


RULES: dict[str, Callable[[Any], Any]] = {
    "mode": _mode,
    "variants": _variants,
    "prompts": _prompts,
    "prompt": lambda value: _text("prompt", value),
    "temperature": _temperature,
    "top_k": _count("top_k"),
    "seed": _count("seed"),
    "words": _count("words"),
    "title": lambda value: _text("title", value),
    "endpoint": _endpoint,
}
"""The rule of each synced option (the text file is checked against the course root)."""
PLAYGROUND_OPTIONS: tuple[str, ...] = tuple(RULES)
"""The options a playground syncs: every field of :class:`PlaygroundSpec` but ``text_file``."""


class PlaygroundOptions(TypedDict, total=False):
    """The synced options as keyword arguments (``PromptPlayground(mode="requetes", …)``)."""

    mode: Mode
    variants: int
    prompts: list[str]
    prompt: str
    temperature: float
    top_k: int
    seed: int
    words: int
    title: str
    endpoint: dict[str, str]


def check_option(key: str, value: Any) -> Any:
    """``value`` as the playground stores option ``key``, or :class:`PlaygroundOptionError`.

    Examples
    --------
    >>> check_option("variants", 3), check_option("temperature", 1)
    (3, 1.0)
    >>> try:
    ...     check_option("variants", 5)
    ... except PlaygroundOptionError as error:
    ...     print(error.bilingual)
    « variants » doit valoir 2, 3 ou 4, pas 5 — on compare de 2 à 4 requêtes côte à côte (variants must be 2, 3 or 4, not 5)
    """
    return RULES[key](value)


def contained_text_file(root: Path, value: Any) -> Path:
    """The file ``value`` names, from the course ``root``: it must lie inside ``root`` once
    ``..`` and symbolic links are resolved (a block's text is shipped in the page, so a path
    outside the course would publish any readable file)."""
    name = _text("text_file", value)
    base = root.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise PlaygroundOptionError(
            "text_file",
            f"« text_file » doit désigner un fichier du dépôt du cours, pas {name!r}",
            f"text_file must name a file inside the course repository, not {name!r}",
            "copiez le texte dans le dépôt (par exemple textes/menu.txt) et donnez ce chemin",
        )
    if not path.is_file():
        raise PlaygroundOptionError(
            "text_file",
            f"le fichier texte « {name} » est introuvable",
            f"the text file {name!r} does not exist",
            "donnez son chemin depuis la racine du dépôt (le dossier de mkdocs.yml)",
        )
    return path


class PlaygroundSpec(BaseModel):
    """The options of a playground (a ```` ```edukit-playground ```` block's YAML keys).

    Validated with ``context={"root": <course root>}``, ``text_file`` must name a file inside
    the root (:func:`contained_text_file`).

    Examples
    --------
    >>> PlaygroundSpec.model_validate({"mode": "requetes", "variants": 3}).variants
    3
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    mode: Mode = "mot-suivant"
    """``mot-suivant`` (the mini model word by word) or ``requetes`` (prompts side by side)."""
    variants: int = 2
    """Prompt variants shown side by side (2 to 4)."""
    prompts: list[str] = Field(default_factory=list)
    """Starting text of each prompt variant (4 at most)."""
    prompt: str = DEFAULT_PROMPT
    """Starting sentence of ``mot-suivant``."""
    temperature: float = 1.0
    """Sampling temperature, 0 to 2."""
    top_k: int = 0
    """Keep the k most likely words (0 to 50); 0 keeps them all."""
    seed: int = 0
    """Seed of the random draws (same seed, same words)."""
    words: int = 20
    """Words generated by « Générer » (1 to 200)."""
    title: str = ""
    """Shown above the playground."""
    endpoint: dict[str, str] = Field(default_factory=dict)
    """Suggested OpenAI-compatible service: ``{base_url, model}``; never a key."""
    text_file: str | None = None
    """A text file from the repository root to train on instead of ``courses/``."""

    @field_validator(*RULES, mode="before")
    @classmethod
    def _checked(cls, value: Any, info: ValidationInfo) -> Any:
        return check_option(str(info.field_name), value)

    @field_validator("text_file", mode="before")
    @classmethod
    def _contained(cls, value: Any, info: ValidationInfo) -> Any:
        root = (info.context or {}).get("root")
        if value is None or root is None:
            return value
        contained_text_file(Path(root), value)
        return value

    def options(self) -> dict[str, Any]:
        """The synced options (every field but ``text_file``), as the widget takes them."""
        return self.model_dump(exclude={"text_file"})


def playground_problems(
    error: ValidationError, line_of: Callable[[tuple[str | int, ...]], tuple[Path, int | None]]
) -> list[Problem]:
    """One ``path:line`` problem per refused option of a block, and one for its unknown keys
    (at the block's own line: ``line_of(())``)."""
    from edukit.course import problems_from_validation  # the course loader: on first use only

    problems: list[Problem] = []
    generic = problems_from_validation(error, PlaygroundSpec, line_of)
    unknown: list[str] = []
    for details, problem in zip(error.errors(), generic, strict=True):
        cause = (details.get("ctx") or {}).get("error")
        if details["type"] == "extra_forbidden":
            unknown.append(str(details["loc"][-1]))
        elif isinstance(cause, PlaygroundOptionError):
            problems.append(Problem(problem.path, problem.line, cause.message_fr, cause.hint_fr))
        else:
            problems.append(problem)
    if unknown:
        path, line = line_of(())
        known = ", ".join(PlaygroundSpec.model_fields)
        names = ", ".join(unknown)
        problems.insert(  # French first for the author, the English wording after it
            0,
            Problem(
                path,
                line,
                f"clé(s) inconnue(s) dans le bloc « {BLOCK} » : {names} "
                f"(unknown key(s) {names} in the '{BLOCK}' block)",
                f"clés possibles : {known}",
            ),
        )
    return problems


def playground_payload(spec: PlaygroundSpec, model: TrainedModel) -> dict[str, Any]:
    """The widget's synced values: the options (one empty prompt per variant when none is
    given), the mini model, the checklist with JavaScript patterns, the rubric and the impact
    references.

    Examples
    --------
    >>> model = TrainedModel({"format": "edukit-ngram"}, {}, [])
    >>> payload = playground_payload(PlaygroundSpec(variants=3), model)
    >>> payload["prompts"], payload["model_export"]["format"], payload["checks"][0]["id"]
    (['', '', ''], 'edukit-ngram', 'role')
    """
    options = spec.options()
    if not options["prompts"]:
        options["prompts"] = [""] * spec.variants
    return {
        **options,
        "model_export": model.export,
        "model_info": model.info,
        "memorisation": model.memorisation,
        "checks": checklist_payload(),
        "rubric": rubric_payload(),
        "impacts": impact_references(),
    }
