"""The progress file as JSON Schema, generated from the pydantic models.

``progress.schema.json`` ships beside this module (a test checks it is current). To write it
again after changing the models::

    .venv/bin/python -c "from edukit.progress import write_json_schema; write_json_schema()"
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from edukit.progress._model import ProgressFile

__all__ = ["SCHEMA_PATH", "json_schema", "schema_text", "write_json_schema"]

SCHEMA_PATH = Path(__file__).with_name("progress.schema.json")


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a progress file of the current version."""
    schema = ProgressFile.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema to ``path`` (default: the one shipped in the package)."""
    path.write_text(schema_text(), encoding="utf-8", newline="\n")
    return path
