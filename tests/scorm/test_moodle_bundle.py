"""``edukit export moodle-bundle``: banks by module, the two tests as categories, README, atomicity.

The course is the SCORM test course (tests/fixtures/scorm/course.py): module m1 names the bank
``exercises/provenance`` (lesson l01) and one of its files (lesson l02), module m2 the same
folder again (module default), and ``exercises/tests-bank`` is named by no lesson; that last bank holds the
items tagged ``positionnement`` / ``evaluation-finale``. GIFT files are read back with
gift-pegjs (npm), as in tests/quiz/test_gift_export.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from edukit._problems import ProblemError
from edukit.cli._export import BUNDLE_MARK, export_app, export_moodle_bundle
from edukit.quiz import _bundle, load_bank
from edukit.quiz._course_draw import bank_folders
from edukit.quiz._exporting import moodle_tags

REPO = Path(__file__).resolve().parents[2]
PARSE = (
    "const p = require('gift-pegjs'); let s = ''; process.stdin.on('data', d => s += d);"
    "process.stdin.on('end', () => process.stdout.write(JSON.stringify(p.parse(s))));"
)


def _helper() -> Any:
    spec = importlib.util.spec_from_file_location(
        "scorm_course", REPO / "tests" / "fixtures" / "scorm" / "course.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def course_root(
    tmp_path: Path, copy_course: Callable[..., Path], course_fixtures: dict[str, Path]
) -> Path:
    return Path(_helper().make_course(copy_course, course_fixtures["good"], tmp_path / "course"))


def gift_parse(text: str) -> list[dict[str, Any]]:
    env = {**os.environ, "NODE_PATH": str(REPO / "node_modules")}
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    found = subprocess.run(
        ["node", "-e", "require.resolve('gift-pegjs')"], env=env, capture_output=True
    )
    if found.returncode:
        pytest.skip("gift-pegjs (npm devDependency) is not installed: run `npm ci`")
    result = subprocess.run(
        ["node", "-e", PARSE], input=text, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


def xml_questions(path: Path) -> tuple[str, list[str]]:
    quiz = ET.parse(path).getroot()
    category = quiz.findtext("question[@type='category']/category/text")
    names = [
        str(question.findtext("name/text"))
        for question in quiz.findall("question")
        if question.get("type") != "category"
    ]
    return str(category), names


@pytest.mark.slow
def test_files_per_module_in_course_order(course_root: Path, tmp_path: Path) -> None:
    output = tmp_path / "bundle"
    bundle = export_moodle_bundle(course_root, output)
    files = sorted(
        path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()
    )
    assert files == [
        BUNDLE_MARK,
        "01-m1-decouvrir/provenance.gift",
        "01-m1-decouvrir/provenance.xml",
        "LISEZMOI.md",
        "autres-banques/tests-bank.gift",
        "autres-banques/tests-bank.xml",
        "tests/evaluation-finale.gift",
        "tests/evaluation-finale.xml",
        "tests/positionnement.gift",
        "tests/positionnement.xml",
    ]
    assert bundle.written() == [name for name in files if name.endswith((".gift", ".xml"))]
    bank, _ = load_bank(course_root / "exercises" / "provenance")
    assert bank is not None
    category, names = xml_questions(output / "01-m1-decouvrir" / "provenance.xml")
    assert category == "top/01. Découvrir l'IA/Provenance des données"
    assert names == [item.id for item in bank.items]
    gift = (output / "01-m1-decouvrir" / "provenance.gift").read_text(encoding="utf-8")
    parsed = gift_parse(gift)
    assert parsed[0]["type"] == "Category"
    assert parsed[0]["title"] == "top/01. Découvrir l'IA/Provenance des données"
    assert [question["title"] for question in parsed[1:]] == [item.id for item in bank.items]
    readme = (output / "LISEZMOI.md").read_text(encoding="utf-8")
    for words in (
        "Banque de questions",
        "Importer",
        "Format GIFT",
        "Format XML Moodle",
        "Obtenir la catégorie à partir du fichier",
        "Test de positionnement",
        "Évaluation finale",
        "`02-m2-donnees` | — | déjà importée",
        "Importer les questions dans Moodle 4.5",
        "Importer les questions dans Moodle 5",
        "Plus › Banques de questions",
        "`objective:`",
        "`difficulty:`",
    ):
        assert words in readme, words


@pytest.mark.parametrize(
    ("tag", "title"),
    [("positionnement", "Test de positionnement"), ("evaluation-finale", "Évaluation finale")],
)
def test_tests_hold_only_their_tag_and_cover_every_objective(
    course_root: Path, tmp_path: Path, tag: str, title: str
) -> None:
    output = tmp_path / "bundle"
    export_moodle_bundle(course_root, output)
    banks = [load_bank(path)[0] for path in bank_folders(course_root / "exercises")]
    items = {item.id: item for bank in banks if bank is not None for item in bank.items}
    tagged = {item_id for item_id, item in items.items() if tag in item.tags}
    assert tagged  # the course has such items, so the test is not empty
    category, names = xml_questions(output / "tests" / f"{tag}.xml")
    assert category == f"top/{title}"
    assert set(names) == tagged and len(names) == len(tagged)
    assert all(tag in items[name].tags for name in names)
    wanted = {objective for item_id in tagged for objective in items[item_id].objectives}
    covered = {objective for name in names for objective in items[name].objectives}
    assert covered == wanted
    parsed = gift_parse((output / "tests" / f"{tag}.gift").read_text(encoding="utf-8"))
    assert parsed[0] == {**parsed[0], "type": "Category", "title": f"top/{title}"}
    assert sorted(question["title"] for question in parsed[1:]) == sorted(tagged)


def test_an_earlier_bundle_is_replaced_and_a_foreign_folder_refused(
    course_root: Path, tmp_path: Path
) -> None:
    output = tmp_path / "bundle"
    export_moodle_bundle(course_root, output)
    (output / "stale.gift").write_text("old", encoding="utf-8")
    export_moodle_bundle(course_root, output)
    assert not (output / "stale.gift").exists()
    foreign = tmp_path / "mes-documents"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ProblemError, match="n'est pas un paquet Moodle d'edukit"):
        export_moodle_bundle(course_root, foreign)
    assert [path.name for path in foreign.iterdir()] == ["important.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bundle", "course", "mes-documents"]


def test_a_failure_leaves_the_previous_bundle_and_no_temporary_folder(
    course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "bundle"
    export_moodle_bundle(course_root, output)
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> str:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk full")
        return "x"

    monkeypatch.setattr(_bundle, "to_moodle_xml", failing)
    with pytest.raises(OSError, match="disk full"):
        export_moodle_bundle(course_root, output)
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bundle", "course"]
    calls = 0
    with pytest.raises(OSError, match="disk full"):
        export_moodle_bundle(course_root, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_bank_errors_stop_the_bundle(course_root: Path, tmp_path: Path) -> None:
    bank = course_root / "exercises" / "tests-bank" / "tests.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("type: true_false", "type: vrai", 1))
    with pytest.raises(ProblemError) as caught:
        export_moodle_bundle(course_root, tmp_path / "bundle")
    assert any("tests.yml" in str(problem) for problem in caught.value.problems)
    assert not (tmp_path / "bundle").exists()


def test_cli(course_root: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        export_app, ["moodle-bundle", "-o", str(tmp_path / "b"), "--root", str(course_root)]
    )
    assert result.exit_code == 0, result.output
    assert "positionnement : 3 questions, évaluation finale : 3 questions" in result.output


def _moodle_gift() -> Any:
    path = REPO / "tests" / "fixtures" / "scorm" / "moodle_gift.py"
    spec = importlib.util.spec_from_file_location("moodle_gift", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("moodle_gift", module)
    spec.loader.exec_module(module)
    return module


def test_moodle_reads_every_id_and_tag_of_the_bundle(course_root: Path, tmp_path: Path) -> None:
    moodle = _moodle_gift()
    output = tmp_path / "bundle"
    export_moodle_bundle(course_root, output)
    banks = [load_bank(path)[0] for path in bank_folders(course_root / "exercises")]
    items = {item.id: item for bank in banks if bank is not None for item in bank.items}
    seen: set[str] = set()
    for path in sorted(output.rglob("*.gift")):
        read = moodle.read_questions(path.read_text(encoding="utf-8"))
        (category,) = [question.category for question in read if question.category is not None]
        assert category.startswith("top/"), path
        questions = [question for question in read if question.category is None]
        ids = [question.idnumber for question in questions]
        assert len(set(ids)) == len(ids), f"{path}: Moodle drops an id number used twice"
        for question in questions:
            item = items[question.name]
            assert question.idnumber == item.id
            assert question.tags == moodle_tags(item)
            seen.add(item.id)
        if path.parent.name == "tests":
            assert all(path.stem in question.tags for question in questions)
            assert questions
    assert seen == set(items)


def test_bundle_files_are_readable_by_others(course_root: Path, tmp_path: Path) -> None:
    output = tmp_path / "bundle"
    old = os.umask(0o077)  # even under a strict umask, the bundle is readable (0644 / 0755)
    try:
        export_moodle_bundle(course_root, output)
    finally:
        os.umask(old)
    assert stat.S_IMODE(output.stat().st_mode) == 0o755
    for path in output.rglob("*"):
        wanted = 0o755 if path.is_dir() else 0o644
        assert stat.S_IMODE(path.stat().st_mode) == wanted, path


def test_the_plan_is_pure_logic_and_writes_nothing(course_root: Path, tmp_path: Path) -> None:
    """edukit.quiz plans the bundle (folders, categories, the two tests); only the CLI writes."""
    from edukit.course import load_course
    from edukit.quiz import BUNDLE_TESTS, bundle_readme, bundle_texts, plan_moodle_bundle

    course = load_course(course_root).course
    assert course is not None
    output = tmp_path / "never-written"
    before = sorted(path.relative_to(course_root) for path in course_root.rglob("*"))
    bundle = plan_moodle_bundle(course, course_root, output)
    assert not output.exists()
    assert sorted(path.relative_to(course_root) for path in course_root.rglob("*")) == before
    assert [(e.folder, e.name) for e in bundle.files] == [
        ("01-m1-decouvrir", "provenance"),
        ("autres-banques", "tests-bank"),
        *(("tests", tag) for tag in BUNDLE_TESTS),
    ]
    first = bundle.files[0]
    gift_text, xml_text = bundle_texts(first, language=course.language)
    assert f"$CATEGORY: top/{first.category}/" in gift_text
    assert f"<text>top/{first.category}/" in xml_text
    assert "| `01-m1-decouvrir` | `provenance.xml`, `provenance.gift` |" in bundle_readme(
        course, bundle
    )
