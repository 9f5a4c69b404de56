"""The report pack both ``edukit report`` and the classroom's Qualiopi pack write."""

from __future__ import annotations

from pathlib import Path

from edukit.progress import (
    CourseOutline,
    LoadedProgress,
    Refused,
    group_report,
    learner_slug,
    load_attestation_fields,
    read_progress,
    report_files,
)

from .conftest import FILES, attestation_yaml

FIELDS = attestation_yaml({"Alice": "Élodie Martin", "Bruno": "Élodie Martin"})


def _loaded(*names: str) -> list[LoadedProgress]:
    return [read_progress(FILES / name) for name in names]


def test_group_report_merges_a_learners_files_and_sorts_learners(outline: CourseOutline) -> None:
    loaded = _loaded("bruno-jour1.json", "alice.json", "sous-dossier/bruno-jour3.json")
    kept = Refused(Path("abime.json"), "tronqué")
    report = group_report(loaded, outline, refused=[kept], item_locations={"q": "b.yml:3"})
    assert [(learner.learner.lower(), len(learner.files)) for learner in report.learners] == [
        ("alice", 1),
        ("bruno", 2),
    ]
    assert report.refused == [kept] and report.item_locations == {"q": "b.yml:3"}
    assert report.generated is not None


def test_report_files_number_equal_names_and_put_pdf_last(
    outline: CourseOutline, tmp_path: Path
) -> None:
    (tmp_path / "fields.yml").write_text(FIELDS, encoding="utf-8")
    fields = load_attestation_fields(tmp_path / "fields.yml")
    report = group_report(_loaded("alice.json", "bruno-jour1.json"), outline)
    names = [(entry.name, entry.pdf) for entry in report_files(report, fields=fields, pdf=True)]
    assert names == [
        ("rapport-progression.csv", False),
        ("rapport-competences.csv", False),
        ("statistiques-questions.csv", False),
        ("rapport-progression.html", False),
        ("attestations/attestation-elodie-martin.html", False),
        ("attestations/attestation-elodie-martin-2.html", False),
        ("rapport-progression.pdf", True),
        ("attestations/attestation-elodie-martin.pdf", True),
        ("attestations/attestation-elodie-martin-2.pdf", True),
    ]
    files = report_files(report)
    assert [entry.name for entry in files][-1] == "rapport-progression.html"
    html = files[-1].render().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") or "<html" in html


def test_learner_slug_keeps_ascii_letters_digits_and_dashes() -> None:
    assert learner_slug("Zoé   D'Alembert 2") == "zoe-d-alembert-2"
    assert learner_slug("李") == "personne"
