"""The JSON Schemas in schemas/ are generated from the models and must not drift."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from summarizer.schema import SCHEMAS, render_schema


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_matches_the_model(name: str) -> None:
    on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert on_disk == render_schema(SCHEMAS[name]), (
        f"schemas/{name} is stale: run `python -m summarizer.schema`"
    )


def test_schema_describes_the_contract() -> None:
    schema = SCHEMAS["union_work_report.schema.json"].model_json_schema()
    assert set(schema["properties"]) == {
        "title", "organization", "region", "published", "period", "summary",
        "initiatives", "numbers", "honors",
    }  # fmt: skip
    number = schema["$defs"]["KeyNumber"]["properties"]
    assert {"text", "value", "unit", "metric", "qualifier", "evidence"} <= set(number)


def test_prompts_ship_inside_the_installed_package() -> None:
    import summarizer
    from summarizer.prompts import load_prompt, prompt_root

    package = Path(summarizer.__file__).parent
    if (package.parent / "pyproject.toml").exists():
        pytest.skip("source checkout (editable install): the wheel layout is checked in CI")
    assert prompt_root() == package / "prompts"
    assert load_prompt("v1").system
