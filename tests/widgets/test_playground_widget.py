"""The prompt playground widget: traits, no key in state, Python backends streaming into the
widget, French errors, the guard, and the JS ports checked against the Python logic."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
import traitlets

from edukit.llm import (
    ErrorKind,
    HistoryEntry,
    LLMError,
    NGramModel,
    Scripted,
    analyse_prompt,
    checklist_payload,
    history_to_json,
    history_to_markdown,
    js_pattern,
    preset,
    scan_payload,
)
from edukit.widgets._base import SecretInStateError, widget_classes
from edukit.widgets._playground import PromptPlayground

from ..hook_site import mkdocs_build, write_hook_site

pytestmark = pytest.mark.widget

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "edukit" / "widgets" / "static"
FIXTURES = ROOT / "tests" / "fixtures"
KEY = "sk-" + "test-playground-0123456789abcdef"  # split: no key-like literal in the sources
COURSE_TEXT = """---
id: l00
---
# Le mot suivant

Un modèle de langage prédit le mot suivant, encore et encore.

Un modèle de langage prédit le mot suivant, puis recommence avec le texte allongé.

Un modèle de langage prédit le mot suivant, puis recommence avec le texte allongé, sans rien comprendre.

Règlement (UE) 2024/1689 sur l'intelligence artificielle, article 4, applicable depuis le 2 février 2025.

Le règlement (UE) 2024/1689 sur l'intelligence artificielle, article 4, applicable depuis le 2 février 2025.

