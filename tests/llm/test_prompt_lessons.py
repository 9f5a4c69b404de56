"""The course's own model prompts score what the course says they have.

Lessons l05–l07, the bank « utiliser-assistants », the exercise « Réécrire des requêtes faibles »
and the notebook art-requete.py show prompts. Where their text names the elements a prompt has or
lacks (« Retrouvez le rôle, le contexte… », « Pas de rôle, pas de format… », a feedback « elle
donne le rôle, la tâche… »), the expectation is parsed from it. Where it does not, the expectation
is written here, with the lesson section it comes from; docs/prompt-checklist-guide.md is the rule.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from edukit.llm import analyse_prompt

ROOT = Path(__file__).resolve().parents[2]
L05 = ROOT / "courses" / "m3-requetes" / "l05-assistants.md"
L06 = ROOT / "courses" / "m3-requetes" / "l06-art-requete.md"
L07 = ROOT / "courses" / "m3-requetes" / "l07-verifier-comparer.md"
BANK = ROOT / "exercises" / "utiliser-assistants" / "requetes.yml"
CORRIGE = ROOT / "exercises" / "requetes-faibles" / "corrige.md"
NOTEBOOK = ROOT / "notebooks" / "art-requete.py"
ALL = {"role", "context", "task", "format", "examples", "constraints", "separated_data", "audience"}

# French words of the grid, as the course writes them, and the element each one names.
WORDS = [
    (r"r[ôo]le", "role"),
    (r"contexte|situation", "context"),
    (r"t[âa]che", "task"),
    (r"format(?: de sortie)?|longueur", "format"),
    (r"exemples?", "examples"),
    (r"contraintes?|ton\b|limites?", "constraints"),
    (r"donn[ée]es|informations", "separated_data"),
    (r"public", "audience"),
]


def named(text: str) -> set[str]:
    """The elements a French sentence of the course names."""
    return {element for word, element in WORDS if re.search(rf"\b(?:{word})", text, re.I)}


def found(prompt: str) -> set[str]:
    return {item.id for item in analyse_prompt(prompt).items if item.found}


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def line_of(path: Path, needle: str) -> str:
    text = plain(path.read_text(encoding="utf-8"))
    index = text.find(plain(needle)[:60])
    assert index >= 0, f"{path.relative_to(ROOT)} no longer holds « {needle[:60]}… »"
    return f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, index) + 1}"


def text_blocks(path: Path) -> list[str]:
    return re.findall(r"```text\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


# -- l06: Karima's two prompts, and the list of elements the lesson asks learners to find ---------


def test_karimas_second_prompt_has_the_elements_the_lesson_lists() -> None:
    lesson = L06.read_text(encoding="utf-8")
    ask = re.search(r"Retrouvez ([^.]+)\.\s+Quel élément de la grille manque", lesson)
    assert ask, "l06 no longer asks learners to find the elements of Karima's second prompt"
    expected = named(ask.group(1))
    assert expected == ALL - {"examples"}
    karima = next(
        block for block in text_blocks(L06) if "Karima" not in block and "<infos>" in block
    )
    assert found(karima) == expected, line_of(L06, karima)
    playground = re.search(r"```edukit-playground\n(.*?)```", lesson, re.S)
    assert playground
    first, second = yaml.safe_load(playground.group(1))["prompts"]
    assert found(second) == expected
    # « Elle obtient un texte d'une page, très général » (l06, « Deux requêtes, deux résultats »).
    assert found(first) == {"task"}
    assert found(text_blocks(L06)[0]) == {"task"}


# -- l06: the model prompts by public (section « Exemples par public ») ---------------------------

EXAMPLES_BY_PUBLIC = {
    # « Une jeune personne adapte son CV »: no reader is named, no example is given.
    "Je postule à l'offre ci-dessous": ALL - {"examples", "audience"},
    # « Une boutique répond à un avis client »: the role carries the shop; no public is named.
    "Tu es gérante d'une petite boutique": {
        "role",
        "task",
        "format",
        "constraints",
        "separated_data",
    },
    # « Une association demande une subvention »: every element but an example.
    "Tu aides une petite association": ALL - {"examples"},
    # « Une personne âgée comprend un courrier »: task, size, simple words, the letter apart.
    "Explique-moi ce courrier": {"task", "format", "constraints", "separated_data"},
}


@pytest.mark.parametrize("start", list(EXAMPLES_BY_PUBLIC))
def test_the_model_prompts_by_public(start: str) -> None:
    block = next(b for b in text_blocks(L06) if b.startswith(start) or start in b.split("\n")[1])
    assert found(block) == EXAMPLES_BY_PUBLIC[start], line_of(L06, block)


# -- the six weak prompts (l06) and the exercise's diagnostics and rewrites ----------------------


def corrige_sections() -> list[tuple[str, str]]:
    """(diagnostic, model rewrite) of each weak prompt, in order."""
    text = CORRIGE.read_text(encoding="utf-8")
    sections = re.findall(r"\*\*Diagnostic\*\*\s*:\s*(.*?)\n.*?```text\n(.*?)```", text, re.S)
    assert len(sections) == 6, "the corrigé should diagnose and rewrite six prompts"
    return sections


def weak_prompts() -> list[str]:
    lesson = L06.read_text(encoding="utf-8")
    prompts = re.findall(r"- \*\*\d\. [^*]+\*\*\s*:\s*«\s*(.+?)\s*»", lesson)
    assert len(prompts) == 6, "l06 should list six weak prompts"
    return prompts


def missing_in(diagnostic: str) -> set[str]:
    missing = set()
    for phrase in re.findall(r"\bpas de ([\wéè]+)", diagnostic, re.I):
        missing |= named(phrase)
    if re.search(r"mélangé", diagnostic):
        missing.add("separated_data")
    return missing


@pytest.mark.parametrize("number", range(6))
def test_the_weak_prompts_miss_what_the_corrige_says(number: int) -> None:
    diagnostic, _ = corrige_sections()[number]
    prompt = weak_prompts()[number]
    missing = missing_in(diagnostic)
    assert missing, f"no « pas de … » in diagnostic {number + 1}"
    assert not (found(prompt) & missing), (prompt, missing, line_of(L06, prompt))
    # Every weak prompt still asks for something (« tâche vague » is a vague task, not none).
    assert "task" in found(prompt)


REWRITES = [
    # The corrigé expects role, context, task, format and public, « ou une raison claire d'en
    # laisser un de côté » (its table, objective l06-o1); what each rewrite adds is read below.
    ALL - {"examples"},  # 1 Nadia: everything, informations between tags
    ALL - {"examples", "separated_data"},  # 2 Thomas: no text to process
    {"role", "task", "format", "constraints", "separated_data"},  # 3 Sophie: the review apart
    ALL - {"examples"},  # 4 Marc
    ALL - {"examples", "audience"},  # 5 Inès: she is the reader
    {"task", "format", "constraints", "separated_data"},  # 6 Gérard: kept short on purpose
]


@pytest.mark.parametrize("number", range(6))
def test_the_rewrites_have_what_the_corrige_adds(number: int) -> None:
    diagnostic, rewrite = corrige_sections()[number]
    assert found(rewrite) == REWRITES[number], line_of(CORRIGE, rewrite)
    # What the diagnostic says is missing, the rewrite has (except what it leaves out on purpose).
    assert missing_in(diagnostic) & found(rewrite) == missing_in(diagnostic) & REWRITES[number]


# -- the bank « utiliser-assistants » -------------------------------------------------------------


def bank_items() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    return {item["id"]: item for item in data["items"]}


def quoted(text: str) -> str:
    """The longest top-level « … » of a bank text (the prompt; inner « » stay inside)."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
            if depth == 1:
                start = index + 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index))
    assert spans, text
    start, end = max(spans, key=lambda span: span[1] - span[0])
    return text[start:end].strip()


