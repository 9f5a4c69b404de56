"""The edukit MkDocs plugin, built on the course fixtures with the repository's mkdocs.yml."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from edukit._problems import Severity
from edukit.project import check_project

pytestmark = pytest.mark.site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
GOOD_COURSE = FIXTURES / "good"
BROKEN_COURSE = FIXTURES / "broken"
Builder = Callable[..., Path]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, page: str) -> BeautifulSoup:
    found = soup(site, page).find("article")
    assert found is not None, f"{page} has no <article>"
    return found


def text(node: object) -> str:
    """The visible words of a node, without the ``¶`` permalinks of headings."""
    words = " ".join(getattr(node, "get_text", lambda *a: str(node))(" ").split())
    return words.replace(" ¶", "")


# -- the good course --------------------------------------------------------------------------


def test_every_page_is_built(fixture_site: Path) -> None:
    pages = sorted(p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html"))
    assert pages == [
        "404.html",
        "index.html",
        "m1-decouvrir/l01-accueil/index.html",
        "m1-decouvrir/l02-definitions/index.html",
        "m2/l03-provenance/index.html",
        "notebooks/curseur/index.html",
        "notebooks/provenance/index.html",
        "notebooks/tableau/index.html",
        "plan/index.html",
    ]


def test_author_files_are_not_published(fixture_site: Path) -> None:
    published = {p.name for p in fixture_site.rglob("*") if p.is_file()}
    assert "course.yml" not in published
    assert "_module.yml" not in published


def test_plan_page_has_the_timetable_duration_and_lesson_links(fixture_site: Path) -> None:
    plan = article(fixture_site, "plan/index.html")
    assert text(plan.find("h1")) == "Plan de la formation : Mini-cours d'essai"
    assert re.search(r"Durée : 3 ?h\b.* sur 1 jour", text(plan))
    assert [text(h) for h in plan.find_all("h2")] == ["Jour 1"]
    rows = plan.find("table").find_all("tr")
    assert text(rows[1].find_all("td")[0]) == "09:00"
    assert any("Pause" in text(row) for row in rows)
    links = {text(a): a["href"] for a in plan.select("td a")}
    assert links == {
        "Accueil": "../m1-decouvrir/l01-accueil/",
        "Qu'est-ce que l'IA ?": "../m1-decouvrir/l02-definitions/",
        "D'où viennent les données ?": "../m2/l03-provenance/",
    }


def test_navigation_follows_course_yml(fixture_site: Path) -> None:
    nav = soup(fixture_site, "plan/index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    labels = [text(a) for a in nav.select("a.md-nav__link")]
    ordered = [
        "Accueil",
        "Plan de la formation",
        "Accueil",  # lesson l01 is also titled « Accueil »
        "Qu'est-ce que l'IA ?",
        "D'où viennent les données ?",
        "Un curseur",
        "Provenance",
        "Un petit tableau de données",
    ]
    assert [label for label in labels if label in ordered] == ordered
    sections = [text(label) for label in nav.select("label.md-nav__link")]
    assert [s for s in sections if s in {"Découvrir l'IA", "Les données", "Notebooks"}] == [
        "Découvrir l'IA",
        "Les données",
        "Notebooks",
    ]


def test_lesson_header_shows_the_front_matter(fixture_site: Path) -> None:
    page = article(fixture_site, "m2/l03-provenance/index.html")
    header = page.select_one(".edukit-lesson-header")
    assert header is not None
    shown = text(header)
    assert "Durée : 1 h (3 activités)" in shown
    assert "Publics : tous les publics de la formation" in shown
    assert [text(li) for li in header.find_all("li")] == [
        "Identifier la licence d'un jeu de données.",
        "Citer une source avec son auteur et sa date.",
    ]
    prerequisite = header.find("a", string="Qu'est-ce que l'IA ?")
    assert (
        prerequisite is not None and prerequisite["href"] == "../../m1-decouvrir/l02-definitions/"
    )
    notebook = header.find("a", string="provenance")
    assert notebook is not None and notebook["href"] == "../../notebooks/provenance/"
    # the header comes right after the title, before the lesson's own text
    assert page.find("h1").find_next_sibling() is header


def test_lesson_ends_with_its_key_points(fixture_site: Path) -> None:
    page = article(fixture_site, "m2/l03-provenance/index.html")
    boxes = page.select(".admonition.abstract")
    assert len(boxes) == 1
    assert text(boxes[0].select_one(".admonition-title")) == "À retenir"
    assert [text(li) for li in boxes[0].find_all("li")] == [
        "Une donnée publiée n'est pas forcément réutilisable."
    ]
    last = [node for node in page.children if getattr(node, "name", None)][-1]
    assert last is boxes[0]


def test_trainer_notes_are_in_the_page_behind_the_trainer_view(fixture_site: Path) -> None:
    page = soup(fixture_site, "m1-decouvrir/l01-accueil/index.html")
    notes = page.select(".admonition.formateur")
    assert [text(n.select_one(".admonition-title")) for n in notes] == [
        "Notes pour la personne formatrice"
    ]
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    scripts = [script.get("src", "") for script in page.find_all("script")]
    assert "../../assets/edukit-site/trainer-view.css" in styles
    assert "../../assets/edukit-site/trainer-view.js" in scripts
    hiding = (fixture_site / "assets/edukit-site/trainer-view.css").read_text(encoding="utf-8")
    assert "html:not(.edukit-trainer-view) .md-typeset .admonition.formateur" in hiding
    assert re.search(r"display:\s*none", hiding)  # the shipped CSS is minified


def test_trainer_build_shows_the_notes_with_no_toggle(
    fixture_course: Path, fixture_site: Path, tmp_path: Path, build_site: Builder
) -> None:
    # fixture_site has executed the notebooks into fixture_course/build already
    site = build_site(
        fixture_course,
        trainer=True,
        site_dir=tmp_path / "trainer",
        execute_notebooks=False,
        plan_title="Programme des trois jours",
    )
    page = soup(site, "m1-decouvrir/l01-accueil/index.html")
    nav = [text(a) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert "Programme des trois jours" in nav and "Plan de la formation" not in nav
    assert page.select(".admonition.formateur")
    assets = [link["href"] for link in page.select('link[rel="stylesheet"]')] + [
        script.get("src", "") for script in page.find_all("script")
    ]
    assert not [a for a in assets if "trainer-view" in a]
    assert "../../assets/edukit-site/site.css" in assets


def test_notebook_pages_render_executed_notebooks_and_link_their_download(
    fixture_site: Path,
) -> None:
    page = article(fixture_site, "notebooks/tableau/index.html")
    assert text(page.find("h1")).startswith("Un petit tableau de données")
    assert "Total : 300" in text(page)  # an output: the notebook was executed
    link = page.select_one(".edukit-download a[download]")
    assert link is not None and link["href"] == "../../telechargements/tableau.ipynb"
    learner = json.loads(
        (fixture_site / "telechargements/tableau.ipynb").read_text(encoding="utf-8")
    )
    code = [cell for cell in learner["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] for cell in code)
    assert learner["metadata"]["kernelspec"]["name"] == "python3"


def test_binder_url_adds_a_launch_link_to_each_notebook_page(
    fixture_course: Path, fixture_site: Path, tmp_path: Path, build_site: Builder
) -> None:
    plain = article(fixture_site, "notebooks/tableau/index.html")
    assert plain.select(".edukit-download a:not([download])") == []  # no address: no link
    site = build_site(
        fixture_course,
        site_dir=tmp_path / "binder",
        execute_notebooks=False,
        binder_url="https://binder.example.org/v2/gh/org/cours/main",
    )
    page = article(site, "notebooks/tableau/index.html")
    (launch,) = page.select(".edukit-download a:not([download])")
    assert launch["href"] == (
        "https://binder.example.org/v2/gh/org/cours/main?urlpath=lab/tree/notebooks/tableau.ipynb"
    )
    assert "Binder" in text(launch)


def test_widget_fences_reach_the_widget_runtime(fixture_course: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(fixture_course / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    fences = {f["name"]: f for f in config.mdx_configs["pymdownx.superfences"]["custom_fences"]}
    from edukit.site import _widgets

    for name in ("edukit-quiz", "edukit-bias", "edukit-playground"):
        assert fences[name]["format"] is _widgets.fence_format
        assert fences[name]["validator"] is _widgets.fence_validator


ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=["']([^"']+)"""
)


