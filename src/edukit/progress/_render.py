"""Trainer reports as CSV (for Excel), printable HTML and PDF, and the attestations.

Everything a learner typed (names, pseudonyms) is escaped: ``html.escape`` in HTML, and a
leading quote in CSV cells that Excel would run as a formula (``=``, ``+``, ``-``, ``@``).
PDF goes through WeasyPrint, imported only when a PDF is asked for; it never fetches a URL.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections.abc import Iterable
from html import escape
from typing import Any

from edukit.course import format_duration
from edukit.progress._attestation import AttestationFields
from edukit.progress._stats import DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW
from edukit.progress._summary import (
    FINAL,
    LEVEL_RULE,
    POSITIONING,
    CourseOutline,
    GroupReport,
    LearnerReport,
    ObjectiveRow,
    Score,
)

__all__ = [
    "COMPETENCE_CSV_COLUMNS",
    "CSV_COLUMNS",
    "EMPREINTE_NOTE",
    "STATISTICS_CSV_COLUMNS",
    "PdfUnavailableError",
    "attestation_html",
    "competences_csv",
    "french_date",
    "html_to_pdf",
    "pdf_unavailable_reason",
    "report_csv",
    "report_html",
    "statistics_csv",
]

CSV_COLUMNS = [
    "Personne",
    "Objectif",
    "Intitulé de l'objectif",
    "Leçon",
    "Positionnement : points",
    "Positionnement : questions",
    "Positionnement (%)",
    "Évaluation finale : points",
    "Évaluation finale : questions",
    "Évaluation finale (%)",
    "Évolution (points de %)",
    "Leçon terminée",
    "Temps passé (min)",
    "Fichiers",
    "Empreinte conforme",
    "Source",
]
COMPETENCE_CSV_COLUMNS = [
    "Personne",
    "Compétence",
    "Intitulé de la compétence",
    "Positionnement : points",
    "Positionnement : questions",
    "Positionnement : niveau",
    "Évaluation finale : points",
    "Évaluation finale : questions",
    "Évaluation finale : niveau",
    "Source",
]
STATISTICS_CSV_COLUMNS = [
    "Test",
    "Question",
    "Banque (fichier:ligne)",
    "Personnes",
    "Facilité (%)",
    "Discrimination (corrélation avec le reste du test)",
    "Indice 27 % haut-bas",
    "À revoir",
]
EMPREINTE_NOTE = (
    "L'empreinte d'un fichier du site (SHA-256) révèle une copie abîmée ou une modification "
    "maladroite ; elle ne prouve ni qui a répondu, ni que le fichier n'a pas été refait : "
    "n'importe qui peut la recalculer. Pour une preuve plus forte, recueillez les résultats "
    "sur votre propre machine (serveur de la classe) ou faites passer les tests dans le paquet "
    "SCORM noté par votre plateforme (Moodle)."
)

_MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
]


def french_date(day: dt.date) -> str:
    """``2 février 2025``, as CONTENT-STYLE.md writes dates.

    >>> french_date(dt.date(2025, 2, 1)), french_date(dt.date(2025, 6, 4))
    ('1er février 2025', '4 juin 2025')
    """
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def _decimal(value: float, digits: int = 1) -> str:
    """French decimal comma, no useless zeros: ``1,5``, ``2``."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace(".", ",")


def _percent(ratio: float | None) -> str:
    return "" if ratio is None else _decimal(ratio * 100)


