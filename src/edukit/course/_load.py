"""Load ``courses/course.yml`` and every lesson it lists, collecting every problem on the way.

:func:`load_course` never raises for an author's mistake: it returns what could be loaded and
the full list of problems, so that ``edukit check`` can show them all at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from edukit._problems import Problem, Severity
from edukit._yaml import YamlDocument
from edukit.course._active_html import check_active_html
from edukit.course._competences import load_competences
from edukit.course._course_load import BrokenLesson, CourseLoad, finish_problems, relative_path
from edukit.course._errors import LineOf, Loc, closest, problems_from_validation
from edukit.course._facts import fact_problems
from edukit.course._files import read_front_matter, read_yaml
from edukit.course._models import (
    Activity,
    Course,
    CourseFile,
    Lesson,
    LessonFrontMatter,
    Module,
    ModuleDefaults,
    ModuleEntry,
)
from edukit.course._time import parse_duration
from edukit.course._timeline import Timed, timeline_problems

__all__ = ["COURSE_FILE", "CourseLoad", "load_course"]

COURSE_FILE = Path("courses") / "course.yml"
LESSON_ID = re.compile(r"^l\d{2,}-[a-z0-9][a-z0-9-]*$")
"""What a lesson id looks like; prerequisites written this way must name a real lesson."""
NOT_LESSONS = {"index.md", "readme.md"}
M = TypeVar("M", bound=BaseModel)
_WHAT = {"audience": "de public", "module": "de module", "lesson": "de leçon"}
_WHAT_PATH = {"notebook": "le notebook", "bank": "la banque", "exercise": "l'exercice"}


def load_course(root: Path | str) -> CourseLoad:
    """Load the course of the repository at ``root`` (the folder holding ``courses/course.yml``).

    Examples
    --------
    >>> load = load_course(Path("/nonexistent"))
    >>> load.course is None
    True
    >>> print(load.problems[0])
    courses/course.yml: le fichier n'existe pas — lancez edukit depuis la racine du dépôt, ou passez --root
    """
    loader = _Loader(Path(root))
    course = loader.load()
    lines = {
        objective: (relative_path(path, loader.root), line)
        for objective, (path, line) in loader.objectives.items()
    }
    competences = None
    if course is not None:
        competences, competence_problems = load_competences(loader.root, lines)
        loader.problems.extend(competence_problems)
    lessons = [lesson.path for lesson in course.lessons] if course is not None else []
    problems = [*loader.problems, *fact_problems(loader.root, lessons=lessons)]
    broken = {
        lesson_id: BrokenLesson(
            relative_path(state.path, loader.root),
            state.objectives_known,
            state.timing_known,
            state.loaded,
        )
        for lesson_id, state in loader.broken.items()
    }
    return CourseLoad(course, finish_problems(problems, loader.root), lines, competences, broken)


def _validate(
    model: type[M], data: Any, document: YamlDocument, problems: list[Problem], *, prefix: Loc = ()
) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:

        def line_of(loc: Loc) -> tuple[Path, int | None]:
            return document.path, document.line(*prefix, *loc)

        problems.extend(problems_from_validation(error, model, line_of))
        return None


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.problems: list[Problem] = []
        self.audience_ids: list[str] = []
        self.listed: dict[str, tuple[int, int]] = {}
        """Where each lesson id is first listed: (module index, position) in course.yml."""
        self.objectives: dict[str, tuple[Path, int | None]] = {}
        self.timeline: list[Timed] = []
        self.broken: dict[str, BrokenLesson] = {}
        self.lesson_files: dict[str, Path] = {}
        """The file of each listed lesson, by id."""
        self.timing_gap: int | None = None
        """Index in the timeline where the first lesson with unreadable activities sits."""

    def error(self, path: Path, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, message, hint))

    def warn(self, path: Path, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, message, hint, Severity.WARNING))

    # -- course.yml ------------------------------------------------------------------------------

    def load(self) -> Course | None:
        read = self._course_document()
        if read is None:
            return None
        document, data = read
        entries = self._module_entries(document, data)
        course_file = _validate(CourseFile, data, document, self.problems)
        if course_file is None:
            return None
        duration = self._duration(document, course_file)
        schedule = course_file.schedule
        self._index_lessons(document, course_file, entries)
        modules = [self._module(document, index, entry) for index, entry in entries]
        self.problems += timeline_problems(
            self.timeline[: self.timing_gap],
            document,
            duration,
            course_file.schedule.day_minutes,
            complete=self.timing_gap is None,
        )
        return Course(
            id=course_file.id,
            title=course_file.title,
            language=course_file.language,
            duration=duration,
            schedule=schedule,
            audiences=course_file.audiences,
            modules=modules,
            root=self.root,
        )

    def _course_document(self) -> tuple[YamlDocument, dict[str, Any]] | None:
        """``course.yml`` and its keys (unknown keys reported and dropped), or ``None``."""
        path = self.root / COURSE_FILE
        document, problems = read_yaml(path)
        if document is None:
            if problems and problems[0].message == "le fichier n'existe pas":
                problems = [
                    Problem(
                        path,
                        None,
                        "le fichier n'existe pas",
                        "lancez edukit depuis la racine du dépôt, ou passez --root",
                    )
                ]
            self.problems.extend(problems)
            return None
        if not isinstance(document.data, dict):
            self.error(
                path,
                1,
                "course.yml doit être fait de lignes « clé: valeur »",
                "suivez l'exemple de CONTRIBUTING.md",
            )
            return None
        data = dict(document.data)
        known = [key for key in CourseFile.model_fields]
        for key in [key for key in data if key not in known]:
            guess = closest(str(key), known)
            self.error(
                path,
                document.line(key),
                f"la clé « {key} » est inconnue",
                f"voulez-vous dire « {guess} » ?"
                if guess
                else f"clés connues : {', '.join(known)}",
            )
            del data[key]
        return document, data

    def _module_entries(
        self, document: YamlDocument, data: dict[str, Any]
    ) -> list[tuple[int, ModuleEntry]]:
        """The readable module entries with their index; ``data["modules"]`` keeps only them."""
        path = document.path
        entries: list[tuple[int, ModuleEntry]] = []
        if isinstance(data.get("modules"), list):
            for index, raw in enumerate(data["modules"]):
                entry = _validate(
                    ModuleEntry, raw, document, self.problems, prefix=("modules", index)
                )
                if entry is not None:
                    entries.append((index, entry))
            if not data["modules"]:
                self.error(
                    path,
                    document.line("modules"),
                    "« modules » est vide",
                    "listez au moins un module avec son id, son titre et ses leçons",
                )
            data["modules"] = [entry.model_dump() for _, entry in entries]
        return entries

    def _duration(self, document: YamlDocument, course_file: CourseFile) -> int:
        """The course's duration in minutes (0 when unreadable), checked against its schedule."""
        path = document.path
        duration = parse_duration(course_file.duration)
        if duration is None or duration <= 0:
            self.error(
                path,
                document.line("duration"),
                f"la durée {course_file.duration!r} ne peut pas être lue",
                "écrivez-la comme 21h, 7h30 ou un nombre de minutes",
            )
            duration = 0
        schedule = course_file.schedule
        if duration and schedule.days * schedule.day_minutes != duration:
            self.error(
                path,
                document.line("schedule", "day_minutes"),
                f"l'horaire donne {schedule.days} jours × {schedule.day_minutes} min = "
                f"{schedule.days * schedule.day_minutes} min, mais la durée est de {duration} min",
                "faites que « days » × « day_minutes » égale la durée",
            )
        for index, pause in enumerate(schedule.breaks):
            if pause.after >= schedule.day_minutes:
                self.error(
                    path,
                    document.line("schedule", "breaks", index, "after"),
                    f"la pause « {pause.label} » vient après {pause.after} min, "
                    f"mais une journée compte {schedule.day_minutes} min de formation",
                    f"donnez à « after » une valeur inférieure à {schedule.day_minutes}",
                )
        return duration

    def _index_lessons(
        self,
        document: YamlDocument,
        course_file: CourseFile,
        entries: list[tuple[int, ModuleEntry]],
    ) -> None:
        """No id twice; where each lesson is listed, and its file."""
        self._no_duplicates(
            document, "audiences", [a.id for a in course_file.audiences], "audience", "id"
        )
        self.audience_ids = [audience.id for audience in course_file.audiences]
        self._no_duplicates_at(
            document,
            [(("modules", index, "id"), entry.id) for index, entry in entries],
            "module",
        )
        self._no_duplicates_at(
            document,
            [
                (("modules", index, "lessons", position), lesson_id)
                for index, entry in entries
                for position, lesson_id in enumerate(entry.lessons)
            ],
            "lesson",
        )
        for index, entry in entries:
            for position, lesson_id in enumerate(entry.lessons):
                self.listed.setdefault(lesson_id, (index, position))
                folder = self.root / "courses" / (entry.path or entry.id)
                self.lesson_files.setdefault(lesson_id, folder / f"{lesson_id}.md")

    def _no_duplicates(
        self, document: YamlDocument, key: str, ids: list[str], what: str, id_key: str
    ) -> None:
        self._no_duplicates_at(
            document, [((key, index, id_key), value) for index, value in enumerate(ids)], what
        )

    def _no_duplicates_at(
        self, document: YamlDocument, located: list[tuple[Loc, str]], what: str
    ) -> None:
        first: dict[str, int | None] = {}
        for loc, value in located:
            line = document.line(*loc)
            if value in first:
                where = (
                    "sur cette ligne"
                    if first[value] == line
                    else f"d'abord en {COURSE_FILE.as_posix()}:{first[value]}"
                )
                self.error(
                    document.path,
                    line,
                    f"l'identifiant {_WHAT[what]} « {value} » est utilisé deux fois ({where})",
                    "listez chaque leçon une seule fois"
                    if what == "lesson"
                    else "donnez à chacun son propre identifiant",
                )
            else:
                first[value] = line

    # -- modules and lessons -----------------------------------------------------------------------

    def _module(self, course_doc: YamlDocument, index: int, entry: ModuleEntry) -> Module:
        folder = self.root / "courses" / (entry.path or entry.id)
        defaults, defaults_doc = self._module_defaults(folder)
        lessons = []
        for position, lesson_id in enumerate(entry.lessons):
            file = folder / f"{lesson_id}.md"
            listed_line = course_doc.line("modules", index, "lessons", position)
            if not file.is_file():
                self.error(
                    course_doc.path,
                    listed_line,
                    f"la leçon « {lesson_id} » est listée mais {_posix(file, self.root)} n'existe pas",
                    self._missing_lesson_hint(lesson_id, entry),
                )
                continue
            if self.listed[lesson_id] != (index, position):
                continue  # listed twice: reported once, loaded once
            lesson = self._lesson(file, entry.id, defaults, defaults_doc)
            if lesson is not None:
                lessons.append(lesson)
        self._unlisted_files(folder)
        return Module(
            id=entry.id,
            title=entry.title,
            path=entry.path or entry.id,
            lesson_ids=list(entry.lessons),
            lessons=lessons,
        )

    def _missing_lesson_hint(self, lesson_id: str, entry: ModuleEntry) -> str:
        elsewhere = sorted((self.root / "courses").glob(f"*/{lesson_id}.md"))
        if elsewhere:
            return (
                f"elle est dans {_posix(elsewhere[0], self.root)} ; déplacez-la dans "
                f"courses/{entry.path or entry.id}/ ou listez-la sous son propre module"
            )
        return (
            f'créez-la (edukit new lesson {entry.id} "Titre") ou retirez « {lesson_id} » '
            "de la liste"
        )

    def _module_defaults(self, folder: Path) -> tuple[ModuleDefaults, YamlDocument | None]:
        path = folder / "_module.yml"
        if not path.exists():
            return ModuleDefaults(), None
        document, problems = read_yaml(path)
        self.problems.extend(problems)
        if document is None:
            return ModuleDefaults(), None
        if document.data is None:
            return ModuleDefaults(), document
        defaults = _validate(ModuleDefaults, document.data, document, self.problems)
        if defaults is None:
            return ModuleDefaults(), document
        for index, audience in enumerate(defaults.audiences or []):
            self._check_audience(audience, path, document.line("audiences", index))
        return defaults, document

    def _unlisted_files(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for file in sorted(folder.glob("*.md")):
            if file.name.startswith("_") or file.name.lower() in NOT_LESSONS:
                continue
            if file.stem not in self.listed:
                front, _ = read_front_matter(file)
                data = front.document.data if front is not None else None
                claimed = data.get("id") if isinstance(data, dict) else None
                owner = self.lesson_files.get(claimed) if isinstance(claimed, str) else None
                if owner is not None and owner != file:
                    self.error(
                        file,
                        front.document.line("id") if front is not None else 1,
                        f"l'identifiant « {claimed} » est déjà celui de {_posix(owner, self.root)}",
                        "donnez à cette leçon son propre identifiant (le nom du fichier sans "
                        f"« .md »), listé dans {COURSE_FILE.as_posix()}",
                    )
                    continue
                self.warn(
                    file,
                    1,
                    f"ce fichier de leçon n'est pas listé dans {COURSE_FILE.as_posix()}",
                    f"ajoutez « {file.stem} » aux leçons d'un module, ou supprimez le fichier",
                )

    def _lesson(
        self,
        file: Path,
        module_id: str,
        defaults: ModuleDefaults,
        defaults_doc: YamlDocument | None,
    ) -> Lesson | None:
        front, problems = read_front_matter(file)
        self.problems.extend(problems)
        if front is None:
            self._mark_broken(file, objectives_known=False, timing_known=False)
            return None
        document = front.document
        if not isinstance(document.data, dict):
            self.error(
                file,
                1,
                "l'en-tête doit être fait de lignes « clé: valeur »",
                "suivez le modèle de leçon de CONTRIBUTING.md",
            )
            self._mark_broken(file, objectives_known=False, timing_known=False)
            return None
        data: dict[str, Any] = defaults.model_dump(exclude_none=True)
        from_defaults = set(data)
        for key, value in document.data.items():
            data[key] = value
            from_defaults.discard(key)

        def line_of(loc: Loc) -> tuple[Path, int | None]:
            if loc and loc[0] in from_defaults and defaults_doc is not None:
                return defaults_doc.path, defaults_doc.line(*loc)
            return file, document.line(*loc)

        timing_known = self._salvage_timing(document)
        objectives_known = self._register_objectives(document)
        self._check_references(data, line_of)
        self.problems.extend(check_active_html(front, data))  # takes out 'html_actif'
        try:
            front_matter = LessonFrontMatter.model_validate(data)
        except ValidationError as error:
            self.problems.extend(problems_from_validation(error, LessonFrontMatter, line_of))
            self._mark_broken(file, objectives_known=objectives_known, timing_known=timing_known)
            return None
        if not objectives_known:
            self._mark_broken(file, objectives_known=False, timing_known=timing_known, loaded=True)
        if front_matter.id != file.stem:
            owner = self.lesson_files.get(front_matter.id)
            self.error(
                file,
                document.line("id"),
                f"l'identifiant « {front_matter.id} » est déjà celui de {_posix(owner, self.root)}"
                if owner is not None and owner != file
                else f"l'identifiant « {front_matter.id} » ne correspond pas au nom du fichier "
                f"« {file.name} »",
                f"écrivez « id: {file.stem} » (l'identifiant listé dans {COURSE_FILE.as_posix()})",
            )
        audiences = front_matter.audiences
        return Lesson(
            **front_matter.model_dump(exclude={"audiences", "id"}),
            id=file.stem,
            audiences=audiences if audiences is not None else list(self.audience_ids),
            path=file,
            body=front.body,
            body_line=front.body_line,
            module_id=module_id,
        )

    def _check_references(self, data: dict[str, Any], line_of: LineOf) -> None:
        """Audiences, prerequisites and paths, checked on the raw front matter so that they are
        reported even when another key of the lesson is wrong."""
        for index, audience in _strings(data.get("audiences")):
            where, line = line_of(("audiences", index))
            self._check_audience(audience, where, line)
        for index, prerequisite in _strings(data.get("prerequisites")):
            if LESSON_ID.match(prerequisite) and prerequisite not in self.listed:
                where, line = line_of(("prerequisites", index))
                self.error(
                    where,
                    line,
                    f"le prérequis « {prerequisite} » n'est pas une leçon du cours",
                    "écrivez l'identifiant d'une leçon de course.yml, ou décrivez-le en mots",
                )
        checks: list[tuple[Loc, str, str]] = []
        notebook = data.get("notebook")
        if isinstance(notebook, str | Path):
            checks.append((("notebook",), str(notebook), "notebook"))
        checks += [(("banks", i), bank, "bank") for i, bank in _strings(data.get("banks"))]
        checks += [(("exercises", i), ex, "exercise") for i, ex in _strings(data.get("exercises"))]
        for loc, relative, what in checks:
            target = (self.root / relative).resolve()
            wanted_file = what != "bank"
            kind = "d'un fichier" if wanted_file else "d'un dossier ou d'un fichier .yml"
            shown = Path(relative).as_posix()
            if Path(relative).is_absolute() or not target.is_relative_to(self.root):
                message = f"{_WHAT_PATH[what]} « {shown} » est hors du dépôt"
            elif wanted_file and target.is_dir():
                message = f"{_WHAT_PATH[what]} « {shown} » est un dossier, pas un fichier"
            elif not (target.is_file() or (not wanted_file and target.is_dir())):
                message = f"{_WHAT_PATH[what]} « {shown} » n'existe pas"
            else:
                continue
            where, line = line_of(loc)
            self.error(
                where,
                line,
                message,
                f"écrivez le chemin {kind} existant depuis la racine du dépôt",
            )

    def _check_audience(self, audience: str, path: Path, line: int | None) -> None:
        if audience not in self.audience_ids:
            known = ", ".join(self.audience_ids) or "aucun"
            self.error(
                path,
                line,
                f"le public « {audience} » n'est pas défini dans {COURSE_FILE.as_posix()}",
                f"publics connus : {known}",
            )

    def _mark_broken(
        self, file: Path, *, objectives_known: bool, timing_known: bool, loaded: bool = False
    ) -> None:
        if not timing_known and self.timing_gap is None:
            self.timing_gap = len(self.timeline)
        self.broken[file.stem] = BrokenLesson(file, objectives_known, timing_known, loaded)

    def _register_objectives(self, document: YamlDocument) -> bool:
        """Remember where each objective id is defined; a second definition is an error.

        Returns whether every objective of the lesson could be registered under its own id.
        """
        objectives = document.data.get("objectives") if isinstance(document.data, dict) else None
        if not isinstance(objectives, list):
            return False
        complete = True
        for index, objective in enumerate(objectives):
            if not isinstance(objective, dict) or not isinstance(objective.get("id"), str):
                complete = False
                continue
            objective_id = objective["id"].strip()
            line = document.line("objectives", index, "id")
            if objective_id in self.objectives:
                first_path, first_line = self.objectives[objective_id]
                self.error(
                    document.path,
                    line,
                    f"l'identifiant d'objectif « {objective_id} » est utilisé deux fois "
                    f"(d'abord en {_posix(first_path, self.root)}:{first_line})",
                    "chaque objectif a son propre identifiant dans tout le cours, sur le modèle "
                    "lNN-oK",
                )
                complete = False
            else:
                self.objectives[objective_id] = (document.path, line)
        return complete

    def _salvage_timing(self, document: YamlDocument) -> bool:
        """Put every readable activity on the timeline, even when its lesson has mistakes.

        Returns whether every activity could be read; if not, the timetable cannot be checked
        from this lesson on.
        """
        activities = document.data.get("activities") if isinstance(document.data, dict) else None
        complete = isinstance(activities, list)
        for index, raw in enumerate(activities if isinstance(activities, list) else []):
            try:
                activity = Activity.model_validate(raw)
            except ValidationError:
                complete = False
                continue
            line = document.line("activities", index, "title")
            self.timeline.append(Timed(activity, document.path, line))
        return complete

    # -- the timetable ----------------------------------------------------------------------------


def _strings(value: object) -> list[tuple[int, str]]:
    """The string items of a list, with their index (other shapes are the schema's business)."""
    if not isinstance(value, list):
        return []
    return [(index, str(item)) for index, item in enumerate(value) if isinstance(item, str | Path)]


def _posix(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