def test_no_page_loads_anything_from_another_host(fixture_site: Path) -> None:
    offenders = []
    for page in fixture_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in ASSET.findall(html):
            if (
                re.match(r"(?:https?:)?//", url)
                and 'rel="canonical"' not in html.split(url)[0][-80:]
            ):
                offenders.append(f"{page.relative_to(fixture_site)}: {url}")
        offenders += [
            f"{page.relative_to(fixture_site)}: @import {m}"
            for m in re.findall(r"@import\s+url\(([^)]+)\)", html)
            if "//" in m
        ]
    assert offenders == []


def test_footer_contrast_fix_is_shipped(fixture_site: Path) -> None:
    css = (fixture_site / "assets/edukit-site/site.css").read_text(encoding="utf-8")
    assert re.search(r"--md-footer-fg-color--lighter:\s*#ffffffa6", css)  # minified CSS


# -- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [True, False])
def test_broken_course_stops_the_build_with_check_messages(
    tmp_path: Path,
    strict: bool,
    caplog: pytest.LogCaptureFixture,
    copy_course: Builder,
    build_site: Builder,
) -> None:
    root = copy_course(BROKEN_COURSE, tmp_path / "broken")
    with pytest.raises(Abort):
        build_site(root, strict=strict)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    errors = [p for p in check_project(root) if p.severity is Severity.ERROR]
    assert errors
    for problem in errors:
        assert str(problem) in logged
    assert not (root / "site" / "index.html").exists()


