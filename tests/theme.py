"""Waiting for Material's bundle, which a page loads at the learner's first sign of activity.

The edukit plugin replaces Material's bundle ``<script>`` with ``theme-on-demand.js``
(:mod:`edukit.site._theme`): a page opens in Material's « no-js » layout and loads the bundle
when the learner presses, touches, types, focuses, or points at the header. A test that needs
the bundle's features (instant navigation, copy buttons…) acts as a learner first.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

READY = "document.documentElement.dataset.edukitTheme === 'ready'"
"""True once the bundle has run and taken over ``window.document$``."""
ON_DEMAND = "document.documentElement.classList.contains('edukit-on-demand')"
"""True on a page built by the edukit plugin (a site of the widget hooks only loads the bundle
the usual way)."""

INSTANT = """() => {
    const config = document.getElementById("__config");
    return ((config && JSON.parse(config.textContent).features) || []).includes(
        "navigation.instant");
}"""
"""True when the site has Material's instant navigation, which follows no link before it has
read the site's ``sitemap.xml`` (fetched as soon as the bundle runs)."""


def wait_for_theme(page: Any, timeout: float = 10_000) -> None:
    """Point at the page's header, as a learner would, and wait for Material's bundle and, when
    the site has instant navigation, for the sitemap it reads to know which links to follow."""
    page.wait_for_load_state("domcontentloaded")
    if not page.evaluate(ON_DEMAND):
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"), timeout=timeout)
        return
    if page.evaluate(READY):
        return
    if page.evaluate(INSTANT):
        with page.expect_response(
            lambda response: response.url.endswith("/sitemap.xml"), timeout=timeout
        ):
            page.locator(".md-header").first.hover()
        page.wait_for_timeout(100)  # the sitemap is read in the task after it arrives
    else:
        page.locator(".md-header").first.hover()
    expect(page.locator("html")).to_have_attribute("data-edukit-theme", "ready", timeout=timeout)
