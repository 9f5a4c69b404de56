"""The prompt playground: the course's mini model in the browser, prompt variants side by side.

Python trains the mini n-gram model (:class:`edukit.llm.NGramModel`) on the course text, or on
a trainer's text file, and ships its pruned export, the French prompt checklist (its patterns
translated to JavaScript), the rating rubric, memorisation examples and per-token impact
figures as traits. Everything a learner does offline runs in ``static/playground.js``.

In JupyterLab, a real model can be called through Python: give ``backend=`` (for example
``preset("ollama", model=…)``); the key is read from the kernel's environment when the request
is built and never becomes widget state. The answer streams into the :attr:`reply` trait.
The ```` ```edukit-playground ```` Markdown block is registered here too.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import traitlets

from edukit.llm import (
    CHECKS,
    ChatBackend,
    LLMError,
    Message,
    NGramModel,
    OpenAICompatible,
    checklist_engine_payload,
    count_tokens,
    markdown_to_paragraphs,
    rubric_payload,
    scan_payload,
    tokenize,
)
from edukit.llm import detokenize as _detokenize
from edukit.site._cache import MODELS_DIR, DiskCache, Memo, content_key, files_digest
from edukit.site._widgets import BlockContext, register_block
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["PromptPlayground", "js_ascii_pattern", "js_pattern", "playground_block"]

Mode = Literal["mot-suivant", "requetes"]
MODES: tuple[str, ...] = get_args(Mode)
DEFAULT_PROMPT = "L'intelligence artificielle"
PRUNING = {"max_vocab": 2000, "min_count": 3, "max_next": 10}
"""Pruning of the shipped model: about 130 KB of JSON (45 KB gzip) for the whole course, shipped
once as a static file for every playground of the site. N-grams seen twice only are mostly one
sentence's words, often verbatim (``min_count`` 2 shipped 250 KB, 87 KB gzip)."""
IMPACT_TOKENS = 1000
"""Impacts are computed for this many output tokens, then divided (EcoLogits is linear in them)."""

# Notes shown under the widget (learners and trainers read them: French).
COURSE_NOT_FOUND = (
    "le dossier du cours « {folder} » est introuvable (cherché depuis {cwd} et ses dossiers "
    "parents). Donnez le chemin du dossier des leçons, par exemple courses, ou un fichier texte "
    "avec text_file=…"
)
TEXT_NOT_FOUND = "le fichier texte « {path} » est introuvable ; vérifiez son chemin."
EMPTY_CORPUS = (
    "aucun texte pour entraîner le mini modèle dans « {source} » ; il faut des fichiers .md ou un "
    "fichier texte avec des phrases."
)
NO_BACKEND = (
    "aucun modèle n'est relié à ce bac à sable côté Python ; créez-le avec "
    "PromptPlayground(backend=preset(…)) pour appeler un vrai modèle."
)
BACKEND_FAILED = "l'appel au modèle a échoué ({kind}) ; réessayez ou vérifiez la configuration."
BLOCKED = (
    "la requête contient des données personnelles ({what}) : rien n'a été envoyé. Utilisez la "
    "version anonymisée, ou confirmez l'envoi."
)


# -- Python regular expressions for JavaScript -------------------------------------------------

_WORD = r"\p{L}\p{N}_"
_BOUNDARY = rf"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_SYNTAX = set("^$\\.*+?()[]{}|/")


