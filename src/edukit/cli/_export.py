"""``edukit export``: the course for Moodle.

- ``gift`` and ``moodle-xml``: a bank (or a draw from it);
- ``scorm``: the site as one SCORM 1.2 package (:mod:`edukit.site._scorm`);
- ``moodle-bundle``: every bank as GIFT and Moodle XML, by module, with the positioning test
  and the final evaluation as ready-made categories, and a README in French.

Problems print as ``path:line: what — how to fix`` lines and exit with 1. Outputs are written
to a temporary file (or folder) beside the target, then renamed over it, so a failed or
interrupted export never replaces a good one nor leaves half of one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from edukit._i18n import N_, _, ngettext
from edukit._problems import Problem, ProblemError, Severity, format_problems
from edukit.cli._app import app
from edukit.course import Course
from edukit.quiz import Bank, DrawError, Item, draw, load_bank, to_gift, to_moodle_xml
from edukit.quiz._course_draw import BANKS_FOLDER, bank_folders, merge_banks, objective_key

if TYPE_CHECKING:  # the packager imports MkDocs: only load it when used
    from edukit.site._scorm import ScormPackage

__all__ = ["export_app", "export_moodle_bundle", "export_scorm", "write_atomically"]

export_app = typer.Typer(
    help=N_(
        "Exporter vers Moodle : banques (GIFT, XML Moodle), un paquet de toutes les banques, "
        "un paquet SCORM 1.2."
    ),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

BankArgument = Annotated[
    Path,
    typer.Argument(
        help=N_("Un dossier de banque (exercises/<banque>) ou un fichier .yml de banque.")
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help=N_("Fichier à écrire ; sans lui, l'export va sur la sortie standard."),
    ),
]
CountOption = Annotated[
    int | None,
    typer.Option(
        "--count", min=1, help=N_("Tirer ce nombre de questions au hasard (voir --seed).")
    ),
]
TagsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tags",
        help=N_(
            "Garder les questions qui ont une de ces étiquettes (répétez l'option ou "
            "séparez par des virgules)."
        ),
    ),
]
ObjectivesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--objectives",
        help=N_(
            "Garder les questions qui évaluent un de ces objectifs (répétez l'option ou "
            "séparez par des virgules)."
        ),
    ),
]
DifficultyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--difficulty",
        help=N_("Garder les questions de ces difficultés, de 1 à 3 (par exemple 1,2)."),
    ),
]
SeedOption = Annotated[
    int,
    typer.Option(
        "--seed", help=N_("Graine du tirage et de l'ordre des étapes à remettre en ordre.")
    ),
]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _levels(values: list[str] | None) -> list[int] | None:
    parts = _split(values)
    if not parts:
        return None
    if not all(part in ("1", "2", "3") for part in parts):
        raise typer.BadParameter(
            _("utilisez 1, 2 ou 3 (par exemple --difficulty 1,2)"), param_hint="--difficulty"
        )
    return [int(part) for part in parts]


FILE_MODE = 0o644
"""Mode of every exported file: the trainer's, readable by others (a web server, a colleague)."""
FOLDER_MODE = 0o755


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets mode 0644 (``mkstemp`` creates it 0600, which a web server or another
    account could not read); it appears whole or not at all.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), FILE_MODE)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _export(
    exporter: Callable[..., str],
    bank_path: Path,
    output: Path | None,
    count: int | None,
    tags: list[str] | None,
    objectives: list[str] | None,
    difficulty: list[str] | None,
    seed: int,
) -> None:
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    bank, problems = load_bank(bank_path)
    if problems or bank is None:
        cwd = Path.cwd()
        errors.print(format_problems(p.relative_to(cwd) for p in problems), markup=False)
        failed = ngettext(
            "la banque a {n} problème ; rien n'a été exporté",
            "la banque a {n} problèmes ; rien n'a été exporté",
            len(problems),
        ).format(n=len(problems))
        errors.print(f"✗ {failed}")
        raise typer.Exit(1)
    tag_list, objective_list, levels = _split(tags), _split(objectives), _levels(difficulty)
    items: list[Item] = bank.items
    if count is not None or tag_list or objective_list or levels:
        try:
            items = draw(
                bank,
                count=count,
                tags=tag_list,
                objectives=objective_list,
                difficulty=levels,
                seed=seed,
            )
        except DrawError as error:
            errors.print(f"✗ {error}", markup=False)
            raise typer.Exit(1) from None
        if count is None:  # a filter alone keeps the bank's order
            order = {item.id: index for index, item in enumerate(bank.items)}
            items.sort(key=lambda item: order[item.id])
    text = exporter(bank, items, seed=seed)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomically(output, text)
    written = ngettext(
        "{n} question de la banque « {bank} » écrite dans {output}",
        "{n} questions de la banque « {bank} » écrites dans {output}",
        len(items),
    ).format(n=len(items), bank=bank.id, output=output)
    errors.print(f"✓ {written}", markup=False)


