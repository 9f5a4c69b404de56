"""axe-core on every page of the real course site, whole page, in light and dark.

Every content page of the built site (``**/*.html`` less the 404 page) is opened in Debian
chromium with Material's scheme set the way its palette toggle sets it, the trainer notes shown
(so that they are checked too), every ``<details>`` opened and every widget rendered; axe-core
then checks the whole document (header, navigation, content, widgets, footer) against the WCAG
2.1 A and AA rules. Zero violations is the gate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def _report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    per_rule: Counter[str] = Counter()
    for path, violations in found.items():
        for violation in violations:
            per_rule[violation["id"]] += len(violation["nodes"])
            for node in violation["nodes"][:5]:
                lines.append(f"/{path}: {violation['id']} {node['target']} — {node['summary']}")
            if len(violation["nodes"]) > 5:
                lines.append(f"/{path}: {violation['id']} … {len(violation['nodes']) - 5} more")
    totals = ", ".join(f"{rule}: {count}" for rule, count in per_rule.most_common())
    return f"{totals}\n" + "\n".join(lines)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_page_passes_axe(
    quality_site: Any,
    new_context: Callable[..., Any],
    open_page: Callable[..., None],
    axe: Callable[..., list[dict[str, Any]]],
    scheme: str,
) -> None:
    pages = quality_site.pages()
    assert len(pages) >= 7, pages  # home, plan, lessons, guides, notebooks at least
    page = new_context(scheme, trainer=True).new_page()
    found: dict[str, list[dict[str, Any]]] = {}
    for path in pages:
        open_page(page, quality_site.url + path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == scheme, path
        assert page.evaluate(
            "() => document.documentElement.classList.contains('edukit-trainer-view')"
        ), path
        page.evaluate(OPEN_DETAILS)
        violations = axe(page)  # the whole document, WCAG 2.1 A and AA
        if violations:
            found[path] = violations
    assert not found, _report(found)
