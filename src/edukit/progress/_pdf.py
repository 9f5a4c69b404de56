"""PDF through WeasyPrint, imported only when a PDF is asked for; it never fetches a URL."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["PdfUnavailableError", "html_to_pdf", "pdf_unavailable_reason"]


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing; the message says what to install."""


def pdf_unavailable_reason() -> str | None:
    """Why PDF cannot be produced here, or ``None`` when WeasyPrint works."""
    try:
        importlib.import_module("weasyprint")
    except ImportError as error:
        return f"WeasyPrint n'est pas installé ({error}) : installez le paquet Python weasyprint"
    except OSError as error:  # the Python package is there, pango is not
        return (
            f"WeasyPrint ne trouve pas ses bibliothèques système ({error}) : installez les "
            "paquets Debian libpango-1.0-0 et libpangoft2-1.0-0"
        )
    return None


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"edukit reports stay local; refusing to fetch {url}")


def _offline_fetcher() -> Any:
    """A fetcher that refuses every URL but ``data:`` ones, whatever WeasyPrint's version.

    Recent WeasyPrint versions take a ``URLFetcher`` object (with ``allowed_protocols``);
    older ones take a function.
    """
    urls = importlib.import_module("weasyprint.urls")
    fetcher_class = getattr(urls, "URLFetcher", None)
    if isinstance(fetcher_class, type):
        return fetcher_class(allowed_protocols=["data"], timeout=1)
    return _no_fetch


def html_to_pdf(html: str) -> bytes:
    """Render a report page to PDF with WeasyPrint, offline.

    Raises
    ------
    PdfUnavailableError
        When WeasyPrint or pango is missing.
    """
    reason = pdf_unavailable_reason()
    if reason is not None:
        raise PdfUnavailableError(reason)
    weasyprint = importlib.import_module("weasyprint")
    pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=_offline_fetcher()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