def _cell(text: str) -> str:
    """A CSV cell Excel will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(report: GroupReport) -> bytes:
    """One row per learner and objective; UTF-8 with BOM and ``;`` so that Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for learner in report.learners:
        files = ", ".join(path.name for path in learner.files)
        for row in learner.rows:
            change = row.change
            writer.writerow(
                [
                    _cell(learner.learner),
                    row.objective.id,
                    row.objective.text or "(objectif absent du cours)",
                    row.objective.lesson_id,
                    _decimal(row.positioning.points, 2),
                    row.positioning.questions,
                    _percent(row.positioning.ratio),
                    _decimal(row.final.points, 2),
                    row.final.questions,
                    _percent(row.final.ratio),
                    "" if change is None else _decimal(change * 100),
                    "oui" if row.lesson_completed else "non",
                    _decimal(row.seconds / 60),
                    _cell(files),
                    "oui" if learner.verified else "non",
                    learner.source_text,
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def competences_csv(report: GroupReport) -> bytes:
    """One row per learner and competence, with the level of each test (rule: LEVEL_RULE)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COMPETENCE_CSV_COLUMNS)
    for learner in report.learners:
        for row in learner.competences:
            writer.writerow(
                [
                    _cell(learner.learner),
                    row.competence.id,
                    row.competence.title,
                    _decimal(row.positioning.points, 2),
                    row.positioning.questions,
                    row.positioning_level if row.positioning.questions else "",
                    _decimal(row.final.points, 2),
                    row.final.questions,
                    row.final_level if row.final.questions else "",
                    learner.source_text,
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_TESTS = {POSITIONING: "Test de positionnement", FINAL: "Évaluation finale"}


def statistics_csv(report: GroupReport) -> bytes:
    """One row per item of each test: Moodle-style facility and discrimination."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(STATISTICS_CSV_COLUMNS)
    for phase, stats in report.item_statistics().items():
        for item in stats.items:
            writer.writerow(
                [
                    _TESTS[phase],
                    item.item,
                    report.item_locations.get(item.item, ""),
                    item.learners,
                    _decimal(item.facility * 100),
                    "" if item.discrimination is None else _decimal(item.discrimination, 2),
                    "" if item.upper_lower is None else _decimal(item.upper_lower, 2),
                    " ; ".join(item.reasons),
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_CSS = """
@page { size: A4; margin: 15mm 12mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
:root { color: #111; background: #fff; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.4; margin: 1.5rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #555; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.up { color: #0b5d1e; } .down { color: #8a1c1c; }
.note { font-size: 0.9rem; color: #333; }
.refused li { margin-bottom: 0.25rem; }
.signature { margin-top: 3rem; display: flex; justify-content: space-between; gap: 2rem; }
.signature div { width: 45%; border-top: 1px solid #555; padding-top: 0.3rem; min-height: 4rem; }
@media print {
  body { margin: 0; font-size: 10pt; }
  section.learner { break-before: page; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _score_text(score: Score) -> str:
    if not score.questions:
        return "—"
    ratio = score.ratio or 0.0
    return f"{_decimal(score.points)} sur {score.questions} ({_percent(ratio)} %)"


def _change_cell(change: float | None) -> str:
    if change is None:
        return '<td class="number">—</td>'
    points = change * 100
    sign = "+" if points > 0 else ""
    css = "up" if points > 0 else "down" if points < 0 else ""
    label = "en hausse" if points > 0 else "en baisse" if points < 0 else "stable"
    return (
        f'<td class="number {css}">{sign}{_decimal(points)} '
        f'<span class="note">({label})</span></td>'
    )


def _minutes(seconds: int) -> str:
    minutes = round(seconds / 60)
    return format_duration(minutes) if minutes else "moins d'une minute" if seconds else "—"


def _objective_cells(row: ObjectiveRow) -> str:
    label = escape(row.objective.text or "(objectif absent du cours)")
    return f'<th scope="row"><code>{escape(row.objective.id)}</code> — {label}</th>'


def _level_text(level: str, score: Score) -> str:
    if not score.questions:
        return "—"
    return f"<strong>{escape(level)}</strong> ({_score_text(score)})"


def _statistics_section(report: GroupReport) -> list[str]:
    parts: list[str] = []
    for phase, stats in report.item_statistics().items():
        if not stats.items:
            continue
        alpha = "—" if stats.alpha is None else _decimal(stats.alpha, 2)
        review = [item for item in stats.items if item.to_review]
        parts += [
            f"<h3>{_TESTS[phase]} : {stats.learners} personne(s), {len(stats.items)} "
            f"question(s), alpha de Cronbach (KR-20) {alpha}</h3>",
        ]
        if not stats.reliable:
            parts.append(
                '<p class="note">Moins de 5 personnes : ces statistiques ne sont pas fiables.</p>'
            )
        if review:
            parts += [
                "<table>",
                f"<caption>{_TESTS[phase]} : questions à revoir</caption>",
                "<thead><tr>"
                '<th scope="col">Question</th>'
                '<th scope="col">Banque</th>'
                '<th scope="col">Facilité (%)</th>'
                '<th scope="col">Discrimination</th>'
                '<th scope="col">Pourquoi</th>'
                "</tr></thead>",
                "<tbody>",
                *(
                    f'<tr><th scope="row"><code>{escape(item.item)}</code></th>'
                    f"<td><code>{escape(report.item_locations.get(item.item, '?'))}</code></td>"
                    f'<td class="number">{_decimal(item.facility * 100)}</td>'
                    f'<td class="number">'
                    f"{'—' if item.discrimination is None else _decimal(item.discrimination, 2)}"
                    f"</td><td>{escape(' ; '.join(item.reasons))}</td></tr>"
                    for item in review
                ),
                "</tbody>",
                "</table>",
            ]
        else:
            parts.append("<p>Aucune question à revoir.</p>")
    if not parts:
        return []
    return [
        '<section aria-labelledby="stats">',
        '<h2 id="stats">Statistiques des questions</h2>',
        '<p class="note">Calculées comme le rapport de statistiques des tests de Moodle. '
        "Facilité : part des points obtenus. Discrimination : corrélation entre la note à la "
        "question et la note au reste du test (de −1 à 1). Alpha de Cronbach (égal au KR-20 "
        "pour des questions notées 0 ou 1) : cohérence du test. Une question est à revoir "
        f"quand personne ou tout le monde y répond juste, quand sa facilité est sous "
        f"{_decimal(FACILITY_LOW * 100)} % ou au-dessus de {_decimal(FACILITY_HIGH * 100)} %, "
        f"ou quand sa discrimination est sous {_decimal(DISCRIMINATION_LOW)}. Le détail de "
        "toutes les questions est dans le fichier statistiques-questions.csv.</p>",
        *parts,
        "</section>",
    ]


def _learner_section(
    learner: LearnerReport, number: int, titles: dict[str, str] | None = None
) -> str:
    name = escape(learner.learner)
    rows = [row for row in learner.rows if row.assessed]
    files = ", ".join(escape(path.name) for path in learner.files)
    if "site" not in learner.sources:
        empreinte = f"sans empreinte : résultats venus de la source {learner.source_text}"
    elif learner.verified:
        empreinte = "empreinte conforme : fichier non abîmé depuis son export"
    else:
        empreinte = "empreinte absente (fichier d'une ancienne version du site)"
    parts = [
        f'<section class="learner" aria-labelledby="learner-{number}">',
        f'<h2 id="learner-{number}">{name}</h2>',
        "<ul>",
        f"<li>Positionnement : {_score_text(learner.positioning)}</li>",
        f"<li>Évaluation finale : {_score_text(learner.final)}</li>",
        f"<li>Leçons terminées : {learner.lessons_completed} sur {learner.lessons_total}</li>",
        f"<li>Temps passé sur le site : {_minutes(learner.seconds)}</li>",
        f"<li>Source des résultats : {escape(learner.source_text)}</li>",
        f"<li>Fichiers : {files} ({empreinte}) ; dernier export le "
        f"{french_date(learner.exported.date())}</li>",
        "</ul>",
    ]
    competences = [row for row in learner.competences if row.assessed]
    if competences:
        parts += [
            "<table>",
            f"<caption>Niveau de {name}, compétence par compétence</caption>",
            "<thead><tr>"
            '<th scope="col">Compétence</th>'
            '<th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th>'
            "</tr></thead>",
            "<tbody>",
            *(
                f'<tr><th scope="row">{escape(row.competence.title)}</th>'
                f"<td>{_level_text(row.positioning_level, row.positioning)}</td>"
                f"<td>{_level_text(row.final_level, row.final)}</td></tr>"
                for row in competences
            ),
            "</tbody>",
            "</table>",
        ]
    if learner.rubrics:
        parts += [
            "<table>",
            f"<caption>Travaux de {name} notés sur une grille</caption>",
            "<thead><tr>"
            '<th scope="col">Grille</th>'
            '<th scope="col">Points</th>'
            '<th scope="col">Critères (niveau atteint)</th>'
            '<th scope="col">Noté par, le</th>'
            "</tr></thead>",
            "<tbody>",
        ]
        for result in learner.rubrics:
            total = (
                f"{result.points} sur {result.max_points} ({_percent(result.ratio)} %)"
                if result.max_points
                else f"{result.points} (grille inconnue de ce cours)"
            )
            criteria = ", ".join(
                f"{escape(criterion)} : {level}" for criterion, level in result.levels.items()
            )
            measured = "".join(
                f'<br><span class="note">{escape((titles or {}).get(c, c))}</span>'
                for c in result.competences
            )
            parts.append(
                f'<tr><th scope="row">{escape(result.title)}{measured}</th>'
                f'<td class="number">{total}</td><td>{criteria}</td>'
                f"<td>{escape(result.grader)}, {french_date(result.graded.date())}</td></tr>"
            )
        parts += ["</tbody>", "</table>"]
    if rows:
        parts += [
            "<table>",
            f"<caption>Résultats de {name}, objectif par objectif</caption>",
            "<thead><tr>"
            '<th scope="col">Objectif</th>'
            '<th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th>'
            '<th scope="col">Évolution (points de %)</th>'
            '<th scope="col">Leçon terminée</th>'
            '<th scope="col">Temps sur la leçon</th>'
            "</tr></thead>",
            "<tbody>",
        ]
        for row in rows:
            parts.append(
                "<tr>"
                + _objective_cells(row)
                + f'<td class="number">{_score_text(row.positioning)}</td>'
                + f'<td class="number">{_score_text(row.final)}</td>'
                + _change_cell(row.change)
                + f"<td>{'oui' if row.lesson_completed else 'non'}</td>"
                + f'<td class="number">{_minutes(row.seconds)}</td>'
                + "</tr>"
            )
        parts += ["</tbody>", "</table>"]
    else:
        parts.append("<p>Aucune réponse au positionnement ni à l'évaluation finale.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def report_html(report: GroupReport) -> str:
    """The printable report of a group: refused files, the group (no names), each learner."""
    course = report.course
    title = f"Rapport de progression — {course.title}"
    generated = report.generated or dt.datetime.now(dt.UTC)
    parts = [
        f"<h1>{escape(title)}</h1>",
        f"<p>Cours <code>{escape(course.id)}</code>, {format_duration(course.minutes)}. "
        f"Rapport produit le {french_date(generated.date())} à partir de "
        f"{sum(len(learner.files) for learner in report.learners)} fichier(s) de progression, "
        f"pour {len(report.learners)} personne(s).</p>",
        f'<p class="note">{escape(LEVEL_RULE)} Le détail objectif par objectif suit ; '
        "un résultat par objectif repose souvent sur une seule question : ne le lisez pas "
        "comme un niveau. Comparez chaque personne à elle-même.</p>",
        f'<p class="note">{escape(EMPREINTE_NOTE)} Chaque personne a sa source de résultats : '
        "fichier du site, papier, SCORM ou serveur de la classe.</p>",
    ]
    if report.refused:
        parts += [
            '<section class="refused" aria-labelledby="refused">',
            f'<h2 id="refused">Fichiers écartés ({len(report.refused)})</h2>',
            "<p>Ces fichiers n'ont pas été pris en compte. Aucun fichier n'a été modifié.</p>",
            "<ul>",
            *(
                f"<li><code>{escape(str(item.path))}</code> : {escape(item.reason)}</li>"
                for item in report.refused
            ),
            "</ul>",
            "</section>",
        ]
    group_competences = report.group_competences()
    if group_competences:
        levels = ("acquis", "en cours", "non acquis", "pas assez d'éléments")

        def counts(table: dict[str, int]) -> str:
            shown = [f"{table[level]} {level}" for level in levels if table.get(level)]
            return escape(", ".join(shown)) or "—"

        parts += [
            '<section aria-labelledby="group-competences">',
            '<h2 id="group-competences">Le groupe, compétence par compétence (sans nom)</h2>',
            "<table>",
            "<caption>Nombre de personnes à chaque niveau</caption>",
            "<thead><tr>"
            '<th scope="col">Compétence</th>'
            '<th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th>'
            "</tr></thead>",
            "<tbody>",
            *(
                f'<tr><th scope="row">{escape(row.competence.title)}</th>'
                f"<td>{counts(row.positioning)}</td><td>{counts(row.final)}</td></tr>"
                for row in group_competences
            ),
            "</tbody>",
            "</table>",
            "</section>",
        ]
    parts += _statistics_section(report)
    group = report.group_objectives()
    if group:
        parts += [
            '<section aria-labelledby="group">',
            '<h2 id="group">Le groupe, objectif par objectif (sans nom)</h2>',
            "<table>",
            "<caption>Moyennes du groupe par objectif évalué</caption>",
            "<thead><tr>"
            '<th scope="col">Objectif</th>'
            '<th scope="col">Personnes évaluées</th>'
            '<th scope="col">Positionnement (moyenne %)</th>'
            '<th scope="col">Évaluation finale (moyenne %)</th>'
            '<th scope="col">Évolution (points de %)</th>'
            "</tr></thead>",
            "<tbody>",
        ]
        for objective in group:
            label = escape(objective.objective.text or "(objectif absent du cours)")
            parts.append(
                f'<tr><th scope="row"><code>{escape(objective.objective.id)}</code> — '
                f"{label}</th>"
                f'<td class="number">{objective.learners}</td>'
                f'<td class="number">{_percent(objective.positioning) or "—"}</td>'
                f'<td class="number">{_percent(objective.final) or "—"}</td>'
                + _change_cell(objective.change)
                + "</tr>"
            )
        parts += ["</tbody>", "</table>", "</section>"]
    parts += [
        _learner_section(learner, number, {c.id: c.title for c in course.competences})
        for number, learner in enumerate(report.learners, 1)
    ]
    return _page(title, "\n".join(parts))


def _hours(minutes: int) -> str:
    """``1260`` → ``21 heures``; ``450`` → ``7 heures 30``.

    >>> _hours(1260), _hours(450), _hours(45)
    ('21 heures', '7 heures 30', '45 minutes')
    """
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    unit = "heure" if hours == 1 else "heures"
    return f"{hours} {unit}" + (f" {rest:02d}" if rest else "")


def attestation_html(
    learner: LearnerReport,
    fields: AttestationFields,
    course: CourseOutline,
    *,
    objectives: Iterable[str] | None = None,
) -> str:
    """The end-of-training attestation of one learner (Code du travail, article L6353-1).

    ``objectives`` defaults to the trainer's list, else the titles of the course's modules.
    """
    name = escape(fields.name_of(learner.learner))
    title = fields.title or course.title
    listed = list(objectives or fields.objectives or course.modules)
    period = (
        f"le {french_date(fields.start)}"
        if fields.start == fields.end
        else f"du {french_date(fields.start)} au {french_date(fields.end)}"
    )
    hours = _hours(fields.minutes)
    signed_on = fields.signed_on or fields.end
    rows = [row for row in learner.rows if row.final.questions or row.positioning.questions]
    parts = [
        "<h1>Attestation de fin de formation</h1>",
        f"<p><strong>{escape(fields.organisation)}</strong><br>"
        f"Déclaration d'activité n° {escape(fields.declaration_number.strip())}</p>",
        f"<p>L'organisme de formation atteste que <strong>{name}</strong> a suivi l'action "
        f"de formation « {escape(title)} », {period}, à {escape(fields.place)}, "
        f"pour une durée de {escape(hours)}.</p>",
        "<p>Nature de l'action : action de formation. Formateur ou formatrice : "
        f"{escape(fields.trainer)}.</p>",
        "<h2>Objectifs de la formation</h2>",
        "<ul>",
        *(f"<li>{escape(text)}</li>" for text in listed),
        "</ul>",
        "<h2>Résultats de l'évaluation des acquis</h2>",
        "<ul>",
        f"<li>Test de positionnement : {_score_text(learner.positioning)}</li>",
        f"<li>Évaluation finale : {_score_text(learner.final)}</li>",
        f"<li>Source des résultats : {escape(learner.source_text)}</li>",
        "</ul>",
    ]
    competences = [row for row in learner.competences if row.assessed]
    if competences:
        parts += [
            "<table>",
            f"<caption>Niveau de {name} par compétence évaluée</caption>",
            '<thead><tr><th scope="col">Compétence</th><th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th></tr></thead>',
            "<tbody>",
            *(
                f'<tr><th scope="row">{escape(row.competence.title)}</th>'
                f"<td>{_level_text(row.positioning_level, row.positioning)}</td>"
                f"<td>{_level_text(row.final_level, row.final)}</td></tr>"
                for row in competences
            ),
            "</tbody>",
            "</table>",
            f'<p class="note">{escape(LEVEL_RULE)}</p>',
        ]
    elif rows:
        parts += [
            "<table>",
            f"<caption>Résultats de {name} par objectif évalué</caption>",
            '<thead><tr><th scope="col">Objectif</th><th scope="col">Positionnement</th>'
            '<th scope="col">Évaluation finale</th></tr></thead>',
            "<tbody>",
            *(
                "<tr>"
                + _objective_cells(row)
                + f'<td class="number">{_score_text(row.positioning)}</td>'
                + f'<td class="number">{_score_text(row.final)}</td></tr>'
                for row in rows
            ),
            "</tbody>",
            "</table>",
        ]
    parts += [
        '<p class="note">Attestation remise en application de l\'article L6353-1 du Code du '
        "travail. L'assiduité est attestée par les feuilles d'émargement.</p>",
        f"<p>Fait à {escape(fields.signed_at or fields.place)}, le {french_date(signed_on)}.</p>",
        '<div class="signature"><div>Pour l\'organisme de formation</div>'
        "<div>Le formateur ou la formatrice</div></div>",
    ]
    heading = f"Attestation de fin de formation — {fields.name_of(learner.learner)}"
    return _page(heading, "\n".join(parts))


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing; the message says what to install."""


def pdf_unavailable_reason() -> str | None:
    """Why PDF cannot be produced here, or ``None`` when WeasyPrint works."""
    try:
        importlib.import_module("weasyprint")
    except ImportError as error:
        return f"WeasyPrint n'est pas installé ({error}) : installez le paquet Python weasyprint"
    except OSError as error:  # the Python package is there, pango is not
        return (
            f"WeasyPrint ne trouve pas ses bibliothèques système ({error}) : installez les "
            "paquets Debian libpango-1.0-0 et libpangoft2-1.0-0"
        )
    return None


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"edukit reports stay local; refusing to fetch {url}")


def _offline_fetcher() -> Any:
    """A fetcher that refuses every URL but ``data:`` ones, whatever WeasyPrint's version.

    Recent WeasyPrint versions take a ``URLFetcher`` object (with ``allowed_protocols``);
    older ones take a function.
    """
    urls = importlib.import_module("weasyprint.urls")
    fetcher_class = getattr(urls, "URLFetcher", None)
    if isinstance(fetcher_class, type):
        return fetcher_class(allowed_protocols=["data"], timeout=1)
    return _no_fetch


def html_to_pdf(html: str) -> bytes:
    """Render a report page to PDF with WeasyPrint, offline.

    Raises
    ------
    PdfUnavailableError
        When WeasyPrint or pango is missing.
    """
    reason = pdf_unavailable_reason()
    if reason is not None:
        raise PdfUnavailableError(reason)
    weasyprint = importlib.import_module("weasyprint")
    pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=_offline_fetcher()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