def js_pattern(pattern: str) -> str:
    """Rewrite a Python pattern for a JavaScript ``RegExp`` with the ``u`` flag.

    ``\\b`` and ``\\w`` become Unicode-aware as in Python (JavaScript's are ASCII only), named
    groups and back-references change spelling, and escapes JavaScript's ``u`` mode refuses
    (``\\'``) lose their backslash.

    Examples
    --------
    >>> js_pattern(r"\\bévite\\b")
    '(?:(?<=[\\\\p{L}\\\\p{N}_])(?![\\\\p{L}\\\\p{N}_])|(?<![\\\\p{L}\\\\p{N}_])(?=[\\\\p{L}\\\\p{N}_]))évite(?:(?<=[\\\\p{L}\\\\p{N}_])(?![\\\\p{L}\\\\p{N}_])|(?<![\\\\p{L}\\\\p{N}_])(?=[\\\\p{L}\\\\p{N}_]))'
    >>> js_pattern(r"<(?P<tag>[a-z]+)>.*?</(?P=tag)>|\\'\\'")
    "<(?<tag>[a-z]+)>.*?</\\\\k<tag>>|''"
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt == "b" and not in_class:
                out.append(_BOUNDARY)
            elif nxt == "w":
                out.append(_WORD if in_class else f"[{_WORD}]")
            elif nxt in "WBAZ":
                raise ValueError(f"\\{nxt} has no JavaScript translation here: {pattern!r}")
            elif nxt.isalnum() or nxt in _SYNTAX or (in_class and nxt == "-"):
                out.append("\\" + nxt)
            else:
                out.append(nxt)
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]…]": a literal ] first in the class
                out.append("[\\]")
                i += 2
                continue
        elif pattern.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        elif pattern.startswith("(?P=", i):
            end = pattern.index(")", i)
            out.append(f"\\k<{pattern[i + 4 : end]}>")
            i = end + 1
            continue
        elif pattern.startswith("(?i", i) or pattern.startswith("(?s", i):
            raise ValueError(f"inline flags have no JavaScript translation here: {pattern!r}")
        out.append(char)
        i += 1
    return "".join(out)


_ASCII_SPACE = r" \t\n\r\f\v"


def js_ascii_pattern(pattern: str) -> str:
    r"""Rewrite a Python pattern compiled with ``re.ASCII | re.MULTILINE`` for a JavaScript
    ``RegExp`` with flags ``gim`` (no ``u``): the checklist's rules.

    Without ``u``, JavaScript's ``\b``, ``\w``, ``\d`` and case folding are ASCII, like Python's
    with ``re.ASCII``, and much faster than their Unicode rewrites. What still differs is spelled
    out: ``\s`` (JavaScript's includes Unicode spaces), ``.``, ``^`` and ``$`` (JavaScript also
    breaks lines at ``\r``, U+2028 and U+2029).

    Examples
    --------
    >>> print(js_ascii_pattern(r"^\s*\bte\S+.$"))
    (?<![^\n])[ \t\n\r\f\v]*\bte[^ \t\n\r\f\v]+[^\n](?![^\n])
    >>> print(js_ascii_pattern(r"[^\s,]x\'[\s\S]"))
    [^ \t\n\r\f\v,]x'[\s\S]
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if not in_class and pattern.startswith("[\\s\\S]", i):  # any character, in both
            out.append("[\\s\\S]")
            i += 6
            continue
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt == "s":
                out.append(_ASCII_SPACE if in_class else f"[{_ASCII_SPACE}]")
            elif nxt == "S":
                if in_class:
                    raise ValueError(f"\\S inside a class has no translation here: {pattern!r}")
                out.append(f"[^{_ASCII_SPACE}]")
            elif nxt in "AZ":
                raise ValueError(f"\\{nxt} has no JavaScript translation here: {pattern!r}")
            elif nxt.isalnum() or nxt in _SYNTAX or (in_class and nxt == "-"):
                out.append("\\" + nxt)
            else:
                out.append(nxt)
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            start = i + 1 + (pattern[i + 1 : i + 2] == "^")
            if pattern[start : start + 1] == "]":  # "[]…]": a literal ] first in the class
                out.append(pattern[i:start] + "\\]")
                i = start + 1
                continue
        elif char == "^":
            out.append("(?<![^\\n])")
            i += 1
            continue
        elif char == "$":
            out.append("(?![^\\n])")
            i += 1
            continue
        elif char == ".":
            out.append("[^\\n]")
            i += 1
            continue
        elif pattern.startswith("(?P", i) or pattern.startswith("(?i", i):
            raise ValueError(f"named groups and inline flags are not used here: {pattern!r}")
        out.append(char)
        i += 1
    return "".join(out)


