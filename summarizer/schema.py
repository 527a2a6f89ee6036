"""Generate the JSON Schemas in ``schemas/`` from the pydantic models.

``python -m summarizer.schema [DIR]`` rewrites them; ``tests/test_schema.py`` fails
when a model changed and the files were not regenerated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from .models import SummaryDocument, UnionWorkReport

SCHEMAS: dict[str, type[BaseModel]] = {
    "union_work_report.schema.json": UnionWorkReport,
    "summary_document.schema.json": SummaryDocument,
}


def render_schema(model: type[BaseModel]) -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas")
    for p in write_schemas(target):
        print(p)
