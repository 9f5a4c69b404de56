"""The trainer's side of the room: the projector page, the dashboard and its JSON state, the
model's pause, rubric grades and the Qualiopi pack (the files ``edukit report`` writes).

Every route but the projector's asks for the trainer's token (link printed at launch, then a
``SameSite=Strict`` cookie) and refuses a POST sent from another site.
"""

from __future__ import annotations

import functools
import html
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from edukit._problems import ProblemError
from edukit.classroom import PACKS_FOLDER, Room, RoomError
from edukit.cli._classroom_dashboard import dashboard_body, grading_forms
from edukit.cli._classroom_http import COOKIE, Access, ClassroomConfig, error, read_body
from edukit.cli._classroom_pages import CSS, DASHBOARD_JS, page, projector_body

__all__ = ["course_for_dashboard", "trainer_routes"]

logger = logging.getLogger("edukit.classroom")

_PACK_NAME = re.compile(r"^dossier-qualiopi-\d{8}-\d{6}\.zip$")


def trainer_routes(config: ClassroomConfig, access: Access) -> list[Route]:
    """The projector page, the dashboard and the trainer's actions."""
    room = config.room
    outline, rubrics, course_problem = course_for_dashboard(config.course_root.resolve())

    async def projector(request: Request) -> Response:
        return page(
            f"{html.escape(room.name)} — rejoindre la salle", projector_body(room, config.address)
        )

    async def stylesheet(request: Request) -> Response:
        return PlainTextResponse(CSS, media_type="text/css")

    async def dashboard_script(request: Request) -> Response:
        return PlainTextResponse(DASHBOARD_JS, media_type="text/javascript")

    async def dashboard(request: Request) -> Response:
        given = request.query_params.get("jeton")
        if given is not None:
            if not room.is_trainer(given):
                raise RoomError(401, "jeton_errone", "Ce jeton de formateur n'est pas le bon.")
            redirect = RedirectResponse("/formateur/", status_code=303)
            redirect.set_cookie(COOKIE, given, httponly=True, samesite="strict", path="/formateur/")
            return redirect
        access.require_trainer(request)
        state = await run_in_threadpool(_state, room, outline, rubrics)
        body = dashboard_body(
            name=room.name,
            address=config.address,
            code=room.code,
            model=room.model if config.backend is not None else None,
            state=state,
            packs=_packs(room),
            course_problem=course_problem,
        )
        return page(
            f"{html.escape(room.name)} — tableau de bord",
            body + grading_forms(state, rubrics),
            script="/formateur/tableau.js",
        )

    async def dashboard_state(request: Request) -> Response:
        access.require_trainer(request)
        return JSONResponse(await run_in_threadpool(_state, room, outline, rubrics))

    async def pause(request: Request) -> Response:
        access.require_trainer(request)
        form = parse_qs((await read_body(request, 1024)).decode("utf-8", "replace"))
        room.set_paused(form.get("action", [""])[0] != "reprendre")
        return RedirectResponse("/formateur/", status_code=303)

    async def grade(request: Request) -> Response:
        access.require_trainer(request)
        form = parse_qs((await read_body(request, 8 * 1024)).decode("utf-8", "replace"))
        await run_in_threadpool(_record_grade, room, rubrics, form)
        return RedirectResponse("/formateur/#notes", status_code=303)

    return [
        Route("/salle/", projector, methods=["GET"]),
        Route("/formateur/", dashboard, methods=["GET"]),
        Route("/formateur/style.css", stylesheet, methods=["GET"]),
        Route("/formateur/tableau.js", dashboard_script, methods=["GET"]),
        Route("/salle/style.css", stylesheet, methods=["GET"]),
        Route("/formateur/api/etat", dashboard_state, methods=["GET"]),
        Route("/formateur/pause", pause, methods=["POST"]),
        Route("/formateur/note", grade, methods=["POST"]),
        *_pack_routes(config, access, (outline, rubrics, course_problem)),
    ]