def checklist_payload() -> list[dict[str, Any]]:
    """The French checklist the JS applies: the eight points, then the engine's shared tables.

    Each point carries its French texts; the last entry (``id`` ``"_engine"``) carries the
    folding table, the segmentation patterns and every point's rules, all translated for
    ``RegExp`` with flags ``gim`` (:func:`js_ascii_pattern`), so a
    prompt gets the same verdicts and evidence in the browser as with
    :func:`edukit.llm.analyse_prompt`.
    """
    engine = checklist_engine_payload()
    engine["segment"] = {key: js_ascii_pattern(p) for key, p in engine["segment"].items()}
    for element in engine["elements"]:
        element["rules"] = [
            {key: js_ascii_pattern(value) if value else "" for key, value in rule.items()}
            for rule in element["rules"]
        ]
        element["vetoes"] = [js_ascii_pattern(v) for v in element["vetoes"]]
    points: list[dict[str, Any]] = [
        {
            "id": check.id,
            "label": check.label,
            "found": check.found_fr,
            "missing": check.missing_fr,
            "suggestion": check.suggestion_fr,
            "present": check.present_fr,
            "present_plural": check.present_plural_fr,
        }
        for check in CHECKS
    ]
    return [*points, {"id": "_engine", **engine}]


# -- the mini model and its memorisation examples ---------------------------------------------


_SEED_WORDS = 4
_CANDIDATES = 5000


@dataclass(frozen=True, slots=True)
class _Corpus:
    paragraphs: list[str]
    origins: list[str]
    """The file each paragraph comes from (shown with memorisation examples)."""
    source: str


def _course_corpus(folder: Path, shown: str) -> _Corpus:
    paragraphs: list[str] = []
    origins: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        found = markdown_to_paragraphs(path.read_text(encoding="utf-8"))
        paragraphs.extend(found)
        origins.extend([f"{shown}/{path.relative_to(folder).as_posix()}"] * len(found))
    return _Corpus(paragraphs, origins, f"les textes du cours ({shown}/)")


def _text_corpus(path: Path) -> _Corpus:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return _Corpus(paragraphs, [path.name] * len(paragraphs), f"le fichier « {path.name} »")


_Trained = tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]
_MODELS: Memo[_Trained] = Memo(size=4)
"""Trained exports in this process, keyed on the corpus content (see :func:`_trained`)."""


