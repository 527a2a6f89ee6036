"""instructor's per-call work on fixed inputs is done once: the async-validator walk
per response model, the template compile per message shape."""

from __future__ import annotations

import pytest

from summarizer.extract.llm import _patch_instructor_once
from summarizer.models import UnionWorkReport


def _fake_check(monkeypatch: pytest.MonkeyPatch, check: object) -> None:
    """``check`` as instructor's own, at both names (restored after the test)."""
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators

    monkeypatch.setattr(async_validators, "reject_async_validators", check)
    monkeypatch.setattr(patch, "reject_async_validators", check)


def test_a_model_that_passed_is_not_walked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators

    walked: list[object] = []
    _fake_check(monkeypatch, walked.append)
    _patch_instructor_once()
    for _ in range(3):
        async_validators.reject_async_validators(UnionWorkReport)
        patch.reject_async_validators(UnionWorkReport)  # the name each call goes through
    assert walked == [UnionWorkReport]


def test_a_model_that_fails_fails_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from instructor.v2.validation import async_validators

    def refuse(model: object) -> None:
        raise ValueError("async validators are not supported")

    _fake_check(monkeypatch, refuse)
    _patch_instructor_once()
    for _ in range(2):
        with pytest.raises(ValueError, match="not supported"):
            async_validators.reject_async_validators(UnionWorkReport)


def test_the_real_check_still_refuses_async_validators() -> None:
    """The memo wraps instructor's own check: a model it refuses is still refused."""
    from instructor.v2.validation import async_validators
    from pydantic import BaseModel

    _patch_instructor_once()
    marker = async_validators.ASYNC_VALIDATOR_KEY

    class Bad(BaseModel):
        x: int = 0

        def check_x(self) -> None: ...

    setattr(Bad.check_x, marker, True)
    with pytest.raises(ValueError, match="async validators"):
        async_validators.reject_async_validators(Bad)
    async_validators.reject_async_validators(UnionWorkReport)  # passes, and stays passing


def test_templates_render_as_instructor_renders_them_and_compile_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from instructor.v2.core import templating
    from jinja2.sandbox import SandboxedEnvironment

    original = templating.apply_template
    if getattr(original, "memoized", False):  # patched by an earlier test: rebuild the original
        from textwrap import dedent

        def original(text: str, context: dict[str, object]) -> str:
            return dedent(SandboxedEnvironment().from_string(text).render(**context))

    monkeypatch.setattr(templating, "apply_template", original)
    compiles: list[str] = []
    real_from_string = SandboxedEnvironment.from_string

    def counting(self: SandboxedEnvironment, source: str, *a: object, **k: object) -> object:
        compiles.append(source)
        return real_from_string(self, source, *a, **k)  # type: ignore[arg-type]

    template = "{{ request }}\n\n原文：\n{{ source }}"
    context = {"request": "  提取", "source": "{{ 不是模板 }} {% raw %} 新增会员504人"}
    expected = original(template, context)
    _patch_instructor_once()
    monkeypatch.setattr(SandboxedEnvironment, "from_string", counting)
    rendered = [templating.apply_template(template, context) for _ in range(3)]
    assert rendered == [expected] * 3
    assert "{{ 不是模板 }} {% raw %}" in rendered[0]  # the source is data, never a template
    assert compiles == [template]  # compiled once, for three renderings


def test_the_grounding_warm_up_does_the_first_checks_imports() -> None:
    """``verify.warm_up`` (run by the batch runner in a thread once the first requests are out)
    imports cn2an, so the first check on the event loop does not (0.2 s, every request
    in flight held up). In a fresh interpreter: before it, cn2an is not imported."""
    import subprocess
    import sys

    code = (
        "import sys, summarizer.verify as v\n"
        "before = 'cn2an' in sys.modules\n"
        "v.warm_up()\n"
        "print(before, 'cn2an' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_tools_through_extra_body_send_the_same_json_body() -> None:
    """``tools_as_json`` keeps the body byte for byte what openai's own path sends: the
    same keys in the same order, the same values (cassettes match on the body)."""
    import asyncio
    import json

    import openai
    from fake_server import FakeOpenAI

    from summarizer.extract.llm import tools_as_json

    schema = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}}
    kwargs = {
        "model": "m",
        "messages": [{"role": "user", "content": "新增会员504人"}],
        "max_tokens": 64,
        "temperature": 0.0,
        "tool_choice": {"type": "function", "function": {"name": "R"}},
        "tools": [{"type": "function", "function": {"name": "R", "parameters": schema}}],
    }

    async def send(client: openai.AsyncOpenAI) -> None:
        await client.chat.completions.create(**kwargs)
        await client.chat.completions.create(**tools_as_json(kwargs))

    with FakeOpenAI(tcp_nodelay=True) as fake:
        client = openai.AsyncOpenAI(api_key="sk-test", base_url=fake.base_url, max_retries=0)
        asyncio.run(send(client))
        plain, moved = (json.dumps(s.body, ensure_ascii=False) for s in fake.chat_requests)
    assert moved == plain
    assert list(json.loads(moved))[-1] == "tools"