def feedback_expectations(feedback: str) -> tuple[set[str], set[str]]:
    """(named as present, named as missing) in a French feedback sentence."""
    present: set[str] = set()
    missing: set[str] = set()
    for clause in re.split(r"[.;]", feedback):
        if re.search(r"\bmanque|\bni\b|\bpas de\b|\bsans\b", clause):
            missing |= named(
                re.split(r"\bmanque|\bni\b|\bpas de\b|\bsans\b", clause, maxsplit=1)[1]
            )
        elif re.search(r"\b(?:donne|contient|précise)\b", clause):
            present |= named(clause.split(":", 1)[-1])
    return present, missing


def test_the_bank_options_match_their_feedback() -> None:
    checked = 0
    for item in bank_items().values():
        for option in item.get("options", []):
            text = str(option.get("text", ""))
            if not text.startswith("«"):
                continue
            present, missing = feedback_expectations(str(option.get("feedback", "")))
            prompt = quoted(text)
            verdict = found(prompt)
            assert present <= verdict, (item["id"], option["id"], present - verdict)
            assert not (missing & verdict), (item["id"], option["id"], missing & verdict)
            checked += bool(present or missing)
    assert checked >= 3


def test_the_missing_element_question_of_the_bank() -> None:
    items = [i for i in bank_items().values() if "Quel élément de la grille manque" in i["prompt"]]
    assert items, "the bank no longer asks which element of the grid is missing"
    for item in items:
        prompt = quoted(item["prompt"].split("Quel élément")[0])
        contains = re.search(r"contient ([^.]+)\.\s+Il manque ([^.:]+)", item["explanation"])
        assert contains, item["id"]
        assert found(prompt) == named(contains.group(1)), item["id"]
        assert not (found(prompt) & named(contains.group(2)))


