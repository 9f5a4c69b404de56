"""The shared browser set-up tells what it is meant to tell: the offline page aborts and records
a request to another host, and the axe fixture finds a WCAG violation in a page that has one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import offline

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title></head>
<body><main><h1>Essai</h1>
<p id="faible" style="color:#bbb;background:#fff">Texte trop pâle pour être lu.</p>
<img id="muette" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>
"""


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    folder: Path = tmp_path_factory.mktemp("shared-fixtures")
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    return str(static_server(folder).url)


def test_the_offline_page_aborts_and_records_other_hosts(chromium: Any, page_url: str) -> None:
    context = chromium.new_context()
    try:
        tab = offline(context)
        tab.goto(page_url)
        status = tab.evaluate(
            "() => fetch('http://example.invalid/x.js').then(() => 'reached', () => 'aborted')"
        )
        assert status == "aborted"
        assert tab.external_requests == ["http://example.invalid/x.js"]
        assert tab.all_requests[0] == page_url
        assert tab.page_errors == []
    finally:
        context.close()


def test_axe_reports_what_a_page_breaks(
    page: Any, page_url: str, axe: Callable[..., list[dict[str, Any]]]
) -> None:
    page.goto(page_url)
    found = {violation["id"]: violation for violation in axe(page)}
    assert set(found) == {"color-contrast", "image-alt"}
    assert found["color-contrast"]["nodes"][0]["target"] == "#faible"
    assert found["image-alt"]["nodes"][0]["summary"].startswith("Fix any of the following:")
    # A context narrows the check; named rules run alone.
    assert [v["id"] for v in axe(page, "#muette")] == ["image-alt"]
    assert [v["id"] for v in axe(page, rules=["color-contrast"])] == ["color-contrast"]
    assert axe(page, ["h1"]) == []