def test_broken_course_message_from_mkdocs_cli_has_no_traceback(
    tmp_path: Path, copy_course: Builder
) -> None:
    root = copy_course(BROKEN_COURSE, tmp_path / "broken")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert (
        "courses/m2/l04-fautes.md:4: la clé « sumary » est inconnue — voulez-vous dire « summary » ?"
        in run.stderr
    )
    assert "courses/course.yml:17: l'identifiant de leçon « l01-bon » est utilisé deux fois" in (
        run.stderr
    )


def test_warnings_do_not_fail_a_strict_build(
    tmp_path: Path, copy_course: Builder, build_site: Builder
) -> None:
    root = copy_course(GOOD_COURSE, tmp_path / "good")
    lesson = root / "courses/m1-decouvrir/l01-accueil.md"
    # An objective no bank or exercise assesses is a warning of `edukit check`.
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "objectives:\n",
            'objectives:\n  - id: l01-o9\n    text: "Nommer un outil d\'IA."\n',
            1,
        ),
        encoding="utf-8",
    )
    assert [p.severity for p in check_project(root)] == [Severity.WARNING]
    site = build_site(root)
    assert (site / "plan" / "index.html").is_file()


def test_failing_notebook_stops_the_build_with_its_cell(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, copy_course: Builder, build_site: Builder
) -> None:
    root = copy_course(GOOD_COURSE, tmp_path / "good")
    (root / "notebooks" / "casse.py").write_text(
        "# %% [markdown]\n# # Casse\n\n# %%\nvaleur = 1\n\n# %%\nvaleur / 0\n", encoding="utf-8"
    )
    with pytest.raises(Abort):
        build_site(root)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "notebooks/casse.py:8: cell 2 raised ZeroDivisionError: division by zero" in logged
    assert "Traceback" not in logged


def test_disabled_plugin_does_nothing(
    tmp_path: Path, copy_course: Builder, build_site: Builder
) -> None:
    root = copy_course(GOOD_COURSE, tmp_path / "good")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - edukit\n", "  - edukit:\n      enabled: false\n"), encoding="utf-8"
    )
    site = build_site(root, strict=False)
    assert not (site / "plan").exists()
    assert not (site / "assets" / "edukit-site").exists()


def test_scripts_in_the_course_folder_are_never_published(
    tmp_path: Path,
    copy_course: Callable[..., Path],
    build_site: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The CSP trusts the site's own files, so a script copied from the course folder would run
    # on any page that names it (issue 20's review).
    root = copy_course(FIXTURES / "good", tmp_path / "course", home=True)
    for name in ("outil.js", "module.mjs", "ancien.CJS"):
        (root / "courses" / name).write_text("document.title = 'pwned';\n", encoding="utf-8")
    site = build_site(root, strict=False)
    published = {p.name.lower() for p in site.rglob("*") if p.is_file()}
    assert not {"outil.js", "module.mjs", "ancien.cjs"} & published
    warned = [
        r.getMessage() for r in caplog.records if "ce script n'est pas publié" in r.getMessage()
    ]
    assert sorted(m.split(" :")[0] for m in warned) == [
        "courses/ancien.CJS",
        "courses/module.mjs",
        "courses/outil.js",
    ]
