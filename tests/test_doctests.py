"""The worked examples in the docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import summarizer

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(summarizer.__path__, prefix="summarizer.")
    if not m.name.endswith("__main__")  # runs the CLI on import
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