def _cache_root(path: Path) -> Path | None:
    """The course repository holding ``path`` (the nearest folder with ``mkdocs.yml``), where
    exports are cached under :data:`~edukit.site._cache.MODELS_DIR`; ``None`` outside one."""
    for folder in (path, *path.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


def _trained(path: str, is_course: bool, shown: str) -> _Trained:
    """Train, prune and find memorisation examples once per corpus.

    The result is a pure function of the corpus (its paragraphs and where each comes from),
    :data:`PRUNING` and edukit's code, so it is keyed on their hash: within a process it is
    computed once (all the blocks and widgets of a build share it), and inside a course
    repository the export is also stored in ``.cache/edukit/models/`` (notebook kernels and
    site builds share it). Editing a lesson changes the corpus, hence the key: the model is
    trained again, never served stale.
    """
    from edukit.build._fingerprint import source_fingerprint

    source = Path(path)
    corpus = _course_corpus(source, shown) if is_course else _text_corpus(source)
    key = content_key(
        "mini-model",
        corpus.paragraphs,
        corpus.origins,
        corpus.source,
        PRUNING,
        source_fingerprint(None),
    )
    root = _cache_root(source.resolve())
    disk = None if root is None else DiskCache(root / MODELS_DIR)

    def compute() -> _Trained:
        if disk is None:
            return _train(corpus, shown)
        stored: list[Any] = disk.get_or_compute_locked(key, lambda: list(_train(corpus, shown)))
        export, info, examples = stored
        return dict(export), dict(info), list(examples)

    export, info, examples = _MODELS.get_or_compute(key, compute)
    # copies: the traits of one widget must not share mutable values with another's
    return dict(export), dict(info), list(examples)


def _train(corpus: _Corpus, shown: str) -> _Trained:
    model = NGramModel.train(corpus.paragraphs)
    if len(model.training_tokens) == 0:
        raise ValueError(EMPTY_CORPUS.format(source=shown))
    pruned = model.pruned(**PRUNING)
    info = {
        "source": corpus.source,
        "paragraphs": len(corpus.paragraphs),
        "training_words": len(model.training_tokens) - len(corpus.paragraphs),
        "vocab_full": len(model.vocab) - 1,
        "vocab_shipped": len(pruned.vocab) - 1,
        "order": model.order,
        "pruning": dict(PRUNING),
    }
    return dict(pruned.to_export()), info, memorisation_examples(model, pruned, corpus)


def memorisation_examples(
    full: NGramModel, shipped: NGramModel, corpus: _Corpus, *, count: int = 3, n_words: int = 30
) -> list[dict[str, Any]]:
    """Sentence starts for which the shipped model, greedy, recites the training text.

    Each candidate is the first four words of one of about ``_CANDIDATES`` paragraphs spread
    over the text; the span is the longest run of the greedy continuation found word for word
    in the training text (as :func:`edukit.llm.longest_memorised_span`, with one index of
    four-word sequences shared by every candidate).
    """
    train = full.training_tokens
    positions: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for index in range(len(train) - _SEED_WORDS + 1):
        positions[tuple(train[index : index + _SEED_WORDS])].append(index)
    token_origin: list[str] = []
    for paragraph, origin in zip(corpus.paragraphs, corpus.origins, strict=True):
        words = tokenize(paragraph)
        if words:
            token_origin.extend([origin] * (len(words) + 1))
    seen: set[tuple[str, ...]] = set()
    found: list[dict[str, Any]] = []
    step = max(1, len(corpus.paragraphs) // _CANDIDATES)
    for paragraph in corpus.paragraphs[::step]:
        words = tokenize(paragraph)
        if len(words) < 15 or not words[0][:1].isupper():
            continue
        start = tuple(words[:4])
        if not all(word[-1:].isalnum() for word in start):
            continue
        if start in seen:
            continue
        seen.add(start)
        generated = shipped.generate(list(start), n_words, temperature=0)
        length, g_start, t_start = _longest_copy(generated, train, positions)
        if length >= 8:
            found.append(
                {
                    "prompt": _detokenize(start),
                    "generated": _detokenize(generated),
                    "words": generated,
                    "span_start": g_start,
                    "span_length": length,
                    "span": _detokenize(generated[g_start : g_start + length]),
                    "origin": token_origin[t_start] if t_start < len(token_origin) else "",
                    "continues": g_start == 0 and tuple(train[t_start - 4 : t_start]) == start,
                }
            )
    # A recitation that continues the prompt itself is the clearest demonstration.
    found.sort(
        key=lambda example: (
            not example["continues"],
            example["span_start"] != 0,
            -int(example["span_length"]),
        )
    )
    chosen: list[dict[str, Any]] = []
    for example in found:
        if all(example["origin"] != other["origin"] for other in chosen):
            chosen.append(example)
        if len(chosen) == count:
            break
    return chosen


def _longest_copy(
    generated: Sequence[str], train: Sequence[str], positions: dict[tuple[str, ...], list[int]]
) -> tuple[int, int, int]:
    """Longest run of ``generated`` found in ``train`` (runs shorter than the index key: 0)."""
    best = (0, 0, 0)
    for start in range(len(generated) - _SEED_WORDS + 1):
        if len(generated) - start <= best[0]:
            break
        for position in positions.get(tuple(generated[start : start + _SEED_WORDS]), ()):
            length = _SEED_WORDS
            while (
                start + length < len(generated)
                and position + length < len(train)
                and train[position + length] == generated[start + length]
            ):
                length += 1
            if length > best[0]:
                best = (length, start, position)
    return best


# -- impact figures ---------------------------------------------------------------------------

_REFERENCES: tuple[tuple[str, str, str, float | None], ...] = (
    ("open-1b", "Petit modèle ouvert (1 milliard de paramètres)", "", 1.0),
    ("open-8b", "Modèle ouvert moyen (8 milliards de paramètres)", "", 8.0),
    ("open-70b", "Grand modèle ouvert (70 milliards de paramètres)", "", 70.0),
    ("mistral-small", "Mistral Small (Mistral AI, hébergé)", "mistral-small-latest", None),
)
IMPACT_SOURCE = (
    "Estimation EcoLogits (GenAI Impact), mix électrique français, calculée par edukit pour "
    f"{IMPACT_TOKENS} jetons produits puis ramenée à un jeton : un ordre de grandeur, pas une "
    "mesure."
)


@lru_cache(maxsize=1)
def impact_references() -> list[dict[str, Any]]:
    """Energy (Wh) and emissions (g CO2e) per output token for a few reference models.

    Computed offline with EcoLogits' bundled data (:func:`edukit.llm.estimate_impact_open` and
    :func:`edukit.llm.estimate_impact`); empty if ``ecologits`` is not installed.
    """
    try:
        from edukit.llm import estimate_impact, estimate_impact_open

        rows: list[dict[str, Any]] = []
        for ref_id, label, hosted, billions in _REFERENCES:
            if billions is not None:
                impact = estimate_impact_open(billions, IMPACT_TOKENS)
            else:
                impact = estimate_impact("mistral", hosted, IMPACT_TOKENS)
            data = impact.to_dict()
            rows.append(
                {
                    "id": ref_id,
                    "label": label,
                    "energy_wh_per_token": [v / IMPACT_TOKENS for v in data["energy_wh"]],
                    "gwp_g_per_token": [v / IMPACT_TOKENS for v in data["gwp_gco2eq"]],
                    "zone": data["zone"],
                    "source": IMPACT_SOURCE,
                }
            )
        return rows
    except Exception:  # ecologits missing or changed: the widget shows tokens only
        return []


def _call_impact(backend: Any, output_tokens: int) -> dict[str, Any] | None:
    """The impact of one Python-side call: EcoLogits for a known hosted model, else a reference."""
    if isinstance(backend, OpenAICompatible) and backend.provider.name in ("openai", "mistral"):
        try:
            from edukit.llm import estimate_impact

            impact = estimate_impact(backend.provider.name, backend.model, output_tokens)
        except Exception:  # unknown model: fall back to a reference below
            pass
        else:
            data = impact.to_dict()
            return {
                "label": f"{backend.provider.label} · {backend.model}",
                "energy_wh": data["energy_wh"],
                "gwp_gco2eq": data["gwp_gco2eq"],
                "source": "Estimation EcoLogits (GenAI Impact), mix électrique français.",
            }
    references = impact_references()
    reference = next((r for r in references if r["id"] == "open-8b"), None)
    if reference is None:
        return None
    return {
        "label": reference["label"] + " (référence)",
        "energy_wh": [v * output_tokens for v in reference["energy_wh_per_token"]],
        "gwp_gco2eq": [v * output_tokens for v in reference["gwp_g_per_token"]],
        "source": reference["source"],
    }


# -- the widget -------------------------------------------------------------------------------


def _find_folder(path: Path) -> Path | None:
    if path.is_absolute():
        return path if path.exists() else None
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / path).exists():
            return folder / path
    return None


def backend_label(backend: Any) -> str:
    """A short, key-free name of a backend for the interface.

    Examples
    --------
    >>> from edukit.llm import Scripted, preset
    >>> backend_label(preset("ollama", model="qwen2.5:0.5b")), backend_label(Scripted([]))
    ('Ollama (sur cet ordinateur) · qwen2.5:0.5b', 'Réponses préparées (Scripted)')
    """
    if isinstance(backend, OpenAICompatible):
        return f"{backend.provider.label} · {backend.model}"
    name = type(backend).__name__
    if name == "Scripted":
        return "Réponses préparées (Scripted)"
    if name == "MiniModel":
        return "Mini modèle du cours (Python)"
    return name


class PromptPlayground(EdukitWidget):
    """The prompt playground (« bac à sable des requêtes »).

    Parameters
    ----------
    backend
        A chat backend for real calls from JupyterLab (``preset("ollama", model=…)``,
        ``OpenAICompatible(…)``, ``Scripted([...])``). Never synced: only its label is.
    courses
        The folder of lessons to train the mini model on (default ``courses``, found from
        the current folder or one of its parents).
    text_file
        A trainer's plain text file to train on instead (paragraphs separated by blank lines).
    mode, variants, prompts, prompt, temperature, top_k, seed, words, title, endpoint
        Synced options (see each trait's help).

    Examples
    --------
    >>> from edukit.llm import Scripted
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("Le chat dort. Le chat mange. Le chien dort.\\n")
    >>> widget = PromptPlayground(courses=folder, backend=Scripted(["Bonjour à vous."]))
    >>> widget.model_export["format"], widget.kernel_backend
    ('edukit-ngram', 'Réponses préparées (Scripted)')
    >>> widget.run("Dis bonjour.")["text"]
    'Bonjour à vous.'
    """

    widget_name = "playground"
    _esm = STATIC / "playground.js"
    _css = STATIC / "playground.css"

    mode = traitlets.Unicode(
        "mot-suivant", help="'mot-suivant' (the mini model word by word) or 'requetes'."
    ).tag(sync=True)
    variants = traitlets.Int(2, help="Prompt variants shown side by side (2 to 4).").tag(sync=True)
    prompts = traitlets.List(traitlets.Unicode(), help="Starting text of each prompt variant.").tag(
        sync=True
    )
    prompt = traitlets.Unicode(DEFAULT_PROMPT, help="Starting sentence of 'mot-suivant'.").tag(
        sync=True
    )
    temperature = traitlets.Float(1.0, help="Sampling temperature, 0 to 2.").tag(sync=True)
    top_k = traitlets.Int(0, help="Keep the k most likely words; 0 keeps them all.").tag(sync=True)
    seed = traitlets.Int(0, help="Seed of the random draws (same seed, same words).").tag(sync=True)
    words = traitlets.Int(20, help="Words generated by « Générer ».").tag(sync=True)
    title = traitlets.Unicode("", help="Shown above the playground.").tag(sync=True)
    endpoint = traitlets.Dict(
        help="Suggested OpenAI-compatible service for the site: {base_url, model}; never a key."
    ).tag(sync=True)
    model_export = traitlets.Dict(help="The pruned mini model (NGramModel.to_export).").tag(
        sync=True
    )
    model_info = traitlets.Dict(help="Where the mini model was trained, and its sizes.").tag(
        sync=True
    )
    memorisation: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Sentence starts the mini model recites."
    ).tag(sync=True)
    checks: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The French checklist with JavaScript patterns."
    ).tag(sync=True)
    rubric: traitlets.List[dict[str, Any]] = traitlets.List(
        help="The rating rubric (edukit.llm.rubric_payload)."
    ).tag(sync=True)
    impacts: traitlets.List[dict[str, Any]] = traitlets.List(
        help="Per-token energy and CO2e of reference models."
    ).tag(sync=True)
    kernel_backend = traitlets.Unicode(
        "", help="Label of the Python-side backend ('' = none); never its key."
    ).tag(sync=True)
    reply = traitlets.Dict(help="The Python-side answer being streamed.").tag(sync=True)

    def __init__(
        self,
        *,
        backend: ChatBackend | None = None,
        courses: str | Path | None = None,
        text_file: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._backend: ChatBackend | None = None
        self.backend = backend
        self.checks = checklist_payload()
        self.rubric = rubric_payload()
        self.impacts = impact_references()
        if not self.prompts:
            self.prompts = [""] * self.variants
        self.on_msg(self._on_message)
        with self.reporting():
            self._load_model(courses, text_file)

    # -- options ------------------------------------------------------------------------------

    @traitlets.validate("mode")
    def _valid_mode(self, proposal: Any) -> str:
        if proposal["value"] not in MODES:
            raise traitlets.TraitError(
                f"mode must be one of {', '.join(MODES)}, not {proposal['value']!r}"
            )
        return str(proposal["value"])

    @traitlets.validate("variants")
    def _valid_variants(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if not 2 <= value <= 4:
            raise traitlets.TraitError(f"variants must be 2, 3 or 4, not {value}")
        return value

    @traitlets.validate("prompts")
    def _valid_prompts(self, proposal: Any) -> list[str]:
        value = list(proposal["value"])
        if len(value) > 4:
            raise traitlets.TraitError(f"give at most 4 prompts, not {len(value)}")
        return value

    @traitlets.validate("temperature")
    def _valid_temperature(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if not 0.0 <= value <= 2.0:
            raise traitlets.TraitError(f"temperature must be between 0 and 2, not {value}")
        return value

    @traitlets.validate("top_k", "words", "seed")
    def _valid_counts(self, proposal: Any) -> int:
        value = int(proposal["value"])
        name = proposal["trait"].name
        high = {"top_k": 50, "words": 200, "seed": 2**32 - 1}[name]
        low = 1 if name == "words" else 0
        if not low <= value <= high:
            raise traitlets.TraitError(f"{name} must be between {low} and {high}, not {value}")
        return value

    @traitlets.validate("endpoint")
    def _valid_endpoint(self, proposal: Any) -> dict[str, str]:
        value = dict(proposal["value"])
        unknown = sorted(set(value) - {"base_url", "model"})
        if unknown:
            raise traitlets.TraitError(
                f"endpoint takes base_url and model only (never a key), not {', '.join(unknown)}"
            )
        base = str(value.get("base_url", ""))
        if base and not re.match(r"https?://", base):
            raise traitlets.TraitError(
                f"endpoint base_url must start with http(s)://, not {base!r}"
            )
        return {k: str(v) for k, v in value.items()}

    @property
    def backend(self) -> ChatBackend | None:
        """The Python-side model (never synced; its label is :attr:`kernel_backend`)."""
        return self._backend

    @backend.setter
    def backend(self, value: ChatBackend | None) -> None:
        self._backend = value
        self.kernel_backend = "" if value is None else backend_label(value)

    def _load_model(self, courses: str | Path | None, text_file: str | Path | None) -> None:
        if text_file is not None:
            path = _find_folder(Path(text_file))
            if path is None or not path.is_file():
                raise ValueError(TEXT_NOT_FOUND.format(path=text_file))
            export, info, examples = _trained(str(path), False, path.name)
        else:
            given = Path(courses) if courses is not None else Path("courses")
            folder = _find_folder(given)
            if folder is None or not folder.is_dir():
                raise ValueError(COURSE_NOT_FOUND.format(folder=given, cwd=Path.cwd()))
            export, info, examples = _trained(str(folder), True, given.name or str(given))
        self.model_export = export
        self.model_info = info
        self.memorisation = examples

    # -- Python-side calls --------------------------------------------------------------------

    def _on_message(self, widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "run":
            return
        options = content.get("options") or {}
        self.run(
            str(content.get("prompt", "")),
            variant=int(content.get("variant", 0)),
            request=str(content.get("id", "")),
            confirmed=bool(content.get("confirmed", False)),
            temperature=float(options.get("temperature", 0.7)),
            max_tokens=int(options.get("max_tokens", 300)),
        )

    def run(
        self,
        prompt: str,
        *,
        variant: int = 0,
        request: str = "",
        confirmed: bool = False,
        temperature: float = 0.7,
        max_tokens: int = 300,
    ) -> dict[str, Any]:
        """Send ``prompt`` to :attr:`backend` and stream the answer into :attr:`reply`.

        With personal data in the prompt and ``confirmed=False`` nothing is sent: the reply's
        status is ``"blocked"`` and it holds the scan (spans and anonymised text). Errors are
        shown under the widget in French (``LLMError.message_fr``). Returns the last reply.
        """
        base = {"id": request, "variant": variant, "backend": self.kernel_backend}
        if self._backend is None:
            self.show_problem(NO_BACKEND)
            self.reply = {**base, "status": "error", "text": "", "error": NO_BACKEND}
            return dict(self.reply)
        scan = scan_payload(prompt)
        if scan["spans"] and not confirmed:
            what = ", ".join(sorted({span["label"].lower() for span in scan["spans"]}))
            self.reply = {**base, "status": "blocked", "text": "", "scan": dict(scan)}
            self.send({"type": "blocked", **base, "scan": dict(scan)})
            self.show_problem(BLOCKED.format(what=what))
            return dict(self.reply)
        self.clear_problem()
        messages: list[Message] = [{"role": "user", "content": prompt}]
        text = ""
        usage = None
        started = time.perf_counter()
        first_token: float | None = None
        self.reply = {**base, "status": "streaming", "text": ""}
        try:
            for chunk in self._backend.stream(
                messages, temperature=temperature, max_tokens=max_tokens
            ):
                if chunk.usage is not None:
                    usage = chunk.usage
                if chunk.text:
                    if first_token is None:
                        first_token = time.perf_counter() - started
                    text += chunk.text
                    self.reply = {**base, "status": "streaming", "text": text}
        except LLMError as error:
            self.show_problem(error.message_fr)
            self.reply = {**base, "status": "error", "text": text, "error": error.message_fr}
            return dict(self.reply)
        except Exception as error:  # a backend bug: readable, never a traceback in the cell
            message = BACKEND_FAILED.format(kind=type(error).__name__)
            self.show_problem(message)
            self.reply = {**base, "status": "error", "text": text, "error": message}
            return dict(self.reply)
        prompt_tokens = count_tokens(prompt)
        output_tokens = count_tokens(text)
        output_count = usage.completion_tokens if usage else output_tokens.count
        tokens = {
            "prompt": usage.prompt_tokens if usage else prompt_tokens.count,
            "output": usage.completion_tokens if usage else output_tokens.count,
            "method": "service" if usage else output_tokens.method,
        }
        self.reply = {
            **base,
            "status": "done",
            "text": text,
            "tokens": tokens,
            "impact": _call_impact(self._backend, output_count),
            "seconds": round(time.perf_counter() - started, 3),
            "first_token_seconds": None if first_token is None else round(first_token, 3),
        }
        return dict(self.reply)


# -- the Markdown block -----------------------------------------------------------------------

BLOCK_KEYS = (
    "mode",
    "variants",
    "prompts",
    "prompt",
    "temperature",
    "top_k",
    "seed",
    "words",
    "title",
    "endpoint",
    "text_file",
)


def playground_block(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """Builder of the ``edukit-playground`` block.

    YAML keys: ``mode`` (``mot-suivant`` or ``requetes``), ``variants`` (2–4), ``prompts``
    (list), ``prompt``, ``temperature``, ``top_k``, ``seed``, ``words``, ``title``,
    ``endpoint`` (``{base_url, model}``) and ``text_file`` (a text file from the repository
    root to train on instead of ``courses/``).
    """
    from edukit._problems import ProblemError

    unknown = sorted(set(data) - set(BLOCK_KEYS))
    if unknown:
        raise ProblemError(
            [
                context.problem(
                    f"unknown key(s) {', '.join(unknown)} in the 'edukit-playground' block",
                    f"use: {', '.join(BLOCK_KEYS)}",
                )
            ]
        )
    options = dict(data)
    text_file = options.pop("text_file", None)
    options.setdefault("lang", context.lang)
    try:
        widget = PromptPlayground(
            courses=context.root / "courses",
            text_file=context.root / str(text_file) if text_file else None,
            **options,
        )
    except (ValueError, TypeError, traitlets.TraitError) as error:
        raise ProblemError(
            [context.problem(f"the 'edukit-playground' block is not valid: {error}")]
        ) from None
    if widget.error:
        raise ProblemError([context.problem(f"the 'edukit-playground' block: {widget.error}")])
    return "playground", widget.page_state()["state"]


def playground_inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """What a playground block reads besides its YAML: the text it trains on (every file of
    ``courses/``, or its ``text_file``), by content, for the block cache."""
    root = context.root.resolve()
    text_file = data.get("text_file")
    if text_file:
        return ["text_file", files_digest([root / str(text_file)], base=root)]
    return ["courses", files_digest([root / "courses"], base=root)]


register_block("playground", playground_block, inputs=playground_inputs)
