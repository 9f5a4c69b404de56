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


def wait_for_theme(page: Any, timeout: float = 10_000) -> None:
    """Point at the page's header, as a learner would, and wait for Material's bundle."""
    page.wait_for_load_state("domcontentloaded")
    if not page.evaluate(ON_DEMAND):
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"), timeout=timeout)
    elif not page.evaluate(READY):
        page.locator(".md-header").first.hover()
        expect(page.locator("html")).to_have_attribute(
            "data-edukit-theme", "ready", timeout=timeout
        )
