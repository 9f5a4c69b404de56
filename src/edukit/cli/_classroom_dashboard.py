"""The trainer's dashboard as HTML: the model, who is connected and their progress, the room's
results by competence, the Qualiopi packs and one grading form per rubric.

Every learner text is escaped here; the page's script refreshes it with ``textContent`` only.
"""

from __future__ import annotations

import html
from typing import Any

from edukit.classroom import ModelInfo

__all__ = ["dashboard_body", "grading_forms"]

e = html.escape


def _percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{round(ratio * 100)} %"


def _levels(counts: dict[str, Any]) -> str:
    if "moyenne" in counts:
        return _percent(counts["moyenne"])
    if not counts:
        return "—"
    return ", ".join(f"{e(str(level))} : {count}" for level, count in counts.items())


def dashboard_body(
    *,
    name: str,
    address: str,
    code: str,
    model: ModelInfo | None,
    state: dict[str, Any],
    packs: list[str],
    course_problem: str | None,
) -> str:
    """The dashboard's sections (``model`` is None when the room shares none)."""
    parts = [
        f"<h1>Tableau de bord — {e(name)}</h1>",
        f"<p>Adresse : <strong>{e(address)}</strong> · code de la salle : "
        f'<strong>{e(code)}</strong> · <a href="/salle/">page pour le projecteur</a> · '
        '<a href="/formateur/">actualiser</a></p>',
    ]
    if course_problem:
        parts.append(f'<p role="alert">⚠ {e(course_problem)}</p>')
    parts.append("<h2>Modèle de langue</h2>")
    parts.append(_model_section(model, state))
    parts.append("<h2>Personnes connectées et progression</h2>")
    parts.append(_learners_section(state["apprenants"]))
    parts.append("<h2>Résultats de la salle par compétence</h2>")
    parts.append(_competences_section(state["competences"]))
    parts.append(_packs_section(packs))
    return "".join(parts)


def _model_section(model: ModelInfo | None, state: dict[str, Any]) -> str:
    if model is None:
        return "<p>Aucun modèle configuré (option --modele).</p>"
    usage = state["modele"]
    paused = state["en_pause"]
    status = "en pause" if paused else "disponible"
    action, label = ("reprendre", "Reprendre le modèle") if paused else ("pause", "Mettre en pause")
    energy = usage["energie_wh"]
    gwp = usage["co2_g"]
    return (
        f'<p class="etat{" pause" if paused else ""}">{e(model.name)} : {status}</p>'
        '<form method="post" action="/formateur/pause">'
        f'<input type="hidden" name="action" value="{action}">'
        f"<button>{label}</button></form>"
        f"<p>{usage['requetes']} requête(s), {usage['jetons']} jetons. "
        + (
            f"Estimation (ecologits, mix électrique français) : {energy[0]:.3g} à "
            f"{energy[1]:.3g} Wh, {gwp[0]:.3g} à {gwp[1]:.3g} g CO₂e "
            f"sur {usage['appels_estimes']} appel(s).</p>"
            if usage["appels_estimes"]
            else "Pas d'estimation d'énergie pour ce modèle (donnez --parametres).</p>"
        )
    )


def _learner_row(learner: dict[str, Any]) -> str:
    where = learner.get("lecon_titre") or learner.get("page") or "—"
    lessons = (
        f"{learner['lecons_terminees']} / {learner['lecons_total']}"
        if "lecons_total" in learner
        else "—"
    )
    before, after = learner.get("positionnement"), learner.get("evaluation_finale")
    change = (
        f"{round((after - before) * 100):+d} points"
        if before is not None and after is not None
        else "—"
    )
    grades = ", ".join(
        f"{e(g['titre'])} : {g['points']}" + (f" / {g['max']}" if g["max"] else "")
        for g in learner.get("grilles", [])
    )
    return (
        f'<tr data-apprenant="{e(learner["id"])}">'
        f"<td>{e(learner['pseudo'])}</td>"
        f'<td data-champ="connecte">{"oui" if learner["connecte"] else "non"}</td>'
        f'<td data-champ="ou">{e(str(where))}</td>'
        f"<td>{lessons}</td>"
        f"<td>{_percent(before)}</td>"
        f"<td>{_percent(after)}</td>"
        f"<td>{change}</td>"
        f"<td>{grades or '—'}</td>"
        "</tr>"
    )


