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

from edukit.course._time import format_duration
from edukit.progress._attestation import AttestationFields
from edukit.progress._summary import (
    CourseOutline,
    GroupReport,
    LearnerReport,
    ObjectiveRow,
    Score,
)

__all__ = [
    "CSV_COLUMNS",
    "PdfUnavailableError",
    "attestation_html",
    "french_date",
    "html_to_pdf",
    "pdf_unavailable_reason",
    "report_csv",
    "report_html",
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
    "Sceau vérifié",
]

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


def _learner_section(learner: LearnerReport, number: int) -> str:
    name = escape(learner.learner)
    rows = [row for row in learner.rows if row.assessed]
    files = ", ".join(escape(path.name) for path in learner.files)
    seal = (
        "sceau vérifié"
        if learner.verified
        else "sceau non vérifiable (fichier d'une ancienne version du site)"
    )
    parts = [
        f'<section class="learner" aria-labelledby="learner-{number}">',
        f'<h2 id="learner-{number}">{name}</h2>',
        "<ul>",
        f"<li>Positionnement : {_score_text(learner.positioning)}</li>",
        f"<li>Évaluation finale : {_score_text(learner.final)}</li>",
        f"<li>Leçons terminées : {learner.lessons_completed} sur {learner.lessons_total}</li>",
        f"<li>Temps passé sur le site : {_minutes(learner.seconds)}</li>",
        f"<li>Fichiers : {files} ({seal}) ; dernier export le "
        f"{french_date(learner.exported.date())}</li>",
        "</ul>",
    ]
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
        '<p class="note">Un résultat par objectif repose souvent sur 2 ou 3 questions : '
        "une seule réponse le fait beaucoup varier. Comparez chaque personne à elle-même. "
        "Les objectifs sans question au positionnement ni à l'évaluation finale figurent "
        "dans le fichier CSV.</p>",
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
        _learner_section(learner, number) for number, learner in enumerate(report.learners, 1)
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
        "</ul>",
    ]
    if rows:
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
