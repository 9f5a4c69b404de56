"""Browser fixtures: the offline page (every request off 127.0.0.1 aborted, recorded, and a
failure of the test).

The static site server (``static_server``), Debian's chromium (``chromium``) and axe-core
(``axe``) are in ``tests/conftest.py`` (the quality tests use them too); the fake
OpenAI-compatible server is ``tests/fake_openai.py`` (``serve``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pytest


def offline(context: Any) -> Any:
    """A new page of ``context`` that reaches 127.0.0.1 only.

    Any other host is aborted and listed in ``page.external_requests`` (web sockets too);
    ``page.all_requests`` lists every request and ``page.page_errors`` the uncaught errors.
    """
    tab = context.new_page()
    tab.external_requests = []
    tab.all_requests = []
    tab.page_errors = []

    def route(route: Any) -> None:
        tab.all_requests.append(route.request.url)
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            tab.external_requests.append(route.request.url)
            route.abort()

    tab.route("**/*", route)
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    tab.on("websocket", lambda socket: tab.external_requests.append(socket.url))
    return tab


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """``offline_page(**context_options)``: an offline page in a fresh browser context (own
    storage); the test fails when any page it made asked for another host."""
    made: list[tuple[Any, Any]] = []

    def new(**options: Any) -> Any:
        context = chromium.new_context(**options)
        tab = offline(context)
        made.append((context, tab))
        return tab

    yield new
    external = [url for _, tab in made for url in tab.external_requests]
    for context, _ in made:
        context.close()
    assert external == [], f"requests to another host than 127.0.0.1: {external}"


@pytest.fixture
def page(offline_page: Callable[..., Any]) -> Any:
    """An offline page in a fresh context (see :func:`offline_page`)."""
    return offline_page()
