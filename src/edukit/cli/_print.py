"""``edukit print``: the paper versions of the course, as PDF files in one folder.

From the same source as the site (the banks, and the lessons' ``edukit-quiz`` blocks whose
``purpose`` is ``positionnement`` or ``evaluation-finale``), it writes:

- ``<test>-<code>.pdf``: each version of each test, in large print;
- ``grille-<code>.pdf``: its answer grid;
- ``corrige-formateur.pdf``: the trainer's key (every version, every handout);
- ``imprimables/<name>.pdf``: each handout of ``exercises/imprimables/``;
- ``grille-reponses.csv``: the grid to type the sheets back (``edukit report --paper``).

The folder is filled beside its target and swapped in, so an interrupted run never leaves
half of it; an existing folder is replaced only when an earlier ``edukit print`` wrote it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from edukit._i18n import N_, _
from edukit._problems import Problem, ProblemError
from edukit.cli._app import app
from edukit.cli._folders import counted_progress, refuse_foreign_folder, write_folder_atomically
from edukit.course import Handout, load_handouts
from edukit.quiz import (
    FORM_TITLES,
    FORMS,
    MAX_SEED,
    PaperForm,
    blank_answer_csv,
    load_paper_tests,
    paper_form,
)

__all__ = ["PRINT_MARK", "PrintedSet", "print_course", "version_seeds"]

PRINT_MARK = ".edukit-papier"
"""File that marks a folder written by ``edukit print`` (only such a folder is replaced)."""
GRID_CSV = "grille-reponses.csv"
KEY_PDF = "corrige-formateur.pdf"


class Which(StrEnum):
    tout = "tout"
    positionnement = "positionnement"
    evaluation_finale = "evaluation-finale"


@dataclass
class PrintedSet:
    """What ``edukit print`` wrote: the folder, the forms and the files (relative paths)."""

    path: Path
    forms: list[PaperForm] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    handouts: int = 0


def version_seeds(form: str, versions: int, *, seed: int = 0, shuffle: bool = True) -> list[int]:
    """The order seeds of ``versions`` versions of test ``form``, distinct, from ``seed``.

    Examples
    --------
    >>> version_seeds("positionnement", 1, shuffle=False)
    [0]
    >>> a = version_seeds("positionnement", 3, seed=4)
    >>> len(set(a)), a == version_seeds("positionnement", 3, seed=4), 0 in a
    (3, True, False)
    """
    if not shuffle:
        return [0]
    seeds: list[int] = []
    counter = 0
    while len(seeds) < versions:
        digest = hashlib.sha256(f"{form}:{seed}:{counter}".encode()).digest()
        value = 1 + int.from_bytes(digest[:4], "big") % MAX_SEED
        counter += 1
        if value not in seeds:
            seeds.append(value)
    return seeds


def _course_title(root: Path) -> str:
    from edukit._yaml import load_yaml

    path = root / "courses" / "course.yml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path).data
    except (OSError, ProblemError):
        return ""
    return str(data.get("title") or "") if isinstance(data, dict) else ""


def print_course(
    root: Path,
    output: Path,
    *,
    which: str = "tout",
    versions: int = 1,
    shuffle: bool = True,
    seed: int = 0,
    console: Console | None = None,
) -> PrintedSet:
    """Write the paper versions of the course at ``root`` into the folder ``output``.

    Raises
    ------
    ProblemError
        French ``file:line`` problems: a bank with errors, a test no lesson has, a broken
        handout, a folder that ``edukit print`` did not write, WeasyPrint missing.
    """
    from edukit.progress import html_to_pdf

    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    root = root.resolve()
    output = Path(output)
    refuse_foreign_folder(
        output,
        PRINT_MARK,
        _("le dossier existe déjà et n'a pas été écrit par edukit print"),
        _(
            "donnez un dossier nouveau ou vide (un dossier d'un précédent edukit print est remplacé)"
        ),
    )
    wanted = list(FORMS) if which == "tout" else [which]
    with console.status(_("Lecture des banques et des tests…")):
        tests = load_paper_tests(root, wanted)
        handouts = load_handouts(root)
    _check_printable(root, output, wanted, tests)
    title = _course_title(root)
    printed = PrintedSet(path=output, handouts=len(handouts))
    for form in wanted:
        for form_seed in version_seeds(form, versions, seed=seed, shuffle=shuffle):
            printed.forms.append(paper_form(form, tests[form], form_seed))
    jobs = _pdf_jobs(printed.forms, handouts, title)

    def fill(folder: Path) -> None:
        (folder / PRINT_MARK).write_text("edukit print\n", encoding="utf-8")
        (folder / GRID_CSV).write_text(
            "\ufeff" + blank_answer_csv(printed.forms), encoding="utf-8", newline=""
        )
        printed.files.append(GRID_CSV)
        with counted_progress(console) as progress:
            task = progress.add_task("PDF", total=len(jobs))
            for name, html in jobs:
                progress.update(task, description=_("PDF : {name}").format(name=name))
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(html_to_pdf(html()))
                printed.files.append(name)
                progress.advance(task)

    write_folder_atomically(output, fill)
    printed.files.sort()
    return printed


OutputOption = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        help=N_(
            "Dossier où écrire les PDF (nouveau, vide, ou écrit par un précédent "
            "edukit print, qui est alors remplacé)."
        ),
    ),
]
WhichOption = Annotated[
    Which,
    typer.Option("--forme", help=N_("Le test à imprimer, ou les deux (tout).")),
]
VersionsOption = Annotated[
    int,
    typer.Option(
        "--versions",
        min=1,
        help=N_("Nombre de versions mélangées de chaque test (chacune a son code de forme)."),
    ),
]
ShuffleOption = Annotated[
    bool,
    typer.Option(
        "--melange/--sans-melange",
        help=N_("Mélanger l'ordre des questions et des réponses, ou garder celui du site."),
    ),
]
SeedOption = Annotated[
    int,
    typer.Option("--seed", min=0, help=N_("Graine des mélanges (mêmes codes à chaque fois).")),
]
RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help=N_("Racine du dépôt, le dossier qui contient courses/ et exercises/."),
        file_okay=False,
    ),
]


def _check_printable(
    root: Path, output: Path, wanted: list[str], tests: Mapping[str, object]
) -> None:
    """Refuse a test no lesson has, and a machine that cannot make PDF files."""
    from edukit.progress import pdf_unavailable_reason

    missing = [form for form in wanted if form not in tests]
    if missing:
        raise ProblemError(
            [
                Problem(
                    root / "courses",
                    None,
                    _(
                        "aucune leçon n'a de bloc edukit-quiz avec « purpose: {form} » ({title})"
                    ).format(form=form, title=FORM_TITLES[form]),
                    _(
                        "ajoutez ce bloc à la leçon du test, "
                        "ou choisissez l'autre test avec --forme"
                    ),
                )
                for form in missing
            ]
        )
    reason = pdf_unavailable_reason()
    if reason is not None:
        raise ProblemError(
            [Problem(output, None, _("les PDF ne peuvent pas être produits"), reason)]
        )


def _pdf_jobs(
    forms: list[PaperForm], handouts: list[Handout], title: str
) -> list[tuple[str, Callable[[], str]]]:
    """Each PDF file to write, with the function that renders its HTML."""
    from edukit.cli._paper_pdf import answer_grid_html, handout_html, key_html, sheet_html

    jobs: list[tuple[str, Callable[[], str]]] = []
    for paper in forms:
        jobs.append((f"{paper.form}-{paper.code}.pdf", partial(sheet_html, paper, title)))
        jobs.append((f"grille-{paper.code}.pdf", partial(answer_grid_html, paper, title)))
    for handout in handouts:
        jobs.append((f"imprimables/{handout.name}.pdf", partial(handout_html, handout, title)))
    jobs.append((KEY_PDF, partial(key_html, forms, handouts, title)))
    return jobs


@app.command(
    "print",
    help=N_(
        "Versions papier (PDF) : tests en gros caractères, grilles, corrigé, imprimables.\n\n"
        "Écrit aussi grille-reponses.csv, à remplir puis à lire avec edukit report --paper."
    ),
)
def print_command(
    output: OutputOption = Path("papier"),
    which: WhichOption = Which.tout,
    versions: VersionsOption = 1,
    shuffle: ShuffleOption = True,
    seed: SeedOption = 0,
    root: RootOption = Path(),
) -> None:
    """Paper versions (PDF): large-print tests, answer grids, trainer's key, handouts.

    Also writes grille-reponses.csv, to fill in and read back with edukit report --paper.
    """
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if not shuffle and versions > 1:
        console.print(
            "✗ "
            + _(
                "--sans-melange donne une seule version de chaque test — retirez --versions "
                "ou gardez le mélange"
            ),
            markup=False,
        )
        raise typer.Exit(2)
    printed = print_course(
        root,
        output,
        which=which.value,
        versions=versions,
        shuffle=shuffle,
        seed=seed,
        console=console,
    )
    codes = ", ".join(paper.code for paper in printed.forms)
    written = _(
        "{files} fichiers écrits dans {output} : {forms} feuille(s) de test en gros caractères "
        "({codes}), leurs grilles, {handouts} imprimable(s), {key} et {grid}"
    ).format(
        files=len(printed.files),
        output=output,
        forms=len(printed.forms),
        codes=codes,
        handouts=printed.handouts,
        key=KEY_PDF,
        grid=GRID_CSV,
    )
    console.print(f"[green]✓[/] {written}")