def _pack_routes(
    config: ClassroomConfig,
    access: Access,
    course: tuple[Any, dict[str, Any], str | None],
) -> list[Route]:
    """Make a Qualiopi pack of the room's data, and download one (``course``: the outline,
    rubrics and problem :func:`course_for_dashboard` gives; no pack when the course cannot be
    read)."""
    room = config.room
    outline, rubrics, course_problem = course

    async def make_pack(request: Request) -> Response:
        access.require_trainer(request)
        if outline is None:
            raise RoomError(409, "cours_illisible", course_problem or "Le cours est illisible.")
        name, message = await run_in_threadpool(_qualiopi_pack, room, config, outline, rubrics)
        if name is None:
            raise RoomError(409, "dossier_impossible", message)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"dossier": name, "message": message})
        return RedirectResponse("/formateur/#dossiers", status_code=303)

    async def download_pack(request: Request) -> Response:
        access.require_trainer(request)
        name = request.path_params["name"]
        path = room.store.folder / PACKS_FOLDER / name
        if not _PACK_NAME.match(name) or not path.is_file():
            return error(404, "introuvable", "Ce dossier n'existe pas (ou a été purgé).")
        return FileResponse(path, media_type="application/zip", filename=name)

    return [
        Route("/formateur/dossier", make_pack, methods=["POST"]),
        Route("/formateur/dossiers/{name}", download_pack, methods=["GET"]),
    ]


@functools.lru_cache(maxsize=4)
def course_for_dashboard(root: Path) -> tuple[Any, dict[str, Any], str | None]:
    """The course outline and rubrics for the dashboard, or why they cannot be read (read
    once per server: the course does not change during a session).

    A course that cannot be read does not stop the room: the dashboard says why. An error of
    the author's (a file refused, a folder unreadable) is said in French; an error of
    edukit's own is logged with its traceback for developers and said to be one.
    """
    from edukit.course import load_course
    from edukit.progress import RUBRICS_FOLDER, CourseOutline, load_rubrics

    try:
        loaded = load_course(root)
        rubrics, _ = load_rubrics(root / RUBRICS_FOLDER)
    except ProblemError as refused:
        return None, {}, f"le cours ne peut pas être lu : {refused}"
    except OSError as unreadable:
        return (
            None,
            {},
            f"le cours ne peut pas être lu ({unreadable.strerror or unreadable}) : vérifiez que "
            "le dossier du cours est lisible, puis relancez « edukit classroom »",
        )
    except Exception:  # edukit's own bug: the room still opens, developers get the traceback
        logger.exception("erreur interne d'edukit en lisant le cours de %s", root)
        return (
            None,
            {},
            "erreur interne d'edukit en lisant le cours (détail dans le terminal) : la salle "
            "fonctionne, mais sans progression ni dossier Qualiopi ; signalez cette erreur",
        )
    if loaded.course is None:
        return (
            None,
            {},
            (
                "le cours ne peut pas être lu : lancez « edukit classroom » depuis la racine du "
                "dépôt du cours (ou avec --course-root), puis « edukit check »"
            ),
        )
    outline = CourseOutline.from_course(loaded.course, loaded.competences)
    return outline, dict(rubrics), None


def _learner_row(room: Room, learner: Any, lessons: dict[str, str]) -> dict[str, Any]:
    return {
        "id": learner.id,
        "pseudo": learner.pseudo,
        "connecte": room.connected(learner),
        "vu": learner.last_seen.isoformat(),
        "page": learner.page,
        "lecon": learner.lesson,
        "lecon_titre": lessons.get(learner.lesson or ""),
    }


def _report_fields(report: Any) -> dict[str, Any]:
    return {
        "lecons_terminees": report.lessons_completed,
        "lecons_total": report.lessons_total,
        "positionnement": report.positioning.ratio,
        "evaluation_finale": report.final.ratio,
        "grilles": [
            {"grille": r.rubric, "titre": r.title, "points": r.points, "max": r.max_points}
            for r in report.rubrics
        ],
    }


def _competences(outline: Any, reports: list[Any]) -> list[dict[str, Any]]:
    from edukit.progress import GroupReport

    if outline is None or not reports:
        return []
    group = GroupReport(outline, reports)
    competences = [
        {
            "competence": item.competence.id,
            "titre": item.competence.title,
            "positionnement": item.positioning,
            "evaluation_finale": item.final,
        }
        for item in group.group_competences()
    ]
    if competences:
        return competences
    return [  # no competences file yet: objectives
        {
            "competence": item.objective.id,
            "titre": item.objective.text,
            "positionnement": {"moyenne": item.positioning},
            "evaluation_finale": {"moyenne": item.final},
        }
        for item in group.group_objectives()
    ]


