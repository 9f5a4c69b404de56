"""The block cache: each block kind hits when nothing it reads changed, and misses (so the page
changes) when its YAML, its inputs or edukit's code change; the mini model is trained once per
corpus, and its export is shared through the disk."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from edukit._cache import BLOCKS_DIR, MODELS_DIR
from edukit.llm import _training
from edukit.quiz import LOADED_BANKS
from edukit.quiz import _sources as bank_sources  # where the quiz block loads its banks
from edukit.site import _widgets
from edukit.site._widgets import WidgetRuntime

from .conftest import FakeFile, FakePage

pytestmark = pytest.mark.widget

RUNTIME = WidgetRuntime()
"""The site's widget runtime, as the plugin holds it: each test starts with no build."""

ROOT = Path(__file__).resolve().parents[2]
BANK = (
    ROOT / "tests" / "fixtures" / "courses" / "good" / "exercises" / "provenance" / "licences.yml"
)
COURSE_TEXT = """# Le mot suivant

Un modèle de langage prédit le mot suivant, encore et encore, à partir du texte déjà écrit.

Un modèle de langage prédit le mot suivant, puis recommence avec le texte allongé, mot à mot.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "exercises" / "provenance").mkdir(parents=True)
    shutil.copy(BANK, root / "exercises" / "provenance" / "licences.yml")
    (root / "courses" / "m1").mkdir(parents=True)
    (root / "courses" / "m1" / "l00-texte.md").write_text(COURSE_TEXT, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: T\ndocs_dir: courses\n", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def fresh_session() -> Any:
    RUNTIME.build = None
    LOADED_BANKS.clear()
    _training._MODELS.clear()
    yield
    RUNTIME.build = None


def render(
    root: Path, block: str, source: str, *, page: str = "m1/l01-essai.md", folder: str = "courses"
) -> str:
    """One page holding one block, through the site hook; returns the mount point.

    Playground pages go to another folder than ``courses/``: a page there is part of the
    corpus, so writing it would change the model."""
    path = root / folder / page
    path.parent.mkdir(parents=True, exist_ok=True)
    markdown = f"# Essai\n\n```edukit-{block}\n{source}```\n"
    path.write_text(markdown, encoding="utf-8")
    placeholder = _widgets.fence_format(source, f"edukit-{block}", "edukit-block", {}, None)
    config = {"config_file_path": str(root / "mkdocs.yml"), "theme": {"language": "fr"}}
    out = RUNTIME.on_page_content(
        placeholder,
        page=FakePage(FakeFile(str(path), page), markdown),
        config=config,
        files=None,
    )
    assert 'data-edukit-mount="' in out
    return out


def state_of(mount: str) -> dict[str, Any]:
    """The widget's state as the static host gives it: the mount point's own state, plus the
    shared file it names (``data-edukit-shared``), which this build holds until it writes it."""
    match = re.search(r'data-edukit-state="([^"]*)"', mount)
    assert match
    state: dict[str, Any] = json.loads(html.unescape(match.group(1)))["state"]
    shared = re.search(r'data-edukit-shared="([^"]*)"', mount)
    if shared:
        assert RUNTIME.build is not None, "a shared state file needs the build that wrote it"
        state.update(json.loads(RUNTIME.build.shared[html.unescape(shared.group(1))]))
    return state


def stats() -> dict[str, int]:
    return RUNTIME.block_cache_stats()


def new_build() -> None:
    """What the plugin does between two builds: a new session (and a new process, usually)."""
    RUNTIME.build = None
    LOADED_BANKS.clear()
    _training._MODELS.clear()


def forbid(monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{name} was called: the cache should have answered")

    monkeypatch.setattr(target, name, fail)


# -- quiz -------------------------------------------------------------------------------------

QUIZ = "bank: exercises/provenance\ndraw: {count: 2, seed: 1}\n"


def test_a_quiz_block_is_built_once_then_served_from_the_cache(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render(repo, "quiz", QUIZ)
    assert stats() == {"hits": 0, "misses": 1, "writes": 1}
    assert list((repo / BLOCKS_DIR).glob("*/*.json"))
    new_build()
    forbid(monkeypatch, bank_sources, "load_bank")
    forbid(monkeypatch, _widgets, "mount_html")  # nor the secret scan
    assert render(repo, "quiz", QUIZ) == first
    assert stats()["hits"] == 1


def test_changing_a_bank_item_changes_the_page(repo: Path) -> None:
    every = "bank: exercises/provenance\n"
    before = render(repo, "quiz", every)
    bank = repo / "exercises" / "provenance" / "licences.yml"
    text = bank.read_text(encoding="utf-8")
    old = "Je sais ce qu'est une intelligence artificielle."
    assert old in text
    bank.write_text(text.replace(old, "Je sais ce qu'est un modèle de langage."), "utf-8")
    new_build()
    after = render(repo, "quiz", every)
    assert stats() == {"hits": 0, "misses": 1, "writes": 1}
    prompts = [item["prompt"] for item in state_of(after)["payload"]["items"]]
    assert "Je sais ce qu'est un modèle de langage." in prompts
    assert old not in after and old in html.unescape(before)


def test_quiz_keys_cover_the_yaml_the_page_and_banks_all(repo: Path) -> None:
    render(repo, "quiz", QUIZ)
    render(repo, "quiz", "bank: exercises/provenance\ndraw: {count: 2, seed: 2}\n")
    other_page = render(repo, "quiz", QUIZ, page="m2/l02-autre.md")
    assert stats() == {"hits": 0, "misses": 3, "writes": 3}
    assert state_of(other_page)["lesson"] == "l02-autre"  # the page's lesson is in the state
    every_bank = "banks: all\ndraw: {count: 2, seed: 1}\n"
    render(repo, "quiz", every_bank)
    new_build()
    render(repo, "quiz", every_bank)
    assert stats()["hits"] == 1
    (repo / "exercises" / "autre").mkdir()
    shutil.copy(BANK, repo / "exercises" / "autre" / "copie.yml")  # a new bank joins "all"
    new_build()
    with pytest.raises(Exception, match="positionnement"):  # duplicate ids: built, not served
        render(repo, "quiz", every_bank)


def test_a_bank_shared_by_many_blocks_is_loaded_once_per_content(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    load = bank_sources.load_bank

    def counted(path: Path, **kwargs: Any) -> Any:
        calls.append(path)
        return load(path, **kwargs)

    monkeypatch.setattr(bank_sources, "load_bank", counted)
    for seed in (1, 2, 3):
        render(repo, "quiz", f"bank: exercises/provenance\ndraw: {{count: 2, seed: {seed}}}\n")
    assert len(calls) == 1
    bank = repo / "exercises" / "provenance" / "licences.yml"
    bank.write_text(bank.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    render(repo, "quiz", "bank: exercises/provenance\ndraw: {count: 2, seed: 4}\n")
    assert len(calls) == 2


def test_an_error_is_never_cached(repo: Path) -> None:
    bad = "bank: exercises/provenance\ndraw: {count: 50}\n"
    for _ in range(2):
        with pytest.raises(Exception, match=r"l01-essai\.md"):
            render(repo, "quiz", bad)
    assert stats()["writes"] == 0
    assert not list((repo / BLOCKS_DIR).glob("*/*.json"))


def test_the_cache_can_be_turned_off(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_widgets.CACHE_ENV, "0")
    render(repo, "quiz", QUIZ)
    render(repo, "quiz", QUIZ)
    assert not (repo / BLOCKS_DIR).exists()


def test_a_corrupt_entry_is_rebuilt(repo: Path) -> None:
    first = render(repo, "quiz", QUIZ)
    (entry,) = (repo / BLOCKS_DIR).glob("*/*.json")
    entry.write_text(entry.read_text(encoding="utf-8")[:100], encoding="utf-8")
    new_build()
    assert render(repo, "quiz", QUIZ) == first
    assert stats() == {"hits": 0, "misses": 1, "writes": 1}


def test_a_change_of_edukit_code_is_a_miss(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    render(repo, "quiz", QUIZ)
    new_build()
    monkeypatch.setattr("edukit.build.source_fingerprint", lambda root=None: "another-code")
    render(repo, "quiz", QUIZ)
    assert stats() == {"hits": 0, "misses": 1, "writes": 1}


# -- bias -------------------------------------------------------------------------------------

BIAS = "scenarios: [recrutement]\nn_samples: 1000\n"


def test_a_bias_block_trains_once_then_hits_until_its_options_change(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edukit.widgets import _bias

    first = render(repo, "bias", BIAS)
    new_build()
    with monkeypatch.context() as patched:
        forbid(patched, _bias, "explorer_payload")
        assert render(repo, "bias", BIAS) == first
    assert stats()["hits"] == 1
    other = render(repo, "bias", "scenarios: [recrutement]\nn_samples: 1000\nseed: 3\n")
    assert stats()["misses"] == 1
    assert state_of(other)["seed"] == 3 and other != first


# -- playground and the mini model ------------------------------------------------------------

PLAYGROUND = "mode: mot-suivant\n"
GUIDES = "guides"


def test_the_mini_model_is_trained_once_per_corpus_for_every_block(
    repo: Path, training_calls: list[int]
) -> None:
    trained = training_calls
    render(repo, "playground", PLAYGROUND, folder=GUIDES)
    render(repo, "playground", "mode: requetes\n", page="m2/l02-autre.md", folder=GUIDES)
    assert len(trained) == 1
    assert list((repo / MODELS_DIR).glob("*/*.json"))  # the export is on disk for kernels too


def test_a_playground_block_hits_until_the_corpus_changes(
    repo: Path, training_calls: list[int]
) -> None:
    trained = training_calls
    first = render(repo, "playground", PLAYGROUND, folder=GUIDES)
    first_state = state_of(first)  # read while its build still holds the shared file
    new_build()
    assert render(repo, "playground", PLAYGROUND, folder=GUIDES) == first
    assert stats()["hits"] == 1 and len(trained) == 1
    lesson = repo / "courses" / "m1" / "l00-texte.md"
    lesson.write_text(
        COURSE_TEXT + "\nLe modèle choisit un mot probable, pas un mot vrai, encore et encore.\n",
        encoding="utf-8",
    )
    new_build()
    after = render(repo, "playground", PLAYGROUND, folder=GUIDES)
    assert stats()["misses"] == 1 and len(trained) == 2
    assert state_of(after)["model_export"] != first_state["model_export"]
    assert (
        state_of(after)["model_info"]["paragraphs"] == first_state["model_info"]["paragraphs"] + 1
    )


def test_the_widget_in_a_kernel_reads_the_export_the_build_stored(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edukit.widgets._playground import PromptPlayground

    block = state_of(render(repo, "playground", PLAYGROUND, folder=GUIDES))
    new_build()  # a notebook kernel is another process: only the disk is shared
    forbid(monkeypatch, _training, "_train")
    monkeypatch.chdir(repo / "courses")
    widget = PromptPlayground(mode="mot-suivant")
    assert widget.error == ""
    assert widget.model_export == block["model_export"]
    assert widget.model_info == block["model_info"]
    assert widget.memorisation == block["memorisation"]


def test_a_mini_model_export_outside_a_course_repository_is_not_written(
    tmp_path: Path, training_calls: list[int]
) -> None:
    from edukit.widgets._playground import PromptPlayground

    folder = tmp_path / "textes"
    folder.mkdir()
    (folder / "a.md").write_text(COURSE_TEXT, encoding="utf-8")
    trained = training_calls
    PromptPlayground(courses=folder)
    PromptPlayground(courses=folder)
    assert len(trained) == 1
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["a.md", "textes"]


# -- notebook pages ---------------------------------------------------------------------------


def test_a_rewritten_notebook_page_is_reused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = (
        '<html lang="fr"><head></head><body><article class="md-content__inner md-typeset">'
        '<div class="jupyter-wrapper"><script src="https://unpkg.com/x.js"></script></div>'
        "</article></body></html>"
    )
    config = {"config_file_path": str(repo / "mkdocs.yml"), "theme": {"language": "fr"}}
    page = FakePage(FakeFile("", "notebooks/n.ipynb"), "", url="notebooks/n/")
    first = RUNTIME.on_post_page(article, page=page, config=config)
    assert "unpkg" not in first
    new_build()
    forbid(monkeypatch, _widgets, "rewrite_notebook_html")
    assert RUNTIME.on_post_page(article, page=page, config=config) == first
    assert stats()["hits"] == 1
