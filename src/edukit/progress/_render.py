"""Trainer reports as printable HTML (the PDF source), and the attestations.

Everything a learner typed (names, pseudonyms) is escaped with ``html.escape``. The CSV
versions are in :mod:`edukit.progress._csv`, PDF in :mod:`edukit.progress._pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from edukit.course import format_duration
from edukit.progress._attestation import AttestationFields
from edukit.progress._stats import DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW
from edukit.progress._summary import (
    LEVEL_RULE,
    CourseOutline,
    GroupReport,
    LearnerReport,
    ObjectiveRow,
    Score,
)
from edukit.progress._wording import TEST_TITLES, french_date, french_decimal, french_percent

__all__ = ["EMPREINTE_NOTE", "attestation_html", "report_html"]

EMPREINTE_NOTE = (
    "L'empreinte d'un fichier du site (SHA-256) révèle une copie abîmée ou une modification "
    "maladroite ; elle ne prouve ni qui a répondu, ni que le fichier n'a pas été refait : "
    "n'importe qui peut la recalculer. Pour une preuve plus forte, recueillez les résultats "
    "sur votre propre machine (serveur de la classe) ou faites passer les tests dans le paquet "
    "SCORM noté par votre plateforme (Moodle)."
)

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
    return f"{french_decimal(score.points)} sur {score.questions} ({french_percent(ratio)} %)"


def _change_cell(change: float | None) -> str:
    if change is None:
        return '<td class="number">—</td>'
    points = change * 100
    sign = "+" if points > 0 else ""
    css = "up" if points > 0 else "down" if points < 0 else ""
    label = "en hausse" if points > 0 else "en baisse" if points < 0 else "stable"
    return (
        f'<td class="number {css}">{sign}{french_decimal(points)} '
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
        alpha = "—" if stats.alpha is None else french_decimal(stats.alpha, 2)
        review = [item for item in stats.items if item.to_review]
        parts += [
            f"<h3>{TEST_TITLES[phase]} : {stats.learners} personne(s), {len(stats.items)} "
            f"question(s), alpha de Cronbach (KR-20) {alpha}</h3>",
        ]
        if not stats.reliable:
            parts.append(
                '<p class="note">Moins de 5 personnes : ces statistiques ne sont pas fiables.</p>'
            )
        if review:
            parts += [
                "<table>",
                f"<caption>{TEST_TITLES[phase]} : questions à revoir</caption>",
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
                    f'<td class="number">{french_decimal(item.facility * 100)}</td>'
                    f'<td class="number">'
                    f"{'—' if item.discrimination is None else french_decimal(item.discrimination, 2)}"
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
        f"{french_decimal(FACILITY_LOW * 100)} % ou au-dessus de {french_decimal(FACILITY_HIGH * 100)} %, "
        f"ou quand sa discrimination est sous {french_decimal(DISCRIMINATION_LOW)}. Le détail de "
        "toutes les questions est dans le fichier statistiques-questions.csv.</p>",
        *parts,
        "</section>",
    ]


def _learner_section(
    learner: LearnerReport, number: int, titles: dict[str, str] | None = None
) -> str:
    name = escape(learner.learner)
    parts = [
        f'<section class="learner" aria-labelledby="learner-{number}">',
        f'<h2 id="learner-{number}">{name}</h2>',
        *_learner_facts(learner),
        *_competences_table(learner, f"Niveau de {name}, compétence par compétence"),
        *_rubrics_table(learner, name, titles or {}),
        *_objectives_table(learner, name),
        "</section>",
    ]
    return "\n".join(parts)


def _learner_facts(learner: LearnerReport) -> list[str]:
    """The learner's scores, lessons, time, sources and files, as a list."""
    files = ", ".join(escape(path.name) for path in learner.files)
    if "site" not in learner.sources:
        empreinte = f"sans empreinte : résultats venus de la source {learner.source_text}"
    elif learner.verified:
        empreinte = "empreinte conforme : fichier non abîmé depuis son export"
    else:
        empreinte = "empreinte absente (fichier d'une ancienne version du site)"
    return [
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


def _competences_table(learner: LearnerReport, caption: str) -> list[str]:
    """The learner's level per competence (nothing when no competence was assessed)."""
    competences = [row for row in learner.competences if row.assessed]
    if not competences:
        return []
    return _competence_rows_table(
        caption,
        (
            (
                row.competence.title,
                _level_text(row.positioning_level, row.positioning),
                _level_text(row.final_level, row.final),
            )
            for row in competences
        ),
    )


def _competence_rows_table(caption: str, rows: Iterable[tuple[str, str, str]]) -> list[str]:
    """A table of competences: each ``(title, positioning, final)``, the title escaped here,
    the two cells given as HTML."""
    return [
        "<table>",
        f"<caption>{caption}</caption>",
        "<thead><tr>"
        '<th scope="col">Compétence</th>'
        '<th scope="col">Positionnement</th>'
        '<th scope="col">Évaluation finale</th>'
        "</tr></thead>",
        "<tbody>",
        *(
            f'<tr><th scope="row">{escape(title)}</th><td>{positioning}</td><td>{final}</td></tr>'
            for title, positioning, final in rows
        ),
        "</tbody>",
        "</table>",
    ]


def _rubrics_table(learner: LearnerReport, name: str, titles: dict[str, str]) -> list[str]:
    """The learner's rubric grades (nothing when none)."""
    parts: list[str] = []
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
                f"{result.points} sur {result.max_points} ({french_percent(result.ratio)} %)"
                if result.max_points
                else f"{result.points} (grille inconnue de ce cours)"
            )
            criteria = ", ".join(
                f"{escape(criterion)} : {level}" for criterion, level in result.levels.items()
            )
            measured = "".join(
                f'<br><span class="note">{escape(titles.get(c, c))}</span>'
                for c in result.competences
            )
            parts.append(
                f'<tr><th scope="row">{escape(result.title)}{measured}</th>'
                f'<td class="number">{total}</td><td>{criteria}</td>'
                f"<td>{escape(result.grader)}, {french_date(result.graded.date())}</td></tr>"
            )
        parts += ["</tbody>", "</table>"]
    return parts