def _state(room: Room, outline: Any, rubrics: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard shows, as JSON data (learner texts are data, never HTML)."""
    from edukit.progress import learner_report

    lessons = dict(outline.lessons) if outline is not None else {}
    learners: list[dict[str, Any]] = []
    reports = []
    for learner in room.store.learners():
        row = _learner_row(room, learner, lessons)
        progress = room.progress_file(learner) if outline is not None else None
        if progress is not None:
            report = learner_report(progress, outline, sources=["classe"], rubrics=rubrics)
            reports.append(report)
            row.update(_report_fields(report))
        learners.append(row)
    usage = room.usage()
    return {
        "salle": room.name,
        "en_pause": room.paused,
        "apprenants": learners,
        "competences": _competences(outline, reports),
        "modele": {
            "requetes": usage.requests,
            "jetons": usage.tokens,
            "appels_estimes": usage.estimated_calls,
            "energie_wh": list(usage.energy_wh),
            "co2_g": list(usage.gwp_g),
        },
    }


def _packs(room: Room) -> list[str]:
    folder = room.store.folder / PACKS_FOLDER
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if _PACK_NAME.match(p.name)), reverse=True)


def _qualiopi_pack(
    room: Room, config: ClassroomConfig, outline: Any, rubrics: dict[str, Any]
) -> tuple[str | None, str]:
    """Zip the room's progress files and the report ``edukit report`` makes of them.

    Everything is built in memory: the pack is written once, atomically, when complete.
    """
    from edukit.cli._report import item_locations, write_bytes_atomically
    from edukit.progress import (
        LoadedProgress,
        group_report,
        load_attestation_fields,
        pdf_unavailable_reason,
        report_files,
    )

    members: dict[str, Callable[[], bytes]] = {}
    loaded: list[LoadedProgress] = []
    for index, learner in enumerate(room.store.learners(), start=1):
        progress = room.progress_file(learner)
        if progress is None or (not progress.entries and not progress.rubrics):
            continue
        name = f"progression/apprenant-{index:03d}.json"
        data = json.dumps(progress.to_json_data(), ensure_ascii=False, indent=1).encode()
        members[name] = functools.partial(bytes, data)
        loaded.append(LoadedProgress(Path(name), progress))
    if not loaded:
        return None, "Aucune donnée dans la salle : rien à mettre dans le dossier."
    try:
        fields = (
            None
            if config.attestation_fields is None
            else load_attestation_fields(config.attestation_fields)
        )
    except ProblemError as refused:
        logger.error("champs de l'attestation refusés :\n%s", refused)
        return None, "Le fichier des champs de l'attestation a des erreurs (voir le terminal)."
    result = group_report(
        loaded, outline, rubrics=rubrics, item_locations=item_locations(config.course_root)
    )
    pdf = config.pack_pdf and pdf_unavailable_reason() is None
    for entry in report_files(result, fields=fields, pdf=pdf):
        members[f"rapport/{entry.name}"] = entry.render
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            archive.writestr(name, members[name]())
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    pack = f"dossier-qualiopi-{stamp}.zip"
    write_bytes_atomically(room.store.folder / PACKS_FOLDER / pack, buffer.getvalue())
    return pack, f"Dossier prêt : {len(loaded)} personne(s)."


def _record_grade(room: Room, rubrics: dict[str, Any], form: dict[str, list[str]]) -> None:
    """Check and store a rubric grade sent by the dashboard's form."""
    from edukit.progress import RubricGrade, check_grade

    def field(name: str) -> str:
        return form.get(name, [""])[0].strip()

    rubric = rubrics.get(field("grille"))
    if rubric is None:
        raise RoomError(400, "grille_inconnue", "Cette grille n'existe pas dans le cours.")
    learner = room.store.learner(field("apprenant"))
    if learner is None:
        raise RoomError(400, "personne_inconnue", "Cette personne n'est pas dans la salle.")
    grader = field("correcteur")
    if not grader or len(grader) > 80 or re.search(r"[\x00-\x1f\x7f]", grader):
        raise RoomError(
            400, "correcteur_invalide", "Écrivez qui note (un nom de 1 à 80 caractères)."
        )
    levels: dict[str, int] = {}
    for criterion in rubric.criteria:
        value = field(f"critere-{criterion.id}")
        if not value.isdigit():
            raise RoomError(
                400, "niveau_invalide", f"Choisissez un niveau pour « {criterion.title} »."
            )
        levels[criterion.id] = int(value)
    problems = check_grade(rubric, levels)
    if problems:
        raise RoomError(400, "note_invalide", "; ".join(problems).capitalize() + ".")
    room.grade(
        learner.id,
        RubricGrade(rubric=rubric.id, criteria=levels, grader=grader, graded=datetime.now(UTC)),
    )