def _learners_section(learners: list[dict[str, Any]]) -> str:
    if not learners:
        return "<p>Personne n'a encore rejoint la salle.</p>"
    return (
        "<table><caption>Une ligne par personne</caption><thead><tr>"
        '<th scope="col">Pseudonyme</th><th scope="col">Connectée</th>'
        '<th scope="col">Où elle en est</th><th scope="col">Leçons terminées</th>'
        '<th scope="col">Positionnement</th><th scope="col">Évaluation finale</th>'
        '<th scope="col">Évolution</th><th scope="col">Grilles notées</th>'
        "</tr></thead><tbody>" + "".join(_learner_row(row) for row in learners) + "</tbody></table>"
    )


def _competences_section(competences: list[dict[str, Any]]) -> str:
    if not competences:
        return "<p>Pas encore de résultat de test dans la salle.</p>"
    rows = [
        f"<tr><td>{e(c['titre'])}</td><td>{_levels(c['positionnement'])}</td>"
        f"<td>{_levels(c['evaluation_finale'])}</td></tr>"
        for c in competences
    ]
    return (
        "<table><caption>Nombre de personnes par niveau</caption><thead><tr>"
        '<th scope="col">Compétence</th><th scope="col">Positionnement</th>'
        '<th scope="col">Évaluation finale</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _packs_section(packs: list[str]) -> str:
    section = (
        '<h2 id="dossiers">Dossier Qualiopi</h2>'
        "<p>Rapport CSV et HTML, PDF et attestations, faits par le même code que "
        "« edukit report », à partir des données de la salle.</p>"
        '<form method="post" action="/formateur/dossier"><button>Préparer le dossier '
        "Qualiopi</button></form>"
    )
    if packs:
        links = "".join(
            f'<li><a href="/formateur/dossiers/{e(name)}" download>{e(name)}</a></li>'
            for name in packs
        )
        section += f"<ul>{links}</ul>"
    return section


def grading_forms(state: dict[str, Any], rubrics: dict[str, Any]) -> str:
    """One form per rubric: the learner, who grades, a level per criterion."""
    if not rubrics or not state["apprenants"]:
        return ""
    people = "".join(
        f'<option value="{e(learner["id"])}">{e(learner["pseudo"])}</option>'
        for learner in state["apprenants"]
    )
    parts = ['<h2 id="notes">Noter une grille</h2>']
    for rubric in sorted(rubrics.values(), key=lambda r: r.id):
        fields = []
        for criterion in rubric.criteria:
            name = f"{rubric.id}-{criterion.id}"
            options = "".join(
                f'<option value="{level}">{level} — {e(text)}</option>'
                for level, text in enumerate(criterion.levels)
            )
            fields.append(
                f'<p><label for="{e(name)}">{e(criterion.title)}</label> '
                f'<select id="{e(name)}" name="critere-{e(criterion.id)}">{options}</select></p>'
            )
        parts.append(
            f'<form method="post" action="/formateur/note"><fieldset>'
            f"<legend>{e(rubric.title)}</legend>"
            f'<input type="hidden" name="grille" value="{e(rubric.id)}">'
            f'<p><label for="{e(rubric.id)}-apprenant">Personne</label> '
            f'<select id="{e(rubric.id)}-apprenant" name="apprenant">{people}</select></p>'
            + "".join(fields)
            + f'<p><label for="{e(rubric.id)}-correcteur">Qui note</label> '
            f'<input id="{e(rubric.id)}-correcteur" name="correcteur" maxlength="80" required></p>'
            "<p><button>Enregistrer la note</button></p></fieldset></form>"
        )
    return "".join(parts)