def _objectives_table(learner: LearnerReport, name: str) -> list[str]:
    """The learner's results per objective, or a sentence when there are none."""
    rows = [row for row in learner.rows if row.assessed]
    parts: list[str] = []
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
    return parts


def _refused_section(report: GroupReport) -> list[str]:
    """The files set aside, with their reasons (nothing when none)."""
    parts: list[str] = []
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
    return parts


def _group_competences_section(report: GroupReport) -> list[str]:
    """Learners at each level, competence by competence, without names."""
    parts: list[str] = []
    group_competences = report.group_competences()
    if group_competences:
        levels = ("acquis", "en cours", "non acquis", "pas assez d'éléments")

        def counts(table: dict[str, int]) -> str:
            shown = [f"{table[level]} {level}" for level in levels if table.get(level)]
            return escape(", ".join(shown)) or "—"

        parts += [
            '<section aria-labelledby="group-competences">',
            '<h2 id="group-competences">Le groupe, compétence par compétence (sans nom)</h2>',
            *_competence_rows_table(
                "Nombre de personnes à chaque niveau",
                (
                    (row.competence.title, counts(row.positioning), counts(row.final))
                    for row in group_competences
                ),
            ),
            "</section>",
        ]
    return parts


def _group_objectives_section(report: GroupReport) -> list[str]:
    """The group's means, objective by objective, without names."""
    parts: list[str] = []
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
                f'<td class="number">{french_percent(objective.positioning) or "—"}</td>'
                f'<td class="number">{french_percent(objective.final) or "—"}</td>'
                + _change_cell(objective.change)
                + "</tr>"
            )
        parts += ["</tbody>", "</table>", "</section>"]
    return parts


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
    parts += _refused_section(report)
    parts += _group_competences_section(report)
    parts += _statistics_section(report)
    parts += _group_objectives_section(report)
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


def _attestation_results(learner: LearnerReport, name: str, rows: list[ObjectiveRow]) -> list[str]:
    """The attestation's table: levels per competence, else results per objective."""
    parts: list[str] = []
    table = _competences_table(learner, f"Niveau de {name} par compétence évaluée")
    if table:
        parts += [*table, f'<p class="note">{escape(LEVEL_RULE)}</p>']
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
    return parts


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
    parts += _attestation_results(learner, name, rows)
    parts += [
        '<p class="note">Attestation remise en application de l\'article L6353-1 du Code du '
        "travail. L'assiduité est attestée par les feuilles d'émargement.</p>",
        f"<p>Fait à {escape(fields.signed_at or fields.place)}, le {french_date(signed_on)}.</p>",
        '<div class="signature"><div>Pour l\'organisme de formation</div>'
        "<div>Le formateur ou la formatrice</div></div>",
    ]
    heading = f"Attestation de fin de formation — {fields.name_of(learner.learner)}"
    return _page(heading, "\n".join(parts))
