"""The shipped JSON Schema is the one the models generate, and it describes the fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from edukit.progress import SCHEMA_PATH, json_schema, read_progress
from edukit.progress._schema import schema_text

FILES = Path(__file__).parents[1] / "fixtures" / "progress" / "files"
REGENERATE = (
    '.venv/bin/python -c "from edukit.progress import write_json_schema; write_json_schema()"'
)


def test_shipped_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"progress.schema.json is out of date; regenerate it with {REGENERATE}"
    )


def test_schema_fixes_the_file_kind_and_version() -> None:
    schema = json_schema()
    properties = schema["properties"]
    assert properties["schema"]["const"] == "edukit-progress"
    assert properties["version"]["enum"] == [2, 3]
    assert set(schema["required"]) == {
        "schema",
        "version",
        "course",
        "learner",
        "exported",
        "entries",
        "integrity",
    }
    assert schema["additionalProperties"] is False
    kinds = properties["entries"]["items"]["oneOf"]
    assert len(kinds) == 3


def test_schema_accepts_the_fixtures_when_a_validator_is_at_hand() -> None:
    """Checked with jsonschema when installed (it comes with JupyterLab in the dev tools)."""
    import importlib.util

    if importlib.util.find_spec("jsonschema") is None:  # pragma: no cover
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    for path in FILES.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path
        read_progress(path)
    tampered = json.loads((FILES / "alice.json").read_text(encoding="utf-8"))
    tampered["entries"][0]["key"] = "quiz:x"
    tampered["entries"][0]["value"] = "not a quiz"
    assert list(validator.iter_errors(tampered))
