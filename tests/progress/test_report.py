"""Per-objective summaries and the CSV, HTML, PDF and attestation renderings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from edukit.progress import (
    CSV_COLUMNS,
    AttestationFields,
    CourseOutline,
    GroupReport,
    Refused,
    attestation_html,
    html_to_pdf,
    learner_report,
    merge_all,
    pdf_unavailable_reason,
    read_progress,
    report_csv,
    report_html,
)

from .conftest import FILES


@pytest.fixture(scope="module")
def report(outline: CourseOutline) -> GroupReport:
    alice = read_progress(FILES / "alice.json").progress
    bruno = merge_all(
        read_progress(p).progress
        for p in (FILES / "bruno-jour1.json", FILES / "sous-dossier" / "bruno-jour3.json")
    )
    chloe = read_progress(FILES / "chloe.json").progress
    learners = [
        learner_report(alice, outline, files=[FILES / "alice.json"]),
        learner_report(bruno, outline, files=[Path("bruno-jour1.json"), Path("bruno-jour3.json")]),
        learner_report(chloe, outline, files=[FILES / "chloe.json"]),
    ]
    refused = [Refused(Path("abime.json"), "le fichier est tronqué <b>")]
    return GroupReport(outline, learners, refused, generated=dt.datetime(2025, 6, 4, tzinfo=dt.UTC))


def rows(report: GroupReport) -> list[dict[str, str]]:
    data = report_csv(report)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    assert reader.fieldnames == CSV_COLUMNS
    return list(reader)


def test_scores_per_objective(report: GroupReport) -> None:
    alice = {row.objective.id: row for row in report.learners[0].rows}
    assert (alice["l01-o1"].positioning.points, alice["l01-o1"].positioning.questions) == (1, 2)
    assert (alice["l01-o1"].final.points, alice["l01-o1"].final.questions) == (2, 2)
    assert alice["l01-o1"].change == pytest.approx(0.5)
    # the untagged practice item of the final quiz is not counted
    assert (alice["l02-o1"].final.points, alice["l02-o1"].final.questions) == (1, 1)
    assert report.learners[0].positioning.questions == 4
    assert report.learners[0].final.questions == 4
    assert report.learners[0].lessons_completed == 2
    assert report.learners[0].seconds == 1800 + 2400


def test_merged_learner_counts_both_days(report: GroupReport) -> None:
    bruno = {row.objective.id: row for row in report.learners[1].rows}
    assert (bruno["l02-o1"].positioning.points, bruno["l02-o1"].positioning.questions) == (1, 1)
    assert (bruno["l01-o1"].final.points, bruno["l01-o1"].final.questions) == (1, 1)
    assert bruno["l01-o2"].change == pytest.approx(0.0)
    assert report.learners[1].lessons_completed == 1


def test_csv_has_a_row_per_learner_and_objective(report: GroupReport) -> None:
    table = rows(report)
    assert len(table) == 3 * 3
    alice = {row["Objectif"]: row for row in table if row["Personne"] == "Alice"}
    assert alice["l01-o2"]["Positionnement : points"] == "0,5"
    assert alice["l01-o2"]["Positionnement (%)"] == "50"
    assert alice["l01-o2"]["Évaluation finale (%)"] == "100"
    assert alice["l01-o2"]["Évolution (points de %)"] == "50"
    assert alice["l02-o1"]["Temps passé (min)"] == "40"
    assert alice["l02-o1"]["Leçon terminée"] == "oui"
    assert (
        alice["l01-o1"]["Intitulé de l'objectif"] == "Citer deux usages de l'IA dans son activité."
    )
    chloe = [row for row in table if row["Personne"] == "<script>alert(1)</script>"]
    assert chloe and chloe[0]["Évaluation finale (%)"] == "100"


def test_csv_defuses_formulas_in_names(report: GroupReport, outline: CourseOutline) -> None:
    evil = report.learners[0]
    evil = type(evil)(**{**evil.__dict__, "learner": '=HYPERLINK("http://x")'})
    table = rows(GroupReport(outline, [evil]))
    assert table[0]["Personne"] == '\'=HYPERLINK("http://x")'


def test_html_is_accessible_and_escapes_learner_text(report: GroupReport) -> None:
    page = report_html(report)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "le fichier est tronqué &lt;b&gt;" in page
    # group, item statistics, 3 learners: every table has its caption
    assert page.count("<caption>") == page.count("<table>") >= 5
    assert '<th scope="col">Positionnement</th>' in page
    assert '<th scope="row"><code>l01-o2</code>' in page
    assert "@media print" in page and "break-before: page" in page
    assert "0,5 sur 1 (50 %)" in page
    assert "http" not in page.replace("http-equiv", ""), "no external resource"


def test_group_table_has_no_names(report: GroupReport) -> None:
    page = report_html(report)
    start = page.index('<h2 id="group">')
    group = page[start : page.index("</section>", start)]
    assert "Alice" not in group and "bruno" not in group
    means = {g.objective.id: g for g in report.group_objectives()}
    assert means["l01-o1"].learners == 3
    assert means["l01-o1"].positioning == pytest.approx((0.5 + 0 + 0.5) / 3)


FIELDS = AttestationFields(
    organisation="Association <Numérique> pour tous",
    declaration_number="11 75 12345 75",
    trainer="Camille Martin",
    start=dt.date(2025, 6, 2),
    end=dt.date(2025, 6, 4),
    place="Villeneuve",
    duration="21h",
    learners={"<script>alert(1)</script>": "Chloé Dupont"},
)


def test_attestation_names_the_learner_and_the_legal_basis(
    report: GroupReport, outline: CourseOutline
) -> None:
    page = attestation_html(report.learners[2], FIELDS, outline)
    assert "<strong>Chloé Dupont</strong>" in page
    assert "Association &lt;Numérique&gt; pour tous" in page
    assert "du 2 juin 2025 au 4 juin 2025" in page
    assert "21 heures" in page
    assert "L6353-1" in page
    assert "Premiers pas avec l&#x27;IA" in page  # module titles as default objectives
    assert "Évaluation finale : 2 sur 2 (100 %)" in page
    assert "<script>" not in page


PDF_MISSING = pdf_unavailable_reason()


@pytest.mark.slow
@pytest.mark.skipif(PDF_MISSING is not None, reason=f"WeasyPrint unavailable: {PDF_MISSING}")
def test_pdf_of_report_and_attestation(report: GroupReport, outline: CourseOutline) -> None:
    pdf = html_to_pdf(report_html(report))
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5000
    attestation = html_to_pdf(attestation_html(report.learners[0], FIELDS, outline))
    assert attestation.startswith(b"%PDF-")


@pytest.mark.skipif(PDF_MISSING is not None, reason=f"WeasyPrint unavailable: {PDF_MISSING}")
def test_pdf_never_fetches_urls() -> None:
    from edukit.progress._pdf import _offline_fetcher

    with pytest.raises(ValueError):
        _offline_fetcher()("http://192.0.2.1/x.png")
    page = '<html><body><img src="http://192.0.2.1/x.png" alt="x"><p>texte</p></body></html>'
    assert html_to_pdf(page).startswith(b"%PDF-")
