"""The README is run by CI (.ci/run takes its Quick start commands): keep it true."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from summarizer.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_the_two_fresh_machine_commands() -> None:
    install_and_summarize, install_and_test = quick_start()
    assert "python3 -m venv .venv" in install_and_summarize
    assert "pip install . " in install_and_summarize
    sample = re.search(r"summarize (tests/data/\S+\.txt)$", install_and_summarize)
    assert sample and (ROOT / sample.group(1)).is_file()
    assert 'pip install ".[test]"' in install_and_test and install_and_test.endswith("pytest")


def test_ci_runs_the_readme_commands() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "## Quick start" in script and "readme_commands" in script
    assert 'pip install ".[local]" && pytest -m real_model' in script


def test_the_example_output_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    block = README.split("```text\n$ summarize ", 1)[1].split("```", 1)[0]
    command, shown = block.split("\n", 1)
    assert main([command.strip()]) == 0
    assert capsys.readouterr().out.strip() == shown.strip()
