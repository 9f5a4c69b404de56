"""The public surface of edukit.llm: ``__all__`` is exact and reprs show public names."""

from __future__ import annotations

import edukit.llm as llm
from edukit.llm import ChatBackend, MiniModel, NGramModel, OpenAICompatible, Scripted, preset


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(llm) if not name.startswith("_")}
    assert set(llm.__all__) == public


def test_public_classes_live_in_edukit_llm() -> None:
    for cls in (OpenAICompatible, Scripted, MiniModel, NGramModel):
        assert cls.__module__ == "edukit.llm"


def test_every_backend_satisfies_the_protocol() -> None:
    backends = [
        preset("llamacpp", model="local"),
        Scripted(["ok"]),
        MiniModel(NGramModel.train(["un petit texte ."])),
    ]
    assert all(isinstance(backend, ChatBackend) for backend in backends)
