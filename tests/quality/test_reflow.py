"""Reflow (WCAG 1.4.10) and reduced motion on the real course site.

One page of each type (home, plan, a lesson with a quiz, with the playground, with the bias
explorer, a notebook page, a guide) at 320 CSS px wide, and at 1280 px with 200 % zoom — which
is a 640 CSS px viewport, as WCAG counts it (``deviceScaleFactor`` does not zoom the layout):

- the document does not scroll sideways (``scrollWidth <= clientWidth + 1``);
- no visible control (button, input, select, textarea) sticks out of the viewport, unless it
  sits in a scroll container that the keyboard can reach (``tabindex``, like a wide table).

Screenshots go to ``tmp_path`` for a human look. With ``prefers-reduced-motion: reduce`` no
widget element animates or transitions for more than 0.01 s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGE_KINDS = ["home", "plan", "quiz", "playground", "bias", "notebook", "guide"]
VIEWPORTS = {"320px": {"width": 320, "height": 640}, "1280px-200pct": {"width": 640, "height": 400}}

OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
CLIPPED_CONTROLS = """() => {
    const width = document.documentElement.clientWidth;
    const reachableScroller = element => {
        for (let node = element.parentElement; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (/(auto|scroll)/.test(style.overflowX) && node.scrollWidth > node.clientWidth
                && (node.tabIndex >= 0 || node.matches('a, button, input, select, textarea')))
                return true;
        }
        return false;
    };
    const describe = element => {
        const label = element.getAttribute('aria-label') || element.textContent.trim()
            || element.getAttribute('name') || element.id || '';
        const rect = element.getBoundingClientRect();
        const where = element.closest('[data-edukit-widget]')?.dataset.edukitWidget
            || element.closest('[class]')?.className || '';
        return `${element.tagName.toLowerCase()} «${label.slice(0, 40)}» in ${where}`
            + ` x=${Math.round(rect.left)}..${Math.round(rect.right)}`;
    };
    const found = [];
    for (const element of document.querySelectorAll(
            'button, input:not([type=hidden]), select, textarea')) {
        if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        const rect = element.getBoundingClientRect();
        if (rect.width <= 1 && rect.height <= 1) continue;  // visually hidden, for screen readers
        if (element.closest('.md-sidebar, .md-search')) continue;  // closed drawers, off-canvas
        if (rect.left >= -1 && rect.right <= width + 1) continue;
        if (reachableScroller(element)) continue;
        found.push(describe(element));
    }
    return found;
}"""
SLOW_MOTION = """() => {
    const seconds = value => value.split(',').map(part => {
        const text = part.trim();
        return text.endsWith('ms') ? parseFloat(text) / 1000 : parseFloat(text) || 0;
    });
    const found = [];
    const widgets = document.querySelectorAll('[data-edukit-widget], .edukit-widget');
    for (const widget of widgets) {
        for (const element of [widget, ...widget.querySelectorAll('*')]) {
            for (const pseudo of [null, '::before', '::after']) {
                const style = getComputedStyle(element, pseudo);
                const animated = style.animationName !== 'none'
                    && Math.max(...seconds(style.animationDuration)) > 0.01;
                const moving = Math.max(...seconds(style.transitionDuration)) > 0.01;
                if (animated || moving)
                    found.push(`${element.tagName.toLowerCase()}.${element.className}${pseudo || ''}`
                        + ` animation ${style.animationName} ${style.animationDuration}`
                        + ` transition ${style.transitionDuration}`);
            }
        }
    }
    return [widgets.length, found];
}"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pages_reflow_without_sideways_scroll_or_clipped_controls(
    quality_site: Any,
    new_context: Callable[..., Any],
    open_page: Callable[..., None],
    kind_path: Callable[[str], str],
    tmp_path: Path,
    viewport: str,
) -> None:
    page = new_context("default", viewport=VIEWPORTS[viewport]).new_page()
    problems: list[str] = []
    for kind in PAGE_KINDS:
        path = kind_path(kind)
        open_page(page, quality_site.url + path)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        scroll_width, client_width = page.evaluate(OVERFLOW)
        if scroll_width > client_width + 1:
            problems.append(
                f"{kind} /{path}: the page scrolls sideways ({scroll_width} > {client_width})"
            )
        problems += [f"{kind} /{path}: clipped {item}" for item in page.evaluate(CLIPPED_CONTROLS)]
        page.screenshot(path=tmp_path / f"{viewport}-{kind}.png", full_page=True)
    assert not problems, "\n".join(problems) + f"\n(screenshots in {tmp_path})"


def test_widgets_do_not_move_with_reduced_motion(
    quality_site: Any,
    new_context: Callable[..., Any],
    open_page: Callable[..., None],
    kind_path: Callable[[str], str],
) -> None:
    page = new_context("default", reduced_motion="reduce").new_page()
    assert page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
    problems: list[str] = []
    for kind in ("quiz", "playground", "bias", "notebook"):
        path = kind_path(kind)
        open_page(page, quality_site.url + path)
        widgets, found = page.evaluate(SLOW_MOTION)
        assert widgets > 0, f"{kind} /{path} shows no widget"
        problems += [f"{kind} /{path}: {item}" for item in found]
    assert not problems, "\n".join(problems)
