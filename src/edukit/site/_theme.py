"""Material's JavaScript bundle loaded on demand.

Material's bundle (35 KB gzip) brings search, instant navigation, code-copy buttons, tooltips
and sticky sidebars; reading a lesson and answering its quiz need none of it, and Material's
« no-js » layout works without it. :func:`bundle_on_demand` replaces the bundle's ``<script>``
with ``theme-on-demand.js``, which keeps the bundle's address and loads it at the learner's
first sign of activity (see the script for what it does meanwhile: palette, search field,
``window.document$``). ``site.css`` keeps the search field visible in the « no-js » layout.
"""

from __future__ import annotations

import re

__all__ = ["BUNDLE_SCRIPT", "SOURCES", "THEME_ON_DEMAND", "bundle_on_demand"]

THEME_ON_DEMAND = "assets/edukit-site/theme-on-demand.js"
SOURCES = {THEME_ON_DEMAND: "theme-on-demand.js"}
"""Site path of the script, and its file in ``edukit/site/assets/``."""
BUNDLE_SCRIPT = re.compile(
    r'<script\b[^>]*?\bsrc="(?P<base>[^"]*?)'
    r'(?P<bundle>assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"[^>]*>'
    r"</script>"
)
"""Material's bundle ``<script>`` in a page: the site's base as the page writes it, and the
bundle's path from there (``_search`` places the lazy search just before it)."""


def bundle_on_demand(output: str) -> str:
    """``output`` with Material's bundle ``<script>`` replaced by ``theme-on-demand.js``, at the
    bundle's own relative or absolute base (so also on ``404.html``); unchanged when the page
    has no bundle ``<script>`` (already replaced, or another theme).

    Examples
    --------
    >>> page = '<script src="../assets/javascripts/bundle.ab12.min.js"></script>'
    >>> print(bundle_on_demand(page))
    <script src="../assets/edukit-site/theme-on-demand.js" data-edukit-bundle="../assets/javascripts/bundle.ab12.min.js"></script>
    >>> bundle_on_demand(bundle_on_demand(page)) == bundle_on_demand(page)
    True
    """

    def replace(match: re.Match[str]) -> str:
        base = match.group("base")
        return (
            f'<script src="{base}{THEME_ON_DEMAND}" '
            f'data-edukit-bundle="{base}{match.group("bundle")}"></script>'
        )

    return BUNDLE_SCRIPT.sub(replace, output, count=1)
