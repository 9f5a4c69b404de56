"""The Moodle bundle: every bank as GIFT and Moodle XML, by module, with the two tests.

:func:`plan_moodle_bundle` decides what goes where (pure: it reads the banks, writes nothing);
:func:`bundle_texts` gives one entry's two files; :func:`bundle_readme` the French
``LISEZMOI.md``. ``edukit export moodle-bundle`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from edukit._problems import ProblemError, Severity
from edukit.quiz._course_draw import BANKS_FOLDER, bank_folders, merge_banks, objective_key
from edukit.quiz._gift import to_gift
from edukit.quiz._loader import load_bank
from edukit.quiz._model import Bank, Item
from edukit.quiz._moodle import to_moodle_xml

if TYPE_CHECKING:
    from edukit.course import Course

__all__ = [
    "BUNDLE_MARK",
    "BUNDLE_TESTS",
    "BundleFile",
    "MoodleBundle",
    "bundle_readme",
    "bundle_texts",
    "plan_moodle_bundle",
]

BUNDLE_MARK = ".edukit-moodle-bundle"
"""File that marks a folder as an edukit bundle (only such a folder is ever replaced)."""
BUNDLE_TESTS = {
    "positionnement": "Test de positionnement",
    "evaluation-finale": "Évaluation finale",
}
"""The bundle's two tests: the tag their items carry, and their Moodle category."""


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


def _bank_name(path: Path, root: Path) -> str:
    try:
        relative = path.resolve().relative_to((root / BANKS_FOLDER).resolve())
    except ValueError:
        relative = Path(path.name)
    return "-".join(relative.with_suffix("").parts) if relative.suffix else "-".join(relative.parts)


def _plain(title: str) -> str:
    return " ".join(title.replace("/", "-").split())


class _Banks:
    """The course's banks, each loaded once and checked against the course's objectives."""

    def __init__(self, root: Path, objectives: set[str]) -> None:
        self.root = root
        self.objectives = objectives
        self.loaded: dict[Path, Bank] = {}
        self.folders = bank_folders(root / BANKS_FOLDER)

    def at(self, path: Path) -> Bank:
        key = path.resolve()
        if key not in self.loaded:
            bank, problems = load_bank(key, objectives=self.objectives)
            errors = [problem for problem in problems if problem.severity is Severity.ERROR]
            if errors or bank is None:
                raise ProblemError(
                    [problem.relative_to(self.root) for problem in errors or problems]
                )
            self.loaded[key] = bank
        return self.loaded[key]


def _module_files(course: Course, banks: _Banks, bundle: MoodleBundle) -> set[Path]:
    """Add each module's banks, in ``course.yml`` order; return the banks placed."""
    root = banks.root
    folders = {path.resolve() for path in banks.folders}
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
                bank = banks.at(path)
                category = f"{number:02d}. {_plain(module.title)}"
                bundle.files.append(
                    BundleFile(folder, _bank_name(path, root), bank.title, category, bank.items[:])
                )
    return used


def plan_moodle_bundle(course: Course, root: Path, output: Path) -> MoodleBundle:
    """What the bundle at ``output`` holds for the course at ``root`` (nothing is written).

    Layout: ``NN-<module id>/<bank>`` for the banks the module's lessons name (``banks:``; a
    file of a bank folder stands for the whole bank), in ``course.yml`` order, under the Moodle
    category ``<NN. module title>/<bank title>``; a bank is placed once, with the first module
    that names it; ``autres-banques/`` for banks no lesson names; ``tests/positionnement`` and
    ``tests/evaluation-finale`` with every item tagged ``positionnement`` /
    ``evaluation-finale`` across all banks, in one category each, ordered by objective.

    Raises
    ------
    ProblemError
        A bank has errors (paths relative to ``root``).
    """
    banks = _Banks(root, set(course.objectives()))
    bundle = MoodleBundle(path=output)
    used = _module_files(course, banks, bundle)
    for path in banks.folders:
        if path.resolve() in used:
            continue
        bank = banks.at(path)
        bundle.files.append(
            BundleFile(
                "autres-banques",
                _bank_name(path, root),
                bank.title,
                "Autres banques",
                bank.items[:],
            )
        )
    every = [banks.at(path) for path in banks.folders]
    everything = merge_banks(every) if every else None
    for tag, title in BUNDLE_TESTS.items():
        items = [item for item in (everything.items if everything else []) if tag in item.tags]
        items.sort(key=lambda item: objective_key(min(item.objectives, key=objective_key)))
        bundle.files.append(BundleFile("tests", tag, title, "", items))
    return bundle


def _categorized(text: str, parent: str) -> str:
    """The export with its category moved under ``parent`` (a Moodle category path)."""
    for head in ("$CATEGORY: top/", "<category>\n      <text>top/"):
        if head in text:
            return text.replace(head, f"{head}{parent}/", 1)
    return text


def bundle_texts(entry: BundleFile, *, language: str, seed: int = 0) -> tuple[str, str]:
    """The GIFT and Moodle XML texts of one bundle entry, under its category."""
    bank = Bank(id=entry.name, title=entry.title, language=language, items=entry.items)
    gift_text = to_gift(bank, entry.items, seed=seed)
    xml_text = to_moodle_xml(bank, entry.items, seed=seed)
    if entry.category:
        gift_text = _categorized(gift_text, entry.category)
        xml_text = _categorized(xml_text, entry.category)
    return gift_text, xml_text


def _contents(course: Course, bundle: MoodleBundle) -> list[str]:
    """The README's title, introduction and table of what is where."""
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
    return lines


_GUIDE = [
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
"""The README's fixed part: the layout, importing in Moodle 4.5 and 5, ids and tags, tests."""


def bundle_readme(course: Course, bundle: MoodleBundle) -> str:
    """The bundle's ``LISEZMOI.md``, in French: what is where, how to import it in Moodle 4.5 and
    in Moodle 5 (question bank activities), and what ids and tags the questions keep."""
    return "\n".join([*_contents(course, bundle), *_GUIDE])
