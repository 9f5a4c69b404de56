"""The room's pages: the built site with the classroom script added, and the server's own
pages (projector, dashboard) with their style sheet and a strict content policy."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from edukit.classroom import Room
from edukit.cli._classroom_http import error

__all__ = ["CSS", "DASHBOARD_JS", "SCRIPT_PATH", "page", "projector_body", "site_routes"]

STATIC = Path(__file__).resolve().parent.parent / "classroom" / "static"
SCRIPT_PATH = "/assets/edukit-classroom/classroom.js"
MODULES_PATH = "/assets/edukit-classroom/classroom/"
"""The modules ``classroom.js`` loads once the page is in a room (``static/classroom/``)."""
_MODULE_NAME = re.compile(r"^[a-z][a-z0-9-]*\.js$")
_PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_INJECTED = f'<script type="module" src="{SCRIPT_PATH}"></script>'.encode()


def site_routes(site_dir: Path) -> tuple[list[Route], Route]:
    """The classroom script's routes (entry and modules), and the catch-all route serving the
    built site (last)."""
    site = site_dir.resolve()

    async def classroom_script(request: Request) -> Response:
        path = STATIC / "classroom.js"
        if not path.is_file():
            return error(404, "introuvable", "Le script de la salle est absent du paquet.")
        return FileResponse(path, media_type="text/javascript")

    async def classroom_module(request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC / "classroom" / name
        if not _MODULE_NAME.match(name) or not path.is_file():
            return error(404, "introuvable", "Ce module de la salle n'existe pas.")
        return FileResponse(path, media_type="text/javascript")

    async def site_file(request: Request) -> Response:
        relative = request.path_params.get("path", "")
        target = (site / relative).resolve()
        if not target.is_relative_to(site):
            return error(404, "introuvable", "Cette page n'existe pas.")
        if target.is_dir():
            if relative and not relative.endswith("/"):
                return RedirectResponse(f"/{quote(relative)}/", status_code=308)
            target = target / "index.html"
        if not target.is_file():
            missing = site / "404.html"
            if missing.is_file():
                return _html_page(missing, 404)
            return error(404, "introuvable", "Cette page n'existe pas.")
        if target.suffix.lower() in {".html", ".htm"}:
            return _html_page(target, 200)
        return FileResponse(target, headers={"X-Content-Type-Options": "nosniff"})

    return (
        [
            Route(SCRIPT_PATH, classroom_script, methods=["GET"]),
            Route(MODULES_PATH + "{name}", classroom_module, methods=["GET"]),
        ],
        Route("/{path:path}", site_file, methods=["GET", "HEAD"]),
    )


def _html_page(path: Path, status: int) -> Response:
    """A page of the built site with the classroom script before ``</head>``."""
    data = path.read_bytes()
    match = _HEAD_END.search(data)
    if match is not None:
        data = data[: match.start()] + _INJECTED + data[match.start() :]
    return Response(
        data,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )


def page(title: str, body: str, script: str | None = None) -> Response:
    """One of the server's own pages (``title`` and ``body`` already escaped)."""
    tag = f'<script type="module" src="{script}"></script>' if script else ""
    text = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        f'<link rel="stylesheet" href="style.css">{tag}'
        f"</head><body><main>{body}</main></body></html>"
    )
    return Response(
        text,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": _PAGE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


CSS = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f8; }
button { font-size: 1rem; padding: .5rem 1rem; border: 2px solid #000091; background: #000091;
  color: #fff; border-radius: 4px; cursor: pointer; }
button.secondaire { background: #fff; color: #000091; }
button:focus-visible, a:focus-visible { outline: 3px solid #c9191e; outline-offset: 2px; }
.projecteur { text-align: center; }
.projecteur .adresse { font-size: clamp(1.5rem, 5vw, 4rem); font-weight: bold; word-break: break-all; }
.projecteur .code { font-size: clamp(2rem, 9vw, 7rem); font-weight: bold; letter-spacing: .1em; }
.projecteur svg { width: min(70vw, 60vh); height: auto; }
.etat { font-weight: bold; }
.pause { color: #b34000; }
"""


DASHBOARD_JS = """
// Refreshes who is connected and where each learner is, every 10 s, from the dashboard's JSON.
// Learner text goes through textContent only: it is never parsed as HTML.
const lessonOrPage = (learner) => learner.lecon_titre || learner.page || "\u2014";
async function refresh() {
  let state;
  try {
    const response = await fetch("/formateur/api/etat", { credentials: "same-origin" });
    if (!response.ok) return;
    state = await response.json();
  } catch {
    return;
  }
  for (const learner of state.apprenants) {
    const row = document.querySelector(`tr[data-apprenant="${CSS.escape(learner.id)}"]`);
    if (!row) continue;
    row.querySelector('[data-champ="connecte"]').textContent = learner.connecte ? "oui" : "non";
    row.querySelector('[data-champ="ou"]').textContent = lessonOrPage(learner);
  }
}
setInterval(refresh, 10000);
"""


def projector_body(room: Room, address: str) -> str:
    import segno

    svg = segno.make(address, error="m").svg_inline(
        scale=10, border=2, title=f"Code QR de l'adresse {address}"
    )
    return (
        '<div class="projecteur">'
        f"<h1>Rejoindre la salle « {html.escape(room.name)} »</h1>"
        "<p>1. Connectez-vous au wifi de la salle, puis ouvrez cette adresse "
        "(ou scannez le code QR) :</p>"
        f'<p class="adresse">{html.escape(address)}</p>'
        f'<div role="img" aria-label="Code QR de l\'adresse {html.escape(address)}">{svg}</div>'
        "<p>2. Tapez le code de la salle et choisissez un pseudonyme :</p>"
        f'<p class="code" aria-label="Code de la salle">{html.escape(room.code)}</p>'
        "</div>"
    )