def test_the_matching_pairs_of_the_bank() -> None:
    items = [i for i in bank_items().values() if i.get("type") == "matching"]
    pairs = [p for i in items for p in i["pairs"] if "«" in p["left"]]
    assert len(pairs) >= 5
    for pair in pairs:
        (element,) = named(pair["right"])
        assert element in found(quoted(pair["left"])), pair


def test_the_fragments_the_bank_names() -> None:
    # Options of the form « La tâche précise : « … » » name their element before the colon.
    checked = 0
    for item in bank_items().values():
        for option in item.get("options", []):
            match = re.match(r"(La [^:«]+?)\s*:\s*«\s*(.+?)\s*»$", str(option.get("text", "")))
            if match and named(match.group(1)):
                assert named(match.group(1)) <= found(match.group(2)), option
                checked += 1
    assert checked >= 2


# -- l05, l06 and l07: prompts quoted in the running text ----------------------------------------

QUOTED = [
    # l05, « Ce qu'on ne colle pas » : résumer la situation au lieu de coller le document.
    (L05, "Un usager conteste une facture d'eau de l'an dernier.", {"context"}),
    # l06, FALC box: « Dites qui doit parler, pour qui, quoi faire, et sous quelle forme. »
    (
        L06,
        "Écris 5 lignes simples pour annoncer le repas des aînés dans le journal de la mairie.",
        {"task", "format"},
    ),
    # l06, « Itérer » : each follow-up asks a change (task) or sets a limit.
    (L06, "Plus court : 80 mots au maximum.", {"format", "constraints"}),
    (
        L06,
        "Le ton est trop commercial. Rends-le plus simple et plus chaleureux.",
        {"task", "constraints"},
    ),
    (L06, "Remplace le deuxième paragraphe par une liste.", {"task", "format"}),
    (L06, "Tu as inventé un horaire. Supprime-le et écris [HORAIRE À CONFIRMER].", {"task"}),
    (L06, "Avant de rédiger, pose-moi les questions dont tu as besoin.", {"task"}),
    (L06, "Propose trois accroches différentes.", {"task", "format"}),
    # l07, « Vérifier » : a question is a task; « si tu n'es pas sûr » is not a role.
    (L07, "Comment contester une amende de stationnement ?", {"task"}),
    (
        L07,
        "Cite tes sources avec leur titre et leur lien. Si tu n'es pas sûr, dis-le.",
        {"task", "constraints"},
    ),
]


@pytest.mark.parametrize(("path", "prompt", "expected"), QUOTED)
def test_the_prompts_quoted_in_the_lessons(path: Path, prompt: str, expected: set[str]) -> None:
    where = line_of(path, prompt)
    assert found(prompt) == expected, where


# -- the notebook --------------------------------------------------------------------------------


def test_the_notebook_prompts() -> None:
    tree = ast.parse(NOTEBOOK.read_text(encoding="utf-8"))
    strings = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    # Karima's two prompts again (notebooks/art-requete.py, first cells): the second names no
    # situation apart from the role, and shows no example.
    assert found(strings["premiere"]) == {"task"}
    assert found(strings["deuxieme"]) == ALL - {"context", "examples"}
    assert json.dumps(strings["deuxieme"], ensure_ascii=False).count("<infos>") == 1
