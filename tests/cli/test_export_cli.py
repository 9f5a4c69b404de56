"""``edukit export gift`` and ``edukit export moodle-xml``."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit.cli._app import app
from edukit.cli._export import write_atomically  # importing it registers `edukit export`

REPO = Path(__file__).parents[2]
ALL_TYPES = REPO / "tests" / "fixtures" / "banks" / "all-types"
MISTAKES = REPO / "tests" / "fixtures" / "banks" / "mistakes"
runner = CliRunner()


def test_gift_to_standard_output() -> None:
    result = runner.invoke(app, ["export", "gift", str(ALL_TYPES)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// edukit export of the bank 'all-types' (7 questions)")
    assert "::licence-cc-by::[markdown]" in result.stdout


def test_moodle_xml_draw_to_a_file_is_reproducible(tmp_path: Path) -> None:
    target = tmp_path / "out" / "quiz.xml"
    args = ["export", "moodle-xml", str(ALL_TYPES), "-o", str(target), "--count", "2"]

    def drawn(*options: str) -> list[str | None]:
        result = runner.invoke(app, [*args, *options])
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert "2 questions de la banque « all-types » écrites dans" in result.stderr
        return [e.text for e in ET.parse(target).getroot().findall("question/name/text")]

    names = drawn("--tags", "licences,rgpd", "--seed", "4")
    assert len(names) == 2
    assert drawn("--tags", "licences", "--tags", "rgpd", "--seed", "4") == names
    assert len({tuple(drawn("--seed", str(seed))) for seed in range(8)}) > 1


def test_filters_without_count_keep_the_bank_order() -> None:
    result = runner.invoke(
        app, ["export", "gift", str(ALL_TYPES), "--difficulty", "1,2", "--objectives", "l09-o1"]
    )
    assert result.exit_code == 0, result.output
    titles = [line.split("::")[1] for line in result.stdout.splitlines() if line.startswith("::")]
    assert titles == ["licence-cc-by", "open-data-libre", "nom-licence", "licences-sens"]


def test_bank_problems_print_path_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "quiz.gift"
    target.write_text("good export", encoding="utf-8")
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["export", "gift", str(MISTAKES), "-o", str(target)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert (
        "tests/fixtures/banks/mistakes/b-mistakes.yml:26: la question « no-correct » n'a aucune "
        "option correcte — marquez-en une avec « correct: true »"
    ) in lines
    assert lines[-1] == "✗ la banque a 17 problèmes ; rien n'a été exporté"
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "good export"


def test_too_big_a_draw_is_a_message() -> None:
    result = runner.invoke(app, ["export", "gift", str(ALL_TYPES), "--count", "9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("✗ only 7 item(s) of bank 'all-types' match, but 9 were asked")


def test_bad_difficulty_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export", "gift", str(ALL_TYPES), "--difficulty", "4"])
    assert result.exit_code == 2
    assert "utilisez 1, 2 ou 3" in result.output


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "quiz.xml"
    target.write_text("old", encoding="utf-8")

    def fail(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    monkeypatch.undo()
    write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("kind", ["gift", "moodle-xml"])
def test_exports_are_written_0644_through_a_temporary_file(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"banque.{kind}"
    target.write_text("ancienne version", encoding="utf-8")
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(source: str | Path, destination: str | Path) -> None:
        renames.append((Path(source).name, Path(destination).name))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    old = os.umask(0o077)  # mkstemp's 0600 must not leak, whatever the umask
    try:
        result = runner.invoke(app, ["export", kind, str(ALL_TYPES), "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (target.stat().st_mode & 0o777) == 0o644
    ((source, destination),) = renames
    assert source.startswith(f".{target.name}.") and source.endswith(".tmp")
    assert destination == target.name
    assert "licence-cc-by" in target.read_text(encoding="utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]
