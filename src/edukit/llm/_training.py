"""The playground's mini model: trained on the course text (or a trainer's text file), pruned for
the page, with its memorisation examples, and cached by the content of what it was trained on.

Training the whole course takes seconds, and every playground of a site build, every notebook
kernel and every later build asks for the same model: the result is a pure function of the
corpus, :data:`PRUNING` and edukit's code, so it is stored under the hash of those, in this
process (:class:`edukit._cache.Memo`) and, inside a course repository, on disk
(``.cache/edukit/models/``, :data:`edukit._cache.MODELS_DIR`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edukit._cache import MODELS_DIR, DiskCache, Memo, content_key
from edukit.llm._corpus import markdown_to_paragraphs
from edukit.llm._memorisation import memorisation_examples
from edukit.llm._minimodel import NGramModel

__all__ = [
    "EMPTY_CORPUS",
    "PRUNING",
    "TrainedModel",
    "TrainingCorpus",
    "course_training_corpus",
    "text_training_corpus",
    "trained_model",
]

PRUNING = {"max_vocab": 2000, "min_count": 3, "max_next": 10}
"""Pruning of the shipped model: about 130 KB of JSON (45 KB gzip) for the whole course, shipped
once as a static file for every playground of the site. N-grams seen twice only are mostly one
sentence's words, often verbatim (``min_count`` 2 shipped 250 KB, 87 KB gzip)."""

EMPTY_CORPUS = (
    "aucun texte pour entraîner le mini modèle dans « {source} » ; il faut des fichiers .md ou un "
    "fichier texte avec des phrases."
)


@dataclass(frozen=True, slots=True)
class TrainingCorpus:
    """The paragraphs the mini model learns from, and where each comes from."""

    paragraphs: list[str]
    origins: list[str]
    """The file each paragraph comes from (shown with memorisation examples)."""
    source: str
    """What the learner is told the model was trained on (French)."""
    shown: str
    """The folder or file name used in messages."""
    location: Path
    """The folder or file read (its course repository holds the disk cache)."""


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """The pruned export the page ships, what it was trained on, and its recitations."""

    export: dict[str, Any]
    info: dict[str, Any]
    memorisation: list[dict[str, Any]]

    def copy(self) -> TrainedModel:
        """A copy whose top-level values can be handed to one widget without sharing them."""
        return TrainedModel(dict(self.export), dict(self.info), list(self.memorisation))


def course_training_corpus(folder: Path, shown: str) -> TrainingCorpus:
    """The prose of every ``.md`` file under ``folder`` (``shown``: its name in messages)."""
    paragraphs: list[str] = []
    origins: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        found = markdown_to_paragraphs(path.read_text(encoding="utf-8"))
        paragraphs.extend(found)
        origins.extend([f"{shown}/{path.relative_to(folder).as_posix()}"] * len(found))
    return TrainingCorpus(paragraphs, origins, f"les textes du cours ({shown}/)", shown, folder)


def text_training_corpus(path: Path) -> TrainingCorpus:
    """The paragraphs (separated by blank lines) of a plain text file."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return TrainingCorpus(
        paragraphs, [path.name] * len(paragraphs), f"le fichier « {path.name} »", path.name, path
    )


_MODELS: Memo[TrainedModel] = Memo(size=4)
"""Trained models in this process, keyed on the corpus content (see :func:`trained_model`)."""


def _cache_root(path: Path) -> Path | None:
    """The course repository holding ``path`` (the nearest folder with ``mkdocs.yml``), where
    models are cached under :data:`~edukit._cache.MODELS_DIR`; ``None`` outside one."""
    for folder in (path, *path.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


def trained_model(corpus: TrainingCorpus, *, code_version: str) -> TrainedModel:
    """Train, prune and find memorisation examples once per corpus.

    ``code_version`` stands for the code that trains (for example
    :func:`edukit.build.source_fingerprint`): it is part of the key, with the corpus (its
    paragraphs and where each comes from) and :data:`PRUNING`. Within a process the model is
    computed once (all the blocks and widgets of a build share it); inside a course repository
    it is also stored on disk (notebook kernels and site builds share it). Editing a lesson
    changes the corpus, hence the key: the model is trained again, never served stale.

    Raises
    ------
    ValueError
        :data:`EMPTY_CORPUS` (French) when the corpus has no words to learn from.
    """
    key = content_key(
        "mini-model", corpus.paragraphs, corpus.origins, corpus.source, PRUNING, code_version
    )
    root = _cache_root(corpus.location.resolve())
    disk = None if root is None else DiskCache(root / MODELS_DIR)

    def compute() -> TrainedModel:
        if disk is None:
            return _train(corpus)
        stored: list[Any] = disk.get_or_compute_locked(key, lambda: _stored(_train(corpus)))
        export, info, examples = stored
        return TrainedModel(dict(export), dict(info), list(examples))

    # a copy: the traits of one widget must not share mutable values with another's
    return _MODELS.get_or_compute(key, compute).copy()


def _stored(model: TrainedModel) -> list[Any]:
    return [model.export, model.info, model.memorisation]


def _train(corpus: TrainingCorpus) -> TrainedModel:
    model = NGramModel.train(corpus.paragraphs)
    if len(model.training_tokens) == 0:
        raise ValueError(EMPTY_CORPUS.format(source=corpus.shown))
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
    examples = memorisation_examples(model, pruned, corpus.paragraphs, corpus.origins)
    return TrainedModel(dict(pruned.to_export()), info, examples)
