"""instructor's per-call async-validator walk is done once per response model."""

from __future__ import annotations

import pytest

from summarizer.extract.llm import _scan_validators_once
from summarizer.models import UnionWorkReport


def test_a_model_that_passed_is_not_walked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from instructor.v2.validation import async_validators

    walked: list[object] = []
    monkeypatch.setattr(async_validators, "reject_async_validators", walked.append)
    _scan_validators_once()
    for _ in range(3):
        async_validators.reject_async_validators(UnionWorkReport)
    assert walked == [UnionWorkReport]


def test_a_model_that_fails_fails_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from instructor.v2.validation import async_validators

    def refuse(model: object) -> None:
        raise ValueError("async validators are not supported")

    monkeypatch.setattr(async_validators, "reject_async_validators", refuse)
    _scan_validators_once()
    for _ in range(2):
        with pytest.raises(ValueError, match="not supported"):
            async_validators.reject_async_validators(UnionWorkReport)


def test_the_real_check_still_refuses_async_validators() -> None:
    """The memo wraps instructor's own check: a model it refuses is still refused."""
    from instructor.v2.validation import async_validators
    from pydantic import BaseModel

    _scan_validators_once()
    marker = async_validators.ASYNC_VALIDATOR_KEY

    class Bad(BaseModel):
        x: int = 0

        def check_x(self) -> None: ...

    setattr(Bad.check_x, marker, True)
    with pytest.raises(ValueError, match="async validators"):
        async_validators.reject_async_validators(Bad)
    async_validators.reject_async_validators(UnionWorkReport)  # passes, and stays passing