@export_app.command(
    "gift",
    help=N_(
        "Exporter une banque, ou un tirage, en texte GIFT "
        "(Moodle : Banque de questions → Importer → GIFT)."
    ),
)
def gift(
    bank: BankArgument,
    output: OutputOption = None,
    count: CountOption = None,
    tags: TagsOption = None,
    objectives: ObjectivesOption = None,
    difficulty: DifficultyOption = None,
    seed: SeedOption = 0,
) -> None:
    """Export a bank, or a draw from it, as GIFT text (Moodle: Question bank → Import → GIFT)."""
    _export(to_gift, bank, output, count, tags, objectives, difficulty, seed)


@export_app.command(
    "moodle-xml",
    help=N_(
        "Exporter une banque, ou un tirage, en XML Moodle "
        "(Banque de questions → Importer → XML Moodle)."
    ),
)
def moodle_xml(
    bank: BankArgument,
    output: OutputOption = None,
    count: CountOption = None,
    tags: TagsOption = None,
    objectives: ObjectivesOption = None,
    difficulty: DifficultyOption = None,
    seed: SeedOption = 0,
) -> None:
    """Export a bank, or a draw from it, as Moodle XML (Question bank → Import → Moodle XML)."""
    _export(to_moodle_xml, bank, output, count, tags, objectives, difficulty, seed)


# -- SCORM 1.2 package --------------------------------------------------------------------------

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help=N_("Racine du dépôt, le dossier qui contient mkdocs.yml et courses/."),
        file_okay=False,
    ),
]


def _checked_course(root: Path, console: Console) -> Course:
    from edukit.project import inspect_project

    with console.status(_("Vérification de la formation…")):
        check = inspect_project(root)
    errors = [problem for problem in check.problems if problem.severity is Severity.ERROR]
    if errors:
        raise ProblemError([problem.relative_to(Path.cwd()) for problem in errors])
    if check.course is None:
        raise ProblemError(check.errors)
    return check.course


