"""The bias explorer in Debian chromium: a Markdown block and an executed notebook page of a built
site, served under a subpath, with every request to another host aborted and recorded."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDGET = '[data-edukit-widget="bias"]'
BLOCK_PAGE = """# Mesurer l'équité

Un explorateur de biais dans une page Markdown.

```edukit-bias
scenarios: [recrutement, credit]
n_samples: 4000
seed: 1
```

Fin de la page.
"""
NOTEBOOK = """# %% [markdown]
# # Explorateur de biais

# %%
from edukit.widgets._bias import BiasExplorer

BiasExplorer(scenarios=["logement"], n_samples=3000, n_groups=3, seed=2)
"""


def _sitebuild() -> Any:
    spec = importlib.util.spec_from_file_location(
        "edukit_widget_sitebuild", ROOT / "tests" / "fixtures" / "widgets" / "sitebuild.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_bias_site(workdir: Path, site_url: str) -> Path:
    """A Material site with an ``edukit-bias`` block page and an executed notebook page."""
    sitebuild = _sitebuild()
    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Accueil\n\nUne page sans widget.\n", encoding="utf-8")
    (docs / "biais.md").write_text(BLOCK_PAGE, encoding="utf-8")
    (workdir / "biais-notebook.py").write_text(NOTEBOOK, encoding="utf-8")
    sitebuild.execute_notebook(workdir / "biais-notebook.py", docs / "biais-notebook.ipynb")
    nav = {"Accueil": "index.md", "Bloc": "biais.md", "Notebook": "biais-notebook.ipynb"}
    return Path(
        sitebuild.build_hooked_site(workdir, nav=nav, site_url=site_url, site_name="Biais edukit")
    )


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    workdir = tmp_path_factory.mktemp("bias-site")
    (workdir / "www").mkdir()
    url = static_server(workdir / "www").origin + "/sub/"
    build_bias_site(workdir, url)
    return str(url)


def _open(page: Any, url: str) -> Any:
    page.goto(url)
    page.wait_for_selector(f"{WIDGET} [data-bias=table] tbody tr", timeout=15_000)
    return page.locator(WIDGET)


def _cells(page: Any) -> list[list[str]]:
    rows = page.locator(f"{WIDGET} [data-bias=table] tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


def _bar_widths(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            f"{WIDGET} .edukit-bias__bar", "bars => bars.map(b => b.getAttribute('width'))"
        )
    )


def test_markdown_block_renders_offline_without_a_kernel(page: Any, site_url: str) -> None:
    widget = _open(page, site_url + "biais/")
    options = widget.locator("[data-bias=scenario] option").all_inner_texts()
    assert options == [
        "Recrutement : présélection des candidatures",
        "Crédit à la consommation : octroi des prêts",
    ]
    assert [row[0] for row in _cells(page)] == ["Femme", "Homme", "Ensemble"]
    assert (
        widget.locator("[data-bias=slider]")
        .get_attribute("aria-valuetext")
        .startswith("seuil 0,50\u00a0:")
    )
    assert "variable de substitution" in widget.locator("[data-bias=proxy]").inner_text()
    assert re.search(
        r"Règle des 4/5 (non )?respectée", widget.locator("[data-bias=rule]").inner_text()
    )
    # No kernel and no CDN: nothing but files of this site was asked for.
    assert page.external_requests == []
    assert not any("/api/" in url for url in page.all_requests)
    assert page.page_errors == []


def test_keyboard_moves_the_threshold_and_everything_follows(page: Any, site_url: str) -> None:
    widget = _open(page, site_url + "biais/")
    slider = widget.locator("[data-bias=slider]")
    before_cells, before_bars = _cells(page), _bar_widths(page)
    before_desc = widget.locator("[data-bias=chart-desc]").text_content()
    slider.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    for _ in range(15):
        page.keyboard.press("ArrowRight")
    assert slider.input_value() == "65"
    assert slider.get_attribute("aria-valuetext").startswith("seuil 0,65\u00a0:")
    after_cells = _cells(page)
    assert after_cells != before_cells and after_cells[0][1] == "0,65"
    assert _bar_widths(page) != before_bars
    desc = widget.locator("[data-bias=chart-desc]").text_content()
    assert desc != before_desc and desc.startswith("Graphique en barres. Femme\u00a0: sélection")
    # The +/- buttons move by one step, and the live region speaks once, after a pause.
    widget.locator("[data-bias=lower]").focus()
    page.keyboard.press("Enter")
    assert slider.input_value() == "64"
    live = widget.locator("[role=status]")
    page.wait_for_function(
        "el => el.textContent.startsWith('Seuil 0,64.')", arg=live.element_handle(), timeout=5_000
    )
    assert "sélectionnés" in live.text_content()


def test_per_group_thresholds_and_the_protected_column_toggle(page: Any, site_url: str) -> None:
    widget = _open(page, site_url + "biais/")
    widget.locator("[data-bias=mode-group]").focus()
    page.keyboard.press("Space")
    assert widget.locator("[data-bias^=slider-]").count() == 2
    women = widget.locator("[data-bias=slider-0]")
    women.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    cells = _cells(page)
    assert [cells[0][1], cells[1][1], cells[2][1]] == ["0,40", "0,50", "—"]
    assert women.get_attribute("aria-label") is None
    assert widget.get_by_label("Seuil pour le groupe « Femme »", exact=True).count() == 1

    gap_with = widget.locator("[data-bias=gap-parity]").inner_text()
    columns_with = widget.locator("[data-bias=columns]").inner_text()
    toggle = widget.locator("[data-bias=remove-protected]")
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.is_checked()
    columns_without = widget.locator("[data-bias=columns]").inner_text()
    assert "Sexe" in columns_with and "Sexe" not in columns_without
    assert "Interruptions de carrière" in columns_without
    gap_without = widget.locator("[data-bias=gap-parity]").inner_text()
    # The proxy keeps a gap: still several points between groups without the column.
    assert gap_without != gap_with
    assert int(gap_without.split()[0]) >= 5


def test_the_guided_step_walks_through_the_three_policies(page: Any, site_url: str) -> None:
    widget = _open(page, site_url + "biais/")
    step = widget.locator("[data-bias=step]")
    assert "Étape 1 sur 5" in step.inner_text()
    step.locator("[data-bias=step-next]").focus()
    seen = []
    for _ in range(3):
        page.keyboard.press("Enter")
        broken = step.locator("[data-holds=false]").count()
        seen.append((step.locator("[data-bias=policy]").inner_text(), broken))
        assert broken >= 1
    assert [name for name, _ in seen] == [
        "Un seul seuil (0,50) pour tout le monde",
        "Des seuils par groupe qui égalisent les taux de sélection",
        "Des seuils par groupe qui égalisent les qualifiés acceptés",
    ]
    assert page.evaluate("document.activeElement.dataset.bias") == "step-next"
    step.locator("[data-bias=step-apply]").click()
    assert widget.locator("[data-bias=mode-group]").is_checked()
    assert widget.locator("[data-bias^=slider-]").count() == 2


def test_notebook_page_renders_the_same_module(page: Any, site_url: str) -> None:
    widget = _open(page, site_url + "biais-notebook/")
    assert [row[0] for row in _cells(page)] == ["Groupe A", "Groupe B", "Groupe C", "Ensemble"]
    slider = widget.locator("[data-bias=slider]")
    slider.focus()
    page.keyboard.press("End")
    assert _cells(page)[0][1] == "1,00"
    assert page.external_requests == []
    assert page.page_errors == []


@pytest.mark.parametrize("path", ["biais/", "biais-notebook/"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation(
    page: Any, site_url: str, path: str, scheme: str, axe: Callable[..., Any]
) -> None:
    widget = _open(page, site_url + path)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    # Open the folded parts and go to a policy step, so that axe sees every part.
    for summary in widget.locator("summary").all():
        summary.click()
    widget.locator("[data-bias=step-next]").click()
    # The widget is checked in its page context (heading order, landmarks); the code cells of
    # the notebook page are the site's (their Pygments colours are not the widget's).
    result = axe(page, [WIDGET], tags=None)  # every rule of axe-core, not only WCAG's
    assert result == [], json.dumps(result, indent=1)
    assert page.external_requests == []


def test_usable_at_320_px_and_200_percent_zoom(
    offline_page: Callable[..., Any], site_url: str
) -> None:
    tab = offline_page(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    widget = _open(tab, site_url + "biais/")
    # No horizontal scrolling of the page; only the data tables scroll inside their region.
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    outside = tab.evaluate(
        """() => [...document.querySelectorAll('[data-edukit-widget="bias"] *')]
            .filter(e => !e.closest('.edukit-bias__scroll') && !e.closest('.edukit-sr-only'))
            .filter(e => e.getBoundingClientRect().right > 320.5)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert outside == []
    widget.locator("[data-bias=raise]").click()
    assert _cells(tab)[0][1] == "0,51"


def test_reduced_motion_and_dark_colours(offline_page: Callable[..., Any], site_url: str) -> None:
    tab = offline_page(reduced_motion="reduce", color_scheme="dark")
    widget = _open(tab, site_url + "biais/")
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    duration = tab.evaluate(
        "() => getComputedStyle(document.querySelector('[data-bias=raise]')).transitionDuration"
    )
    assert duration in {"1e-05s", "0.00001s", "0s"}
    text = widget.locator(".edukit-bias__chart-value").first
    fill = text.evaluate("e => getComputedStyle(e).fill")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert fill != background
    channels = [int(c) for c in re.findall(r"\d+", fill)[:3]]
    assert sum(channels) > 3 * 150, fill  # light text on the dark slate background
