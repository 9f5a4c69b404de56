"""The ``edukit-playground`` block: the prompt playground on a lesson page (keys:
:class:`~edukit.llm.PlaygroundSpec`; ``text_file`` is a text file inside the repository, to
train the mini model on instead of ``courses/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edukit._cache import files_digest
from edukit._problems import ProblemError
from edukit.llm import (
    PlaygroundOptionError,
    PlaygroundSpec,
    contained_text_file,
    course_training_corpus,
    playground_problems,
    text_training_corpus,
    trained_model,
)
from edukit.site.blocks._base import Block, BlockContext

__all__ = ["BLOCK"]


def build(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """The playground's state: the options checked (``path:line`` per mistake), the mini model
    trained once (or read from the cache), the widget given that model."""
    from edukit.build import source_fingerprint
    from edukit.widgets import PromptPlayground

    root = context.root.resolve()
    try:
        spec = PlaygroundSpec.model_validate(data, context={"root": root})
    except ValidationError as error:
        raise ProblemError(playground_problems(error, context.line_of)) from None
    if spec.text_file is None:
        corpus = course_training_corpus(root / "courses", "courses")
    else:
        corpus = text_training_corpus(contained_text_file(root, spec.text_file))
    try:
        model = trained_model(corpus, code_version=source_fingerprint(None))
    except ValueError as error:  # nothing to learn from: French, at the block
        where = context.line_of(("text_file",) if spec.text_file else ())[1]
        raise ProblemError([context.problem(str(error), line=where)]) from None
    widget = PromptPlayground(model=model, lang=context.lang, **spec.options())
    return "playground", widget.page_state()["state"]


def inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """What the block reads besides its YAML: the text it trains on (every file of
    ``courses/``, or its ``text_file``), by content; ``None`` for a ``text_file`` outside the
    repository or missing (the block is then built, and fails with its message)."""
    root = context.root.resolve()
    text_file = data.get("text_file")
    if text_file is None:
        return ["courses", files_digest([root / "courses"], base=root)]
    try:
        path: Path = contained_text_file(root, text_file)
    except PlaygroundOptionError:
        return None
    return ["text_file", files_digest([path], base=root)]


BLOCK = Block(name="playground", build=build, inputs=inputs)
