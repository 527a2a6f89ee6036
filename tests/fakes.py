"""A queue-based fake client: a real ``openai.AsyncOpenAI`` whose HTTP transport
answers from a queue of scripted replies, in process (no socket).

The real openai and instructor code paths run; only the network is replaced.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import httpx2
import openai
from fake_server import Reply, completion_body, echo_responder


class QueueClient:
    """Holds the queue and the requests seen; ``client`` is the openai client."""

    def __init__(self, *replies: Reply, fallback: Any = echo_responder) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.fallback = fallback
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        transport = httpx2.MockTransport(self._handle)
        self.client = openai.AsyncOpenAI(
            api_key="sk-test-queue",
            base_url="http://fake.invalid/v1",
            max_retries=0,
            http_client=httpx2.AsyncClient(transport=transport),
        )

    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or b"{}")
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if self.replies:
            reply = self.replies.popleft()
        elif self.fallback is not None:
            reply = self.fallback(body)
        else:
            raise AssertionError("fake client: no scripted reply left")
        if reply.drop:
            raise httpx2.ConnectError("scripted connection failure", request=request)
        if reply.delay:
            raise httpx2.ReadTimeout("scripted read timeout", request=request)
        if reply.status != 200:
            payload = reply.body or {"error": {"message": f"scripted HTTP {reply.status}"}}
            return httpx2.Response(reply.status, json=payload, headers=reply.headers)
        return httpx2.Response(200, json=reply.body or completion_body(body, reply))
