"""``edukit report``: a mixed folder gives a full report, the bad files named with their reason."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit.cli._app import app
from edukit.cli._report import REPORT_NAME  # importing it registers `edukit report`
from edukit.progress import pdf_unavailable_reason, read_progress, seal

FIXTURES = Path(__file__).parents[1] / "fixtures" / "progress"
COURSE = FIXTURES / "course"
runner = CliRunner()
PDF_MISSING = pdf_unavailable_reason()


def mixed_folder(root: Path) -> dict[str, str]:
    """The three learners' files and one of each bad kind; returns bad file → expected words."""
    folder = root / "remis"
    shutil.copytree(FIXTURES / "files", folder)
    alice = json.loads((FIXTURES / "files" / "alice.json").read_text(encoding="utf-8"))
    tampered = json.loads(json.dumps(alice))
    tampered["entries"][0]["value"]["items"][1]["score"] = 1
    bad = {
        "tronque.json": ((FIXTURES / "files" / "alice.json").read_bytes()[:300], "tronqué"),
        "triche.json": (json.dumps(tampered).encode(), "changé depuis son export"),
        "autre-cours.json": (
            json.dumps(seal({**alice, "course": "autre"})).encode(),
            "concerne le cours « autre »",
        ),
        "futur.json": (json.dumps(seal({**alice, "version": 7})).encode(), "version 7"),
        "photo.json": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "UTF-8"),
    }
    for name, (content, _) in bad.items():
        (folder / name).write_bytes(content)
    with (folder / "enorme.json").open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)
    (folder / "notes.txt").write_text("not read: only *.json in folders", encoding="utf-8")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "hidden.json").write_text("{", encoding="utf-8")
    expected = {name: words for name, (_, words) in bad.items()}
    expected["enorme.json"] = "dépasse 8 Mo"
    return expected


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_mixed_folder(tmp_path: Path) -> None:
    expected = mixed_folder(tmp_path)
    before = digests(tmp_path / "remis")
    out = tmp_path / "sortie"
    result = runner.invoke(
        app,
        ["report", str(tmp_path / "remis"), "-o", str(out), "--course-root", str(COURSE)],
    )
    assert result.exit_code == 0, result.output
    assert digests(tmp_path / "remis") == before, "input files are never modified"
    for name, words in expected.items():
        line = next(line for line in result.stderr.splitlines() if f"{name}:" in line)
        assert words in line, line
    assert "hidden.json" not in result.stderr
    assert "✓ 3 personne(s), 4 fichier(s) lu(s), 6 écarté(s)" in result.stderr

    table = list(
        csv.DictReader(
            io.StringIO((out / f"{REPORT_NAME}.csv").read_bytes().decode("utf-8-sig")),
            delimiter=";",
        )
    )
    learners = {row["Personne"] for row in table}
    assert learners == {"Alice", "bruno", "<script>alert(1)</script>"}
    assert len(table) == 3 * 3
    bruno = {row["Objectif"]: row for row in table if row["Personne"] == "bruno"}
    assert bruno["l02-o1"]["Positionnement : points"] == "1"
    assert bruno["l02-o1"]["Fichiers"] == "bruno-jour1.json, bruno-jour3.json"

    html = (out / f"{REPORT_NAME}.html").read_text(encoding="utf-8")
    assert "Fichiers écartés (6)" in html
    assert "triche.json" in html and "<script>alert" not in html
    if PDF_MISSING is None:
        assert (out / f"{REPORT_NAME}.pdf").read_bytes().startswith(b"%PDF-")
    leftovers = [path.name for path in out.rglob(".*.tmp")]
    assert leftovers == []