Selon le règlement (UE) 2024/1689 sur l'intelligence artificielle, article 4, applicable depuis le 2 février 2025.
"""


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    folder = tmp_path / "courses"
    folder.mkdir()
    (folder / "l00.md").write_text(COURSE_TEXT, encoding="utf-8")
    return folder


def _node(script: str, payload: Any) -> Any:
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_widget_is_registered_and_ships_the_mini_model(courses: Path) -> None:
    assert widget_classes()["playground"] is PromptPlayground
    widget = PromptPlayground(courses=courses)
    assert widget.error == ""
    assert widget.model_export["format"] == "edukit-ngram"
    model = NGramModel.from_export(widget.model_export)
    assert model.distribution("Un modèle de").top(1)[0][0] == "langage"
    assert widget.model_info["training_words"] > 20
    assert widget.model_info["source"] == "les textes du cours (courses/)"
    assert [c["id"] for c in widget.checks][:3] == ["role", "context", "task"]
    assert {c["id"] for c in widget.rubric} >= {"exactitude", "clarte"}
    # The legal reference, repeated as often as the pruning keeps (min_count 3), is recited; the
    # example points to the file it comes from.
    assert widget.memorisation, "a passage seen three times must be recited"
    example = widget.memorisation[0]
    assert example["origin"] == "courses/l00.md"
    assert example["span_length"] >= 8
    assert example["span"] in " ".join(COURSE_TEXT.split()).replace("’", "'")


def test_options_are_validated(courses: Path) -> None:
    with pytest.raises(traitlets.TraitError, match="mode must be one of"):
        PromptPlayground(courses=courses, mode="chat")
    with pytest.raises(traitlets.TraitError, match="variants must be 2, 3 or 4"):
        PromptPlayground(courses=courses, variants=5)
    with pytest.raises(TypeError, match="unknown parameter 'temprature'"):
        PromptPlayground(courses=courses, temprature=1)
    missing = PromptPlayground(courses=courses.parent / "nowhere")
    assert missing.error.startswith("ValueError: le dossier du cours")


def test_a_trainer_text_file_trains_the_model(tmp_path: Path) -> None:
    text = tmp_path / "menu.txt"
    text.write_text("Le menu de la cantine.\n\nLe menu du jour est affiché.\n", encoding="utf-8")
    widget = PromptPlayground(text_file=text)
    assert widget.model_info["source"] == "le fichier « menu.txt »"
    assert "cantine" in widget.model_export["vocab"]


def test_no_key_in_state_even_with_the_key_in_the_environment(
    courses: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    widget = PromptPlayground(courses=courses, backend=preset("openai", model="gpt-4o-mini"))
    state = json.dumps(widget.get_state(), ensure_ascii=False)
    assert KEY not in state
    assert widget.kernel_backend == "OpenAI · gpt-4o-mini"
    # The runtime's guard refuses the key in any synced trait, and the endpoint takes no key.
    with pytest.raises(SecretInStateError, match="OPENAI_API_KEY"):
        widget.title = f"clé {KEY}"
    with pytest.raises(traitlets.TraitError, match="never a key"):
        widget.endpoint = {"base_url": "http://127.0.0.1:11434/v1", "api_key": "x"}
    with pytest.raises(SecretInStateError):
        widget.set_state({"prompts": [f"Bearer {KEY}"]})
    assert KEY not in json.dumps(widget.page_state(), ensure_ascii=False)


def test_a_python_backend_streams_into_the_reply_trait(courses: Path) -> None:
    backend = Scripted(["Voici une réponse <b>en</b> quatre morceaux."])
    widget = PromptPlayground(courses=courses, mode="requetes", backend=backend)
    seen: list[dict[str, Any]] = []
    widget.observe(lambda change: seen.append(dict(change["new"])), names="reply")
    # What the JS sends through anywidget's model.send(): a custom message.
    widget._on_message(
        widget,
        {
            "type": "run",
            "id": "c1",
            "variant": 1,
            "prompt": "Tu es agent d'accueil. Rédige une réponse.",
            "confirmed": True,
            "options": {"temperature": 0.2, "max_tokens": 50},
        },
        [],
    )
    texts = [r["text"] for r in seen if r["status"] == "streaming"]
    assert texts[0] == ""
    assert texts[1:] == [
        "Voici ",
        "Voici une ",
        "Voici une réponse ",
        "Voici une réponse <b>en</b> ",
        "Voici une réponse <b>en</b> quatre ",
        "Voici une réponse <b>en</b> quatre morceaux.",
    ]
    final = seen[-1]
    assert final["status"] == "done" and final["id"] == "c1" and final["variant"] == 1
    assert final["text"] == "Voici une réponse <b>en</b> quatre morceaux."
    assert final["tokens"]["method"] == "service"  # Scripted reports usage
    assert final["tokens"]["output"] == 6
    assert backend.calls[0][1] == {"temperature": 0.2, "max_tokens": 50}
    assert widget.error == ""


def test_backend_errors_are_shown_in_french(courses: Path) -> None:
    message = "Clé d'API refusée par OpenAI (erreur 401). Vérifiez la variable OPENAI_API_KEY."
    widget = PromptPlayground(
        courses=courses, backend=Scripted([LLMError(ErrorKind.AUTH, message)])
    )
    reply = widget.run("Bonjour")
    assert reply["status"] == "error" and reply["error"] == message
    assert widget.error == message
    nothing = PromptPlayground(courses=courses)
    assert nothing.run("Bonjour")["status"] == "error"
    assert nothing.error.startswith("aucun modèle n'est relié")


def test_personal_data_is_not_sent_without_confirmation(courses: Path) -> None:
    backend = Scripted(["D'accord."])
    widget = PromptPlayground(courses=courses, backend=backend)
    prompt = "Écris à Mme Dupont au 06 12 34 56 78 pour son rendez-vous."
    blocked = widget.run(prompt)
    assert blocked["status"] == "blocked"
    assert backend.calls == []
    assert (
        blocked["scan"]["anonymised"] == "Écris à Mme Dupont au [TÉLÉPHONE] pour son rendez-vous."
    )
    assert "données personnelles (téléphone)" in widget.error
    assert widget.run(prompt, confirmed=True)["status"] == "done"
    assert backend.calls[0][0][0]["content"] == prompt


PROMPTS = [
    "Résume ce texte.",
    "Tu es agent d'accueil d'une mairie. Rédige un courriel de 5 lignes pour des usagers, "
    "sans jargon. Par exemple : « Bonjour, … ».",
    'Évite le jargon. Texte :\n"""\nLa cantine ferme le 12 juillet.\n"""',
    "En tant que secrétaire de l'association, je prépare notre demande de subvention. "
    "Fais un tableau à deux colonnes pour le grand public ; ne pas inventer de chiffres.",
    "<avis>Très déçu</avis> Peux-tu proposer une réponse polie, à destination des clients ?",
    "ÉVITEZ les phrases longues. Rédigez pour des seniors.",
    "Prévite rien, donnez tout.",
]


def test_the_checklist_gives_the_same_points_in_javascript() -> None:
    assert js_pattern(r"<(?P<tag>[a-z]+)>.*?</(?P=tag)>") == r"<(?<tag>[a-z]+)>.*?</\k<tag>>"
    with pytest.raises(ValueError, match="no JavaScript translation"):
        js_pattern(r"\Bmot")
    script = textwrap.dedent(
        """
        import { readFileSync } from "node:fs";
        import { analysePrompt } from "./src/edukit/widgets/static/playground.js";
        const { checks, prompts } = JSON.parse(readFileSync(0, "utf8"));
        const out = prompts.map((p) => analysePrompt(checks, p).items.map((i) => i.found));
        process.stdout.write(JSON.stringify(out));
        """
    )
    found = _node(script, {"checks": checklist_payload(), "prompts": PROMPTS})
    expected = [[item.found for item in analyse_prompt(p).items] for p in PROMPTS]
    assert found == expected
    assert any(row[5] for row in expected)  # "ÉVITEZ" needs Unicode-aware boundaries


def test_the_personal_data_guard_finds_the_same_spans_in_javascript() -> None:
    items = [
        json.loads(line)
        for line in (FIXTURES / "llm" / "pii_fr.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = [str(item["text"]) for item in items] + ["🙂 Né le 3 mai 1950, 06 12 34 56 78."]
    script = textwrap.dedent(
        """
        import { readFileSync } from "node:fs";
        import { scanText } from "./src/edukit/widgets/static/pii.js";
        const texts = JSON.parse(readFileSync(0, "utf8"));
        const out = texts.map((t) => { const s = scanText(t);
          return [s.spans.map((x) => [x.type, x.start, x.end]), s.anonymised]; });
        process.stdout.write(JSON.stringify(out));
        """
    )
    found = _node(script, texts)
    expected = []
    for text in texts:
        payload = scan_payload(text)
        spans = [[s["type"], s["start_utf16"], s["end_utf16"]] for s in payload["spans"]]
        expected.append([spans, payload["anonymised"]])
    assert found == expected
    assert sum(bool(spans) for spans, _ in expected) >= 35


def test_history_exports_match_python() -> None:
    entries = [
        HistoryEntry(
            time="2025-03-01T10:00:00Z",
            backend="mini-modele",
            model="mini-modele",
            prompt="Résume <script>alert(1)</script>\nen **3** points_ # titre",
            response="<img src=x onerror=alert(1)>\r\n| a | b |\n\n> cité",
            settings={"temperature": 0.7, "max_tokens": 300, "stream": True},
            ratings={"clarte": 3, "exactitude": 1},
            note="Bien [mais] trop long.",
        ),
        HistoryEntry("t2", "http://127.0.0.1:11434/v1", "qwen2.5:0.5b", "p", ""),
    ]
    script = textwrap.dedent(
        """
        import { readFileSync } from "node:fs";
        import { historyToJson, historyToMarkdown } from "./src/edukit/widgets/static/playground.js";
        const { entries, rubric } = JSON.parse(readFileSync(0, "utf8"));
        process.stdout.write(JSON.stringify([historyToJson(entries), historyToMarkdown(entries, rubric)]))
        """
    )
    from dataclasses import asdict

    from edukit.llm import rubric_payload

    as_json, as_markdown = _node(
        script, {"entries": [asdict(e) for e in entries], "rubric": rubric_payload()}
    )
    assert as_json == history_to_json(entries)
    assert as_markdown == history_to_markdown(entries)
    assert "<img" not in as_markdown and "<script" not in as_markdown


def test_a_playground_block_becomes_a_mount_point(tmp_path: Path, courses: Path) -> None:
    import html
    import re

    pages = {
        "index.md": "# Essai\n\n```edukit-playground\nmode: requetes\nvariants: 3\n"
        'prompts: ["Résume ce texte."]\n```\n',
        "bad.md": "# Mauvais\n\n```edukit-playground\nmodes: requetes\n```\n",
    }
    config = write_hook_site(tmp_path, pages, nav=["index.md"], exclude_docs="bad.md")
    result = mkdocs_build(config)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-edukit-mount="playground"[^>]*data-edukit-state="([^"]*)"', page)
    assert match
    state = json.loads(html.unescape(match.group(1)))["state"]
    # the mini model and the other shared data leave the page for one static file (page weight)
    assert "model_export" not in state
    shared = re.search(r'data-edukit-mount="playground"[^>]*data-edukit-shared="([^"]*)"', page)
    assert shared
    state.update(
        json.loads(
            (tmp_path / "site" / "assets" / "edukit" / html.unescape(shared.group(1))).read_text(
                encoding="utf-8"
            )
        )
    )
    assert (state["mode"], state["variants"], state["prompts"]) == (
        "requetes",
        3,
        ["Résume ce texte."],
    )
    assert state["model_export"]["format"] == "edukit-ngram"
    assert (tmp_path / "site" / "assets" / "edukit" / "widgets" / "playground.js").is_file()

    result = mkdocs_build(write_hook_site(tmp_path, {}, nav=["bad.md"]))
    assert result.returncode != 0
    assert (
        "docs/bad.md:3: clé(s) inconnue(s) dans le bloc « edukit-playground » : modes "
        "(unknown key(s) modes in the 'edukit-playground' block)" in result.stderr
    )


def test_an_unknown_parameter_is_named_in_french_with_the_known_ones(courses: Path) -> None:
    with pytest.raises(TypeError) as caught:
        PromptPlayground(courses=courses, temprature=1)  # type: ignore[call-arg]
    message = str(caught.value)
    assert message.startswith("PromptPlayground : paramètre inconnu « temprature »")
    assert "paramètres connus : backend, course, courses, endpoint, lang, mode, model" in message
    with pytest.raises(traitlets.TraitError, match="« variants » doit valoir 2, 3 ou 4, pas 5"):
        PromptPlayground(courses=courses).variants = 5


def test_a_backend_bug_is_shown_in_french_and_its_traceback_logged(
    courses: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def complete(self, messages: Any, **options: Any) -> Any:
            raise AssertionError("not used")

        def stream(self, messages: Any, **options: Any) -> Any:
            yield from ()
            raise KeyError("choices")

    widget = PromptPlayground(courses=courses, backend=Broken())  # type: ignore[arg-type]
    with caplog.at_level("ERROR", logger="edukit.widgets._playground"):
        reply = widget.run("Bonjour")
    assert reply["status"] == "error"
    assert widget.error.startswith("l'appel au modèle a échoué (KeyError)")
    (record,) = caplog.records
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def _context(root: Path, lines: dict[tuple[str | int, ...], int] | None = None) -> Any:
    from edukit.site.blocks import BlockContext

    page = root / "guides" / "atelier.md"
    return BlockContext(root=root, page=None, lang="fr", path=page, line=4, lines=lines or {})


def test_the_block_trains_once_and_ships_what_the_widget_ships(
    tmp_path: Path, courses: Path, training_calls: list[int]
) -> None:
    from edukit.llm import _training
    from edukit.site.blocks.playground import BLOCK

    calls = training_calls
    _training._MODELS.clear()
    name, state = BLOCK.build({"mode": "requetes", "variants": 3}, _context(tmp_path))
    assert name == "playground" and len(calls) == 1
    widget = PromptPlayground(courses=courses, mode="requetes", variants=3)
    assert state == widget.page_state()["state"]
    assert len(calls) == 1  # the widget in a kernel reuses the model the block trained


def test_a_block_text_file_outside_the_course_is_refused_at_its_line(tmp_path: Path) -> None:
    from edukit._problems import ProblemError
    from edukit.site.blocks.playground import BLOCK

    root = tmp_path / "depot"
    (root / "guides").mkdir(parents=True)
    (tmp_path / "cle.txt").write_text("Une phrase privée du serveur.\n", encoding="utf-8")
    os.symlink(tmp_path / "cle.txt", root / "guides" / "raccourci.txt")
    context = _context(root, {("text_file",): 6})
    for name in ("../cle.txt", str(tmp_path / "cle.txt"), "guides/raccourci.txt"):
        assert BLOCK.inputs is not None and BLOCK.inputs({"text_file": name}, context) is None
        with pytest.raises(ProblemError) as caught:
            BLOCK.build({"text_file": name}, context)
        assert str(caught.value).startswith(
            "guides/atelier.md:6: « text_file » doit désigner un fichier du dépôt du cours"
        )
