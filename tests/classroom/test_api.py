"""The room's HTTP API through Starlette's TestClient (no socket), with the fake backend."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from .conftest import ANSWER, CODE, SECRET, Classroom

pytestmark = pytest.mark.classroom

QUIZ = {
    "key": "quiz:l01-positionnement",
    "updated": "2026-01-05T09:00:00Z",
    "value": {
        "bank": "l01-positionnement",
        "purpose": "positionnement",
        "items": [
            {
                "id": "q1",
                "objectives": ["l01-o1"],
                "score": 1,
                "answered": "2026-01-05T09:00:00Z",
            }
        ],
    },
}


def test_salle_describes_the_room_and_its_notice(classroom: Classroom) -> None:
    data = classroom.client.get("/api/salle").json()
    assert data["salle"] is True and data["version"] == 1
    assert data["modele"] == {"disponible": True, "nom": "ok", "en_pause": False}
    assert "30 jours" in data["notice"] and data["retention_jours"] == 30
    assert CODE not in json.dumps(data)


def test_join_validates_code_and_pseudonym(classroom: Classroom) -> None:
    post = classroom.client.post
    wrong = post("/api/rejoindre", json={"code": "AAA-AAA", "pseudo": "Monique"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "code_errone"
    blank = post("/api/rejoindre", json={"code": CODE, "pseudo": "  "})
    assert blank.status_code == 400 and "vide" in blank.json()["erreur"]
    joined = classroom.join("Monique")
    assert len(joined["jeton"]) >= 40 and joined["pseudo"] == "Monique"
    again = post("/api/rejoindre", json={"code": CODE.lower(), "pseudo": "monique"})
    assert again.status_code == 409 and "déjà pris" in again.json()["erreur"]
    # the same learner on a second device: the old token opens a new one
    second = post(
        "/api/rejoindre",
        json={"pseudo": "Monique"},
        headers=classroom.auth(joined["jeton"]),
    )
    assert second.status_code == 200
    assert second.json()["apprenant"] == joined["apprenant"]
    assert second.json()["jeton"] != joined["jeton"]


def test_wrong_codes_are_limited(classroom: Classroom) -> None:
    statuses = [
        classroom.client.post(
            "/api/rejoindre", json={"code": f"AAA-{i:03d}", "pseudo": "X"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]
    blocked = classroom.client.post("/api/rejoindre", json={"code": CODE, "pseudo": "X"})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_sync_stores_merges_and_acknowledges(classroom: Classroom) -> None:
    token = classroom.join("Ali")["jeton"]
    first = classroom.client.post(
        "/api/sync",
        json={"records": [QUIZ], "page": "/lecons/", "lecon": "l01-accueil-positionnement"},
        headers=classroom.auth(token),
    )
    assert first.status_code == 200
    assert first.json() == {"ack": [QUIZ["key"]], "serveur": []}
    older = {**QUIZ, "updated": "2026-01-01T00:00:00Z", "value": {**QUIZ["value"], "items": []}}
    second = classroom.client.post(
        "/api/sync", json={"records": [older]}, headers=classroom.auth(token)
    )
    body = second.json()
    assert body["ack"] == [QUIZ["key"]]
    assert body["serveur"][0]["value"]["items"][0]["id"] == "q1"  # newer kept, sent back
    mine = classroom.client.get("/api/mes-donnees", headers=classroom.auth(token)).json()
    assert [r["key"] for r in mine["records"]] == [QUIZ["key"]]
    learner = classroom.room.store.learners()[0]
    assert learner.lesson == "l01-accueil-positionnement" and learner.page == "/lecons/"


def test_a_learner_reads_only_their_own_records(classroom: Classroom) -> None:
    one = classroom.join("Une")["jeton"]
    two = classroom.join("Deux")["jeton"]
    classroom.client.post("/api/sync", json={"records": [QUIZ]}, headers=classroom.auth(one))
    theirs = classroom.client.get("/api/mes-donnees", headers=classroom.auth(two)).json()
    assert theirs == {"records": []}
    nobody = classroom.client.get("/api/mes-donnees")
    assert nobody.status_code == 401 and nobody.json()["code"] == "non_connecte"
    forged = classroom.client.get("/api/mes-donnees", headers=classroom.auth("x" * 43))
    assert forged.status_code == 401


def test_dashboard_needs_the_trainer_token(classroom: Classroom) -> None:
    client = classroom.client
    assert client.get("/formateur/").status_code == 401
    assert client.get("/formateur/api/etat").status_code == 401
    learner = classroom.join("Zoé")["jeton"]
    assert client.get("/formateur/", headers=classroom.auth(learner)).status_code == 401
    assert client.get("/formateur/?jeton=mauvais").status_code == 401
    assert client.post("/formateur/pause", data={"action": "pause"}).status_code == 401
    token = classroom.room.trainer_token
    opened = client.get(f"/formateur/?jeton={token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/formateur/"
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/formateur/")
    assert page.status_code == 200 and "Zoé" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<script type="module" src="/formateur/tableau.js">' in page.text
    script = client.get("/formateur/tableau.js").text
    assert "textContent" in script and "innerHTML" not in script


def test_learner_text_is_escaped_on_the_dashboard(classroom: Classroom) -> None:
    classroom.join("<img src=x onerror=alert(1)>")
    page = classroom.client.get("/formateur/", headers=classroom.auth(classroom.room.trainer_token))
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_body_caps_give_413(classroom: Classroom) -> None:
    token = classroom.join("Gros")["jeton"]
    big = {"records": [{"key": "probe:x", "updated": None, "value": "a" * 70_000}]}
    response = classroom.client.post("/api/sync", json=big, headers=classroom.auth(token))
    assert response.status_code == 413 and "Kio" in response.json()["erreur"]
    chat = {"messages": [{"role": "user", "content": "b" * 33_000}]}
    response = classroom.client.post(
        "/v1/chat/completions", json=chat, headers=classroom.auth(token)
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "JSON valide"),
        (b"[]", "objet JSON"),
        (b'{"records": "x"}', "liste"),
        (b'{"records": [{"key": "a b", "value": 1}]}', "« key »"),
        (b'{"records": [{"key": "a", "updated": "hier"}]}', "ISO 8601"),
        (b'{"records": [{"key": "a"}, {"key": "a"}]}', "deux fois"),
        (b'{"records": [], "lecon": "L 01"}', "leçon"),
    ],
)
def test_malformed_sync_gets_a_french_4xx(classroom: Classroom, body: bytes, fragment: str) -> None:
    token = classroom.join("Malo")["jeton"]
    response = classroom.client.post(
        "/api/sync",
        content=body,
        headers={**classroom.auth(token), "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500
    data = response.json()
    assert set(data) == {"erreur", "code"} and fragment in data["erreur"]


def test_unknown_paths_and_methods_answer_in_french(classroom: Classroom) -> None:
    missing = classroom.client.get("/api/nulle-part")
    assert missing.status_code == 404 and "n'existe pas" in missing.json()["erreur"]
    wrong = classroom.client.delete("/formateur/")
    assert wrong.status_code == 405 and "méthode" in wrong.json()["erreur"]


def test_site_pages_get_the_classroom_script(classroom: Classroom) -> None:
    page = classroom.client.get("/lecons/")
    assert page.status_code == 200
    assert '<script type="module" src="/assets/edukit-classroom/classroom.js"></script></HEAD>' in (
        page.text
    )
    assert classroom.client.get("/lecons", follow_redirects=False).status_code == 308
    assert classroom.client.get("/style.css").text == "body{}"
    lost = classroom.client.get("/../../etc/passwd")
    assert lost.status_code == 404
    assert classroom.client.get("/absent/").status_code == 404


def test_the_classroom_script_and_the_modules_it_loads_are_served(classroom: Classroom) -> None:
    """classroom.js imports its parts from classroom/ once the page is in a room: every
    relative import of every module is served, and nothing else of the package is."""
    import re
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "src/edukit/classroom/static"
    entry = classroom.client.get("/assets/edukit-classroom/classroom.js")
    assert entry.status_code == 200 and "javascript" in entry.headers["content-type"]
    assert 'new URL("classroom/page.js", moduleUrl)' in entry.text
    modules = sorted(p.name for p in (static / "classroom").glob("*.js"))
    assert "page.js" in modules and "sync.js" in modules
    for name in modules:
        served = classroom.client.get(f"/assets/edukit-classroom/classroom/{name}")
        assert served.status_code == 200, name
        assert served.text == (static / "classroom" / name).read_text(encoding="utf-8")
        for imported in re.findall(r'from "\./([a-z-]+\.js)"', served.text):
            assert imported in modules, f"{name} imports {imported}, which is not shipped"
    for bad in ("..%2Fclassroom.js", "page.mjs", "absent.js", "%2E%2E%2F__init__.py"):
        missing = classroom.client.get(f"/assets/edukit-classroom/classroom/{bad}")
        assert missing.status_code == 404 and "javascript" not in missing.headers["content-type"]


def test_projector_page_shows_address_qr_and_code(classroom: Classroom) -> None:
    page = classroom.client.get("/salle/")
    assert page.status_code == 200
    assert "http://127.0.0.1:8000/" in page.text and CODE in page.text
    assert "<svg" in page.text and "http" not in page.text.split("<svg", 1)[1].split(">", 1)[0]


def _stream_text(lines: list[str]) -> str:
    parts = []
    for line in lines:
        if line.startswith("data: ") and line != "data: [DONE]":
            data = json.loads(line[6:])
            for choice in data.get("choices", []):
                parts.append(choice.get("delta", {}).get("content") or "")
    return "".join(parts)


def test_proxy_streams_the_answer_and_keeps_the_key(
    classroom: Classroom, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = classroom.join("Nina")["jeton"]
    body = {"model": "autre", "stream": True, "messages": [{"role": "user", "content": "Salut"}]}
    with classroom.client.stream(
        "POST", "/v1/chat/completions", json=body, headers=classroom.auth(token)
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = list(response.iter_lines())
        raw = "\n".join(lines)
    assert _stream_text(lines) == "".join(ANSWER)
    assert SECRET not in raw and SECRET not in str(dict(response.headers))
    sent = classroom.backend.requests[-1]
    assert sent["model"] == "ok" and sent["max_tokens"] == 256  # the trainer's model and cap
    assert sent["stream_options"] == {"include_usage": True}
    usage = classroom.room.usage()
    assert usage.requests >= 1 and usage.tokens >= 19
    assert SECRET not in caplog.text and token not in caplog.text and "Salut" not in caplog.text


def test_proxy_answers_whole_and_lists_the_model(classroom: Classroom) -> None:
    token = classroom.join("Omar")["jeton"]
    body = {"messages": [{"role": "user", "content": "Bonjour"}]}
    answer = classroom.client.post("/v1/chat/completions", json=body, headers=classroom.auth(token))
    assert answer.status_code == 200
    assert answer.json()["choices"][0]["message"]["content"] == "".join(ANSWER)
    models = classroom.client.get("/v1/models", headers=classroom.auth(token)).json()
    assert [m["id"] for m in models["data"]] == ["ok"]
    assert classroom.client.get("/v1/models").status_code == 401


def test_personal_data_never_leaves(classroom: Classroom) -> None:
    token = classroom.join("Paul")["jeton"]
    before = len(classroom.backend.requests)
    text = "Écrivez à marie.dupont@exemple.fr ou au 06 12 34 56 78."
    response = classroom.client.post(
        "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": text}]},
        headers=classroom.auth(token),
    )
    assert response.status_code == 422
    message = response.json()["erreur"]
    assert "marie.dupont" not in message and "06 12" not in message
    assert "email" in message.lower() and "téléphone" in message
    assert len(classroom.backend.requests) == before


def test_pause_rate_and_budget(classroom: Classroom) -> None:
    client = classroom.client
    token = classroom.join("Rita")["jeton"]
    body: dict[str, Any] = {"messages": [{"role": "user", "content": "Bonjour"}]}
    trainer = classroom.auth(classroom.room.trainer_token)
    client.post("/formateur/pause", data={"action": "pause"}, headers=trainer)
    assert client.get("/api/salle").json()["modele"]["en_pause"] is True
    paused = client.post("/v1/chat/completions", json=body, headers=classroom.auth(token))
    assert paused.status_code == 423 and "pause" in paused.json()["erreur"]
    client.post("/formateur/pause", data={"action": "reprendre"}, headers=trainer)
    statuses = [
        client.post("/v1/chat/completions", json=body, headers=classroom.auth(token)).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    # the daily budget: another learner whose usage today already fills it
    other = classroom.join("Sam")
    classroom.room.record_usage(other["apprenant"], 4_000, 1_000, None, None)
    spent = client.post("/v1/chat/completions", json=body, headers=classroom.auth(other["jeton"]))
    assert spent.status_code == 429 and spent.json()["code"] == "budget_epuise"


def test_backend_errors_never_echo_the_key(classroom: Classroom) -> None:
    from edukit.cli._classroom_app import Backend

    token = classroom.join("Tom")["jeton"]
    config = classroom.config
    config.backend = Backend(config.backend.base_url, "ok", config.backend.provider, "ABSENT_ENV")
    body = {"messages": [{"role": "user", "content": "Bonjour"}]}
    response = classroom.client.post(
        "/v1/chat/completions", json=body, headers=classroom.auth(token)
    )
    # the fake server answers 401 quoting the Authorization header it got
    assert response.status_code == 502 and response.json()["code"] == "cle_refusee"
    assert "Bearer" not in response.text


def test_dashboard_state_and_qualiopi_pack(classroom: Classroom) -> None:
    import io
    import zipfile

    token = classroom.join("Léa")["jeton"]
    lesson = {
        "key": "lesson:l01-accueil-positionnement",
        "updated": "2026-01-05T10:00:00Z",
        "value": {"completed": "2026-01-05T10:00:00Z", "seconds": 600},
    }
    classroom.client.post(
        "/api/sync", json={"records": [QUIZ, lesson]}, headers=classroom.auth(token)
    )
    trainer = classroom.auth(classroom.room.trainer_token)
    state = classroom.client.get("/formateur/api/etat", headers=trainer).json()
    row = state["apprenants"][0]
    assert row["pseudo"] == "Léa" and row["connecte"] is True
    assert row["lecons_terminees"] == 1 and row["positionnement"] == 1.0
    made = classroom.client.post(
        "/formateur/dossier", headers={**trainer, "Accept": "application/json"}
    )
    assert made.status_code == 200, made.text
    name = made.json()["dossier"]
    download = classroom.client.get(f"/formateur/dossiers/{name}", headers=trainer)
    assert download.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert (
        "rapport/rapport-progression.csv" in names and "rapport/rapport-progression.html" in names
    )
    assert classroom.client.get(f"/formateur/dossiers/{name}").status_code == 401
    assert (
        classroom.client.get("/formateur/dossiers/..%2Fsalle.sqlite3", headers=trainer).status_code
        == 404
    )


def test_the_trainer_grades_a_rubric_on_the_dashboard(classroom: Classroom) -> None:
    from edukit.cli._classroom_trainer import course_for_dashboard

    _, rubrics, _ = course_for_dashboard(classroom.config.course_root.resolve())
    rubric = rubrics["l06-requete"]
    learner = classroom.join("Yann")["apprenant"]
    trainer = classroom.auth(classroom.room.trainer_token)
    page = classroom.client.get("/formateur/", headers=trainer).text
    assert 'action="/formateur/note"' in page and 'name="critere-role-contexte"' in page
    form = {"grille": "l06-requete", "apprenant": learner, "correcteur": "Mme Leroy"}
    levels = {f"critere-{c.id}": str(c.top) for c in rubric.criteria}
    missing = classroom.client.post("/formateur/note", data=form, headers=trainer)
    assert missing.status_code == 400 and "niveau" in missing.json()["erreur"]
    too_high = {**form, **levels, "critere-role-contexte": "9"}
    refused = classroom.client.post("/formateur/note", data=too_high, headers=trainer)
    assert refused.status_code == 400 and "role-contexte" in refused.json()["erreur"]
    assert classroom.client.post("/formateur/note", data={**form, **levels}).status_code == 401
    foreign = {**trainer, "Origin": "http://ailleurs.example"}
    assert (
        classroom.client.post("/formateur/note", data={**form, **levels}, headers=foreign)
    ).status_code == 403
    saved = classroom.client.post(
        "/formateur/note", data={**form, **levels}, headers=trainer, follow_redirects=False
    )
    assert saved.status_code == 303
    state = classroom.client.get("/formateur/api/etat", headers=trainer).json()
    grades = state["apprenants"][0]["grilles"]
    assert grades[0]["grille"] == "l06-requete" and grades[0]["points"] == rubric.max_points
