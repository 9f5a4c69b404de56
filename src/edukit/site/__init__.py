"""The MkDocs plugin and the static widget host for the course site."""

from edukit.site._live import LIVE_ENV

__all__ = ["LIVE_ENV"]