def test_attestations_per_learner(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text(
        'organisation: "Association Numérique pour tous"\n'
        'declaration_number: "11 75 12345 75"\n'
        'trainer: "Camille Martin"\n'
        "start: 2025-06-02\nend: 2025-06-02\nplace: Villeneuve\nduration: 2h\n"
        "learners:\n  Alice: Alice Martin\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    args = ["report", str(FIXTURES / "files"), "-o", str(out), "--course-root", str(COURSE)]
    result = runner.invoke(app, [*args, "--attestation-fields", str(fields), "--no-pdf"])
    assert result.exit_code == 0, result.output
    pages = sorted(path.name for path in (out / "attestations").iterdir())
    assert pages == [
        "attestation-alice-martin.html",
        "attestation-bruno.html",
        "attestation-script-alert-1-script.html",
    ]
    alice = (out / "attestations" / "attestation-alice-martin.html").read_text(encoding="utf-8")
    assert "<strong>Alice Martin</strong>" in alice and "le 2 juin 2025" in alice
    assert "2 heures" in alice
    assert not list(out.rglob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(PDF_MISSING is not None, reason=f"WeasyPrint unavailable: {PDF_MISSING}")
def test_attestation_pdfs(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text(
        'organisation: O\ndeclaration_number: "11751234575"\ntrainer: T\n'
        "start: 2025-06-02\nend: 2025-06-04\nplace: P\nduration: 21h\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    args = ["report", str(FIXTURES / "files" / "alice.json"), "-o", str(out)]
    result = runner.invoke(
        app, [*args, "--course-root", str(COURSE), "--attestation-fields", str(fields)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "attestations" / "attestation-alice.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_attestation_fields_stop_before_writing(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text("organisation: O\nlieu: P\n", encoding="utf-8")
    out = tmp_path / "sortie"
    result = runner.invoke(
        app,
        [
            "report",
            str(FIXTURES / "files"),
            "-o",
            str(out),
            "--course-root",
            str(COURSE),
            "--attestation-fields",
            str(fields),
        ],
    )
    assert result.exit_code == 1
    assert f"{fields.as_posix()}:2: the key 'lieu' is unknown" in result.stderr
    assert (
        "le fichier des champs de l'attestation a des erreurs ; rien n'a été écrit" in result.stderr
    )
    assert not out.exists()


def test_nothing_usable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "vide.json").write_text("", encoding="utf-8")
    result = runner.invoke(
        app,
        ["report", str(tmp_path), str(tmp_path / "absent"), "-o", str(tmp_path / "out")],
        env={},
    )
    assert result.exit_code == 1
    assert "vide.json: le fichier est vide" in result.stderr
    assert "absent: le fichier ou le dossier n'existe pas" in result.stderr
    assert "aucun fichier de progression utilisable ; rien n'a été écrit" in result.stderr


def test_broken_course_root_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(FIXTURES / "files"), "--course-root", str(tmp_path)])
    assert result.exit_code == 1
    assert "courses/course.yml: le fichier n'existe pas" in result.stderr
    assert "le cours a des erreurs : corrigez-les (edukit check), puis relancez" in result.stderr


# -- competences, statistics, rubric grades and paper sheets ----------------------------------

REPO = Path(__file__).parents[2]
PAPER_COURSE = Path(__file__).parents[1] / "fixtures" / "paper" / "course"


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_report_writes_competence_levels_and_item_statistics(tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    result = runner.invoke(
        app,
        [
            *("report", str(FIXTURES / "files"), "--course-root", str(COURSE)),
            *("-o", str(out), "--no-pdf"),
        ],
    )
    assert result.exit_code == 0, result.output
    levels = _csv(out / "rapport-competences.csv")
    alice = {row["Compétence"]: row for row in levels if row["Personne"] == "Alice"}
    assert alice["c01-bases"]["Positionnement : niveau"] == "en cours"
    assert alice["c02-donnees"]["Positionnement : niveau"] == "pas assez d'éléments"
    stats = _csv(out / "statistiques-questions.csv")
    assert {row["Test"] for row in stats} == {"Test de positionnement", "Évaluation finale"}
    page = (out / "rapport-progression.html").read_text(encoding="utf-8")
    assert "compétence par compétence" in page and "Statistiques des questions" in page
    assert "sceau" not in page.lower()
    assert not list(out.glob(".*.tmp")), "no temporary file left behind"


def _graded_course(tmp_path: Path) -> Path:
    root = tmp_path / "cours"
    shutil.copytree(COURSE, root)
    (root / "exercises" / "rubriques").mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "rubriques" / "l06-requete.yaml", root / "exercises/rubriques")
    return root


GRADE = [
    "--rubric",
    "l06-requete",
    "--criterion",
    "role-contexte=3",
    "--criterion",
    "tache-format=2",
    "--criterion",
    "donnees-separees=2",
    "--criterion",
    "iteration=1",
    "--grader",
    "Mme Leroy",
]


def test_grade_records_a_rubric_in_the_progress_file(tmp_path: Path) -> None:
    root = _graded_course(tmp_path)
    target = tmp_path / "alice.json"
    shutil.copy(FIXTURES / "files" / "alice.json", target)
    before = read_progress(target).progress
    result = runner.invoke(app, ["grade", str(target), *GRADE, "--course-root", str(root)])
    assert result.exit_code == 0, result.output
    assert "Alice : grille « l06-requete » notée 8 sur 10" in result.output
    after = json.loads(target.read_text(encoding="utf-8"))
    assert after["version"] == 3
    assert read_progress(target).progress.entries == before.entries, "nothing else changes"
    assert after["rubrics"][0]["criteria"] == {
        "role-contexte": 3,
        "tache-format": 2,
        "donnees-separees": 2,
        "iteration": 1,
    }
    out = tmp_path / "rapport"
    result = runner.invoke(
        app, ["report", str(target), "--course-root", str(root), "-o", str(out), "--no-pdf"]
    )
    assert result.exit_code == 0, result.output
    page = (out / "rapport-progression.html").read_text(encoding="utf-8")
    assert "Rédiger une requête claire et l&#x27;améliorer" in page
    assert "8 sur 10 (80 %)" in page and "Mme Leroy" in page


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("--rubric", "l99-inconnue"), "la grille « l99-inconnue » n'existe pas"),
        (("--criterion", "iteration=5"), "le critère « iteration » va de 0 à 2, pas 5"),
        (("--criterion", "iteration"), "« iteration » n'a pas la forme critère=niveau"),
        (("--criterion", "style=1"), "le critère « style » n'existe pas dans la grille"),
    ],
)
def test_bad_grades_write_nothing(tmp_path: Path, change: tuple[str, str], words: str) -> None:
    root = _graded_course(tmp_path)
    target = tmp_path / "alice.json"
    shutil.copy(FIXTURES / "files" / "alice.json", target)
    original = target.read_bytes()
    args = list(GRADE)
    position = len(args) - 2 - 2 if change[0] == "--criterion" else 0
    args[position : position + 2] = change
    result = runner.invoke(app, ["grade", str(target), *args, "--course-root", str(root)])
    assert result.exit_code == 1
    assert words in result.output
    assert target.read_bytes() == original


def test_grade_refuses_a_file_of_another_course_or_without_empreinte(tmp_path: Path) -> None:
    root = _graded_course(tmp_path)
    other = tmp_path / "autre.json"
    alice = json.loads((FIXTURES / "files" / "alice.json").read_text(encoding="utf-8"))
    other.write_text(json.dumps(seal({**alice, "course": "autre"})), encoding="utf-8")
    result = runner.invoke(app, ["grade", str(other), *GRADE, "--course-root", str(root)])
    assert result.exit_code == 1
    assert "ce fichier concerne le cours « autre »" in result.output
    old = tmp_path / "ancien.json"
    shutil.copy(FIXTURES / "v1" / "progression-david.json", old)
    result = runner.invoke(app, ["grade", str(old), *GRADE, "--course-root", str(root)])
    assert result.exit_code == 1
    assert "n'a pas d'empreinte" in result.output


def _paper_csv(root: Path, rows: list[str]) -> Path:
    path = root / "feuilles.csv"
    path.write_text("apprenant;code;q1;q2;q3\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_paper_sheets_join_the_report_with_their_source(tmp_path: Path) -> None:
    from edukit.quiz._paper import form_code, form_from_code, load_paper_tests

    root = tmp_path / "cours"
    shutil.copytree(PAPER_COURSE, root)
    tests = load_paper_tests(root)
    code = form_code("positionnement", 0, tests["positionnement"])
    first = form_from_code(code, tests).questions[0]
    right = next(c.letter for c in first.choices if c.id in _correct_ids(first.item))
    sheets = _paper_csv(tmp_path, [f"Zoé;{code};{right};;", "Yves;POS-ZZZZZ;A;;"])
    out = tmp_path / "rapport"
    result = runner.invoke(
        app,
        [
            *("report", "--paper", str(sheets), "--course-root", str(root)),
            *("-o", str(out), "--no-pdf"),
        ],
    )
    assert result.exit_code == 0, result.output
    table = _csv(out / "rapport-progression.csv")
    zoe = [row for row in table if row["Personne"] == "Zoé"]
    assert zoe and {row["Source"] for row in zoe} == {"papier"}
    assert sum(float(row["Positionnement : points"].replace(",", ".")) for row in zoe) == 1
    page = (out / "rapport-progression.html").read_text(encoding="utf-8")
    assert "Source des résultats : papier" in page
    assert "feuilles.csv:3" in page  # Yves's row, refused with its line
    assert "Yves" not in table.__repr__()


def test_only_paper_or_files_are_needed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--course-root", str(COURSE), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "donnez des fichiers de progression" in result.output


def _correct_ids(item: object) -> set[str]:
    options = getattr(item, "options", [])
    if options:
        return {option.id for option in options if option.correct}
    return {"true"} if getattr(item, "answer", None) is True else {"false"}


def test_grade_without_criteria_or_grader_says_what_to_add(tmp_path: Path) -> None:
    root = _graded_course(tmp_path)
    target = tmp_path / "alice.json"
    shutil.copy(FIXTURES / "files" / "alice.json", target)
    base = ["grade", str(target), "--rubric", "l06-requete", "--course-root", str(root)]
    result = runner.invoke(app, [*base, "--grader", "Mme Leroy"])
    assert result.exit_code == 1
    assert "le critère « role-contexte » n'est pas noté" in result.output
    result = runner.invoke(app, [*base, "--criterion", "iteration=1"])
    assert result.exit_code == 1
    assert 'dites qui note : --grader "Prénom Nom"' in result.output