def export_scorm(
    root: Path,
    output: Path,
    *,
    module: str | None = None,
    mastery_score: int | None = None,
    trainer: bool = False,
    console: Console | None = None,
    execute: bool = True,
) -> ScormPackage:
    """Build the site for SCORM and write it as one SCORM 1.2 zip (see :mod:`edukit.site._scorm`).

    ``execute`` runs the notebooks first (cached, with progress); without it the build uses
    what ``build/notebooks/`` holds. ``trainer`` keeps the trainer notes and guides, which a
    learner's package leaves out.

    Raises
    ------
    ProblemError
        The course has errors, the module does not exist, a notebook fails, or a page would
        load something from another host.
    BuildFailed
        MkDocs stopped (its messages have been shown).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    from edukit.cli._build import BuildFailed, _mkdocs_logging, _MkDocsMessages, run_notebooks
    from edukit.site._scorm import (
        ScormPackage,
        finish_site,
        package_content,
        scorm_config,
        write_zip,
    )

    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise ProblemError(
            [
                Problem(
                    root / "mkdocs.yml",
                    None,
                    _("le fichier n'existe pas"),
                    _("lancez edukit depuis la racine du dépôt, ou donnez --root"),
                )
            ]
        )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    course = _checked_course(root, console)
    content = package_content(course, module, trainer=trainer)
    if execute:
        run_notebooks(root, console)
    with tempfile.TemporaryDirectory(prefix="edukit-scorm-") as temporary:
        site_dir = Path(temporary) / "package"
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
        ) as progress:
            task = progress.add_task(_("SCORM : configuration"))
            handler = _MkDocsMessages(console, progress, task)
            with _mkdocs_logging(handler, logging.DEBUG):
                try:
                    config = scorm_config(root, site_dir, content, course, execute_notebooks=False)
                    mkdocs_build(config)
                except (Abort, ConfigurationError) as error:
                    if str(error) and not str(error).startswith("Aborted with a BuildError"):
                        console.print(f"[red]ERROR[/] {error}", highlight=False)
                    raise BuildFailed(str(error)) from None
            progress.update(task, description=_("SCORM : manifeste et adaptateur"))
            files, quizzes = finish_site(
                site_dir, content, lang=course.language, mastery_score=mastery_score
            )
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task(_("SCORM : archive"), total=len(files))
            size = write_zip(site_dir, output, on_file=lambda _name: progress.advance(task))
    return ScormPackage(path=output, files=files, size=size, quizzes=quizzes)


@export_app.command(
    "scorm",
    help=N_(
        "Construire le site en un paquet SCORM 1.2 pour Moodle (score, statut et reprise).\n\n"
        "Les paquets des apprenants ne contiennent ni notes ni guides du formateur ; "
        "--trainer les garde."
    ),
)
def scorm(
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help=N_("Le fichier .zip à écrire (Moodle : Ajouter → SCORM).")
        ),
    ],
    module: Annotated[
        str | None,
        typer.Option(
            "--module",
            help=N_("Empaqueter un seul module (son identifiant dans course.yml) au lieu de tous."),
        ),
    ] = None,
    mastery_score: Annotated[
        int | None,
        typer.Option(
            "--mastery-score",
            min=0,
            max=100,
            help=N_(
                "Score (0 à 100) qui rend un paquet terminé « passed » (réussi) "
                "plutôt que « failed » (échoué)."
            ),
        ),
    ] = None,
    trainer: Annotated[
        bool,
        typer.Option(
            "--trainer",
            help=N_(
                "Un paquet pour le seul usage du formateur : avec les notes et les guides du "
                "formateur (à ne jamais donner aux apprenants)."
            ),
        ),
    ] = False,
    root: RootOption = Path(),
) -> None:
    """Build the site as one SCORM 1.2 package for Moodle (score, status and resume).

    Learner packages hold no trainer notes nor trainer guides; ``--trainer`` keeps them."""
    from edukit.cli._build import BuildFailed

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        package = export_scorm(
            root,
            output,
            module=module,
            mastery_score=mastery_score,
            trainer=trainer,
            console=console,
        )
    except BuildFailed:
        console.print("[bold red]✗ " + _("la construction du paquet SCORM a échoué") + "[/]")
        raise typer.Exit(1) from None
    what = _("module {module}").format(module=module) if module else _("formation complète")
    if trainer:
        what += _(", version formateur : à ne pas donner aux apprenants")
    quizzes = ngettext("{n} quiz suivi", "{n} quiz suivis", len(package.quizzes)).format(
        n=len(package.quizzes)
    )
    written = _(
        "paquet SCORM 1.2 ({what}) écrit dans {output} : {files} fichiers, {size:.1f} Mo, {quizzes}"
    ).format(
        what=what,
        output=output,
        files=len(package.files),
        size=package.size / 1_000_000,
        quizzes=quizzes,
    )
    console.print(f"[green]✓[/] {written}")


# -- Moodle bundle ------------------------------------------------------------------------------

BUNDLE_MARK = ".edukit-moodle-bundle"
"""File that marks a folder as an edukit bundle (only such a folder is ever replaced)."""
TESTS = {
    "positionnement": "Test de positionnement",
    "evaluation-finale": "Évaluation finale",
}


@dataclass
class BundleFile:
    """One bank written twice (GIFT and XML) into the bundle."""

    folder: str
    name: str
    title: str
    category: str
    items: list[Item]


@dataclass
class MoodleBundle:
    """What ``export moodle-bundle`` wrote: the folder and its banks, by folder."""

    path: Path
    files: list[BundleFile] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)
    """Banks a module's lessons use that an earlier module's folder already holds, by folder."""

    def written(self) -> list[str]:
        return sorted(
            f"{entry.folder}/{entry.name}.{ext}" if entry.folder else f"{entry.name}.{ext}"
            for entry in self.files
            for ext in ("gift", "xml")
        )


def _load_checked_bank(path: Path, root: Path, objectives: set[str]) -> Bank:
    bank, problems = load_bank(path, objectives=objectives)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors or bank is None:
        raise ProblemError([problem.relative_to(root) for problem in errors or problems])
    return bank


def _bank_name(path: Path, root: Path) -> str:
    try:
        relative = path.resolve().relative_to((root / BANKS_FOLDER).resolve())
    except ValueError:
        relative = Path(path.name)
    return "-".join(relative.with_suffix("").parts) if relative.suffix else "-".join(relative.parts)


def _categorized(text: str, parent: str) -> str:
    """The export with its category moved under ``parent`` (a Moodle category path)."""
    for head in ("$CATEGORY: top/", "<category>\n      <text>top/"):
        if head in text:
            return text.replace(head, f"{head}{parent}/", 1)
    return text


def _plain(title: str) -> str:
    return " ".join(title.replace("/", "-").split())


def export_moodle_bundle(
    root: Path, output: Path, *, seed: int = 0, console: Console | None = None
) -> MoodleBundle:
    """Write every bank as GIFT and Moodle XML, module by module, the two tests and a README.

    Layout of ``output``: ``NN-<module id>/<bank>.gift|.xml`` for the banks the module's
    lessons name (``banks:``; a file of a bank folder stands for the whole bank), in
    ``course.yml`` order, under the Moodle category ``<NN. module title>/<bank title>``; a bank
    is written once, with the first module that names it; ``autres-banques/`` for banks no lesson names;
    ``tests/positionnement.*`` and ``tests/evaluation-finale.*`` with every item tagged
    ``positionnement`` / ``evaluation-finale`` across all banks, in one category each
    (« Test de positionnement », « Évaluation finale »), ordered by objective; ``LISEZMOI.md``.

    The bundle is written into a temporary folder beside ``output`` and renamed into place; an
    existing ``output`` is replaced only when it is an earlier edukit bundle (or empty).
    """
    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    root = root.resolve()
    output = Path(output)
    _refuse_foreign_folder(output)
    course = _checked_course(root, console)
    objectives = set(course.objectives())
    bundle = MoodleBundle(path=output)
    banks: dict[Path, Bank] = {}

    def bank_at(path: Path) -> Bank:
        key = path.resolve()
        if key not in banks:
            banks[key] = _load_checked_bank(key, root, objectives)
        return banks[key]

    folders = {path.resolve() for path in bank_folders(root / BANKS_FOLDER)}
    used: set[Path] = set()
    for number, module in enumerate(course.modules, start=1):
        folder = f"{number:02d}-{module.id}"
        seen: set[Path] = set()
        for lesson in module.lessons:
            for relative in lesson.banks:
                path = (root / relative).resolve()
                if path.is_file() and path.parent in folders:
                    path = path.parent  # one file of a bank: the whole bank, never twice
                if path in seen:
                    continue
                seen.add(path)
                if path in used:  # already in an earlier module's folder: never twice
                    bundle.shared.setdefault(folder, []).append(_bank_name(path, root))
                    continue
                used.add(path)
                bank = bank_at(path)
                bundle.files.append(
                    BundleFile(
                        folder,
                        _bank_name(path, root),
                        bank.title,
                        f"{number:02d}. {_plain(module.title)}",
                        list(bank.items),
                    )
                )
    for path in bank_folders(root / BANKS_FOLDER):
        if path.resolve() in used:
            continue
        bank = bank_at(path)
        bundle.files.append(
            BundleFile(
                "autres-banques",
                _bank_name(path, root),
                bank.title,
                "Autres banques",
                list(bank.items),
            )
        )
    every = [bank_at(path) for path in bank_folders(root / BANKS_FOLDER)]
    everything = merge_banks(every) if every else None
    for tag, title in TESTS.items():
        items = [item for item in (everything.items if everything else []) if tag in item.tags]
        items.sort(key=lambda item: objective_key(min(item.objectives, key=objective_key)))
        bundle.files.append(BundleFile("tests", tag, title, "", items))

    language = course.language

    def write(folder: Path) -> None:
        write_atomically(folder / BUNDLE_MARK, "edukit moodle-bundle\n")
        for entry in bundle.files:
            target = folder / entry.folder if entry.folder else folder
            target.mkdir(parents=True, exist_ok=True)
            target.chmod(FOLDER_MODE)
            bank = Bank(id=entry.name, title=entry.title, language=language, items=entry.items)
            gift_text = to_gift(bank, entry.items, seed=seed)
            xml_text = to_moodle_xml(bank, entry.items, seed=seed)
            if entry.category:
                gift_text = _categorized(gift_text, entry.category)
                xml_text = _categorized(xml_text, entry.category)
            write_atomically(target / f"{entry.name}.gift", gift_text)
            write_atomically(target / f"{entry.name}.xml", xml_text)
        write_atomically(folder / "LISEZMOI.md", bundle_readme(course, bundle))

    with console.status(_("Écriture du paquet Moodle…")):
        _write_folder_atomically(output, write)
    return bundle


def _refuse_foreign_folder(output: Path) -> None:
    if output.exists() and (
        not output.is_dir() or (any(output.iterdir()) and not (output / BUNDLE_MARK).is_file())
    ):
        raise ProblemError(
            [
                Problem(
                    output,
                    None,
                    _("le dossier existe et n'est pas un paquet Moodle d'edukit"),
                    _("donnez un dossier nouveau ou vide (un paquet précédent est remplacé)"),
                )
            ]
        )


def _write_folder_atomically(output: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary folder beside ``output``, then swap it in (the old one removed last)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"))
    temporary.chmod(FOLDER_MODE)  # mkdtemp makes it 0700: nobody else could read the bundle
    old: Path | None = None
    try:
        fill(temporary)
        if output.exists():
            old = Path(
                tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".old")
            )
            os.replace(output, old / "bundle")
        os.replace(temporary, output)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        if old is not None and not output.exists():
            os.replace(old / "bundle", output)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def bundle_readme(course: Course, bundle: MoodleBundle) -> str:
    """The bundle's ``LISEZMOI.md``, in French: what is where, how to import it in Moodle 4.5 and
    in Moodle 5 (question bank activities), and what ids and tags the questions keep."""
    lines = [
        f"# {course.title} — questions pour Moodle",
        "",
        "Ce dossier a été produit par `edukit export moodle-bundle`. Chaque banque de questions",
        "y figure deux fois : au format **XML Moodle** (`.xml`, à préférer : il garde tous les",
        "retours) et au format **GIFT** (`.gift`, texte lisible). Importez l'un **ou** l'autre,",
        "pas les deux, sinon les questions seront en double.",
        "",
        "## Contenu",
        "",
        "| Dossier | Fichier | Catégorie Moodle | Questions |",
        "| --- | --- | --- | ---: |",
    ]
    for entry in bundle.files:
        category = f"{entry.category} / {entry.title}" if entry.category else entry.title
        folder = entry.folder or "."
        lines.append(
            f"| `{folder}` | `{entry.name}.xml`, `{entry.name}.gift` | {category} "
            f"| {len(entry.items)} |"
        )
    for folder, names in bundle.shared.items():
        lines.append(
            f"| `{folder}` | — | déjà importée avec le module qui l'utilise en premier : "
            f"{', '.join(f'`{name}`' for name in names)} | |"
        )
    lines += [
        "",
        "Les dossiers `NN-module` suivent l'ordre des modules de la formation ; chacun contient",
        "les banques utilisées par ses leçons ; une banque partagée par plusieurs modules n'est",
        "placée qu'une fois, dans le premier. Le dossier `tests` contient le **test de",
        "positionnement** (questions étiquetées `positionnement`) et l'**évaluation finale**",
        "(questions étiquetées `evaluation-finale`), toutes banques confondues, rangées par",
        "objectif : chaque objectif de la formation qui a de telles questions y est représenté.",
        "",
        "## Importer les questions dans Moodle 4.5",
        "",
        "1. Ouvrez le cours Moodle, puis **Plus › Banque de questions**.",
        "2. Dans le menu déroulant en haut de la page (« Questions »), choisissez **Importer**.",
        "3. Format de fichier : **Format XML Moodle** pour un fichier `.xml`, ou **Format GIFT**",
        "   pour un fichier `.gift`.",
        "4. Dans « Général », laissez cochée **Obtenir la catégorie à partir du fichier** : Moodle",
        "   crée alors la catégorie indiquée dans le tableau ci-dessus (par exemple",
        "   « Test de positionnement »), dans la banque de questions du cours.",
        "5. Déposez le fichier dans « Importer des questions depuis un fichier », cliquez sur",
        "   **Importer**, vérifiez la liste affichée, puis cliquez sur **Continuer**.",
        "6. Recommencez pour chaque fichier voulu.",
        "",
        "## Importer les questions dans Moodle 5",
        "",
        "Dans Moodle 5, les questions ne sont plus rangées dans le cours mais dans une activité",
        "**Banque de questions**.",
        "",
        "1. Ouvrez le cours Moodle, puis **Plus › Banques de questions**.",
        "2. Ouvrez la banque qui recevra les questions, ou créez-en une (par exemple",
        "   « Formation IA »).",
        "3. Dans son menu « Questions », choisissez **Importer**, puis suivez les étapes 3 à 6",
        "   ci-dessus. Les catégories des fichiers sont créées dans cette banque.",
        "4. Pour un test, ajoutez les questions depuis cette banque : **+ de la banque de",
        "   questions**, puis choisissez la banque et la catégorie.",
        "",
        "## Identifiants et étiquettes",
        "",
        "Chaque question garde son **numéro d'identification** (l'identifiant de la question dans",
        "edukit) et ses **étiquettes**, aux formats XML et GIFT : les étiquettes de la banque",
        "(dont `positionnement` et `evaluation-finale`), `objective:` suivi de l'objectif (par",
        "exemple `objective:l10-o1`) et `difficulty:` suivi de la difficulté (1 à 3). Dans la",
        "banque de questions, filtrez par étiquette pour composer un test. N'importez pas deux",
        "fois un même fichier dans une même catégorie : Moodle créerait des doublons sans leur",
        "numéro d'identification.",
        "",
        "## Créer le test de positionnement et l'évaluation finale",
        "",
        "1. Activez le mode édition du cours, puis **Ajouter une activité ou ressource › Test**.",
        "2. Donnez-lui un nom (« Test de positionnement » ou « Évaluation finale »), réglez le",
        "   nombre de tentatives (une seule pour une évaluation) et enregistrez.",
        "3. Ouvrez le test, puis **Questions › Ajouter › + de la banque de questions** : choisissez",
        "   la catégorie « Test de positionnement » (ou « Évaluation finale »), cochez toutes les",
        "   questions et cliquez sur **Ajouter les questions sélectionnées au test**. Pour un",
        "   tirage au sort, utilisez plutôt **+ une question aléatoire** depuis la même catégorie.",
        "4. Utilisez les mêmes réglages pour les deux tests : vous pourrez comparer les résultats",
        "   de chaque personne, objectif par objectif, avant et après la formation.",
        "",
        "## Bon à savoir",
        "",
        "- Les questions « remettre dans l'ordre » deviennent en GIFT des questions d'appariement",
        "  (chaque étape avec sa position) ; le format XML Moodle fait de même.",
        "- Chaque question porte sa source datée dans son retour général.",
        "- Pour suivre la progression et le score dans Moodle sans créer de test, utilisez aussi",
        "  le paquet SCORM 1.2 de la formation (`edukit export scorm`).",
        "",
    ]
    return "\n".join(lines)


@export_app.command(
    "moodle-bundle",
    help=N_(
        "Toutes les banques en GIFT et en XML Moodle, par module, avec le test de "
        "positionnement et l'évaluation finale en catégories Moodle, et un LISEZMOI en français."
    ),
)
def moodle_bundle(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help=N_("Dossier à écrire (nouveau, vide, ou un paquet précédent)."),
        ),
    ],
    seed: SeedOption = 0,
    root: RootOption = Path(),
) -> None:
    """Every bank as GIFT and Moodle XML by module, plus the positioning test and the final
    evaluation as Moodle categories, with a README in French."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    bundle = export_moodle_bundle(root, output, seed=seed, console=console)
    counts = {tag: len(e.items) for e in bundle.files if e.folder == "tests" for tag in [e.name]}
    written = _(
        "{files} fichiers écrits dans {output} (positionnement : {positioning} questions, "
        "évaluation finale : {final} questions)"
    ).format(
        files=len(bundle.written()),
        output=output,
        positioning=counts.get("positionnement", 0),
        final=counts.get("evaluation-finale", 0),
    )
    console.print(f"[green]✓[/] {written}")
