"""Site side of the widget runtime: widget blocks in Markdown, inert widget state, the static host.

Interface used by :mod:`edukit.site.plugin` (owned by the widget runtime; the plugin only calls
these functions from its hooks). Until the runtime lands they pass pages through unchanged.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fence_format", "fence_validator", "on_page_content", "on_post_build", "on_post_page"]


def fence_validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """pymdownx.superfences validator for ``edukit-*`` fences."""
    return True


def fence_format(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """pymdownx.superfences formatter for ``edukit-*`` fences (shown as code until the runtime lands)."""
    from html import escape

    return f'<pre class="edukit-block"><code>{escape(source)}</code></pre>'


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """Turn widget-block placeholders of a Markdown page into widget mount points."""
    return html


def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """Make a rendered page's widgets live without a kernel or a CDN."""
    return output


def on_post_build(config: Any) -> None:
    """Copy the static host, widget modules and shared stylesheet into the site."""
