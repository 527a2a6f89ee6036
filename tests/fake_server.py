"""A local fake OpenAI-compatible server on 127.0.0.1, for tests and benchmarks.

It answers ``/v1/chat/completions`` from a queue of scripted replies, or, when
the queue is empty, from a responder function (by default :func:`echo_responder`,
which builds a grounded answer from the statistics in the request's source text).
Replies follow the request's structured-output mode: a tool call when the request
has ``tools``, JSON content for ``response_format``, a ```json fence otherwise.

It also serves ``/v1/models``, and ``/v1/files`` + ``/v1/batches`` like OpenAI's
Batch API (the batch completes on the first poll).

Faults are scripted replies: ``Reply(status=429, headers={"Retry-After": "0"})``,
``Reply(delay=5)`` (read timeout), ``Reply(finish_reason="length")``,
``Reply(raw="not json")``, ``Reply(choices=[])``, ``Reply(drop=True)``
(connection closed without an answer).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(余|多)?(人次|人|元|家|个|场|户|名|%)")


@dataclass
class Reply:
    """One scripted answer. ``report`` is a UnionWorkReport-shaped dict."""

    report: dict[str, Any] | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None  # a whole JSON body, sent as is
    raw: str | None = None  # content or tool arguments sent verbatim (invalid JSON etc.)
    think: str | None = None  # a reasoning model's <think> block before the JSON
    reasoning_content: str | None = None
    finish_reason: str = "stop"
    choices: list[Any] | None = None  # e.g. [] for an empty choices list
    delay: float = 0.0
    drop: bool = False
    usage: tuple[int, int] = (100, 50)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: Any


Responder = Callable[[dict[str, Any]], Reply]


def source_of(request: dict[str, Any]) -> str:
    """The report text inside a chat request (everything after 原文：)."""
    for message in reversed(request.get("messages", [])):
        content = message.get("content")
        if isinstance(content, str) and "原文：" in content:
            return content.split("原文：", 1)[1]
    return ""


def echo_responder(request: dict[str, Any]) -> Reply:
    """A well-behaved 'model': reports the source's first statistics, verbatim."""
    source = source_of(request)
    numbers = []
    for m in list(_NUMBER_RE.finditer(source))[:8]:
        value = float(m.group(1)) * {"万": 1e4, "亿": 1e8}.get(m.group(2) or "", 1)
        start = max(source.rfind(p, 0, m.start()) for p in "，,。；;\n") + 1
        metric = re.sub(r"[^\u4e00-\u9fff]", "", source[start : m.start()])[-10:]
        numbers.append(
            {
                "text": m.group(),
                "value": value,
                "unit": m.group(4),
                "metric": metric or "数量",
                "qualifier": m.group(3),
                "evidence": source[start : m.end()],
            }
        )
    first = source.strip().split("。")[0][:80]
    return Reply(report={"title": "", "organization": "", "summary": first, "numbers": numbers})


def completion_body(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """A chat.completion JSON body answering ``request`` in its own mode."""
    payload = (
        reply.raw if reply.raw is not None else json.dumps(reply.report or {}, ensure_ascii=False)
    )
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": payload}}
        ]
    elif request.get("response_format"):
        message["content"] = payload
    else:
        message["content"] = f"```json\n{payload}\n```"
    if reply.think:
        message["content"] = f"<think>{reply.think}</think>\n{message['content'] or ''}"
    if reply.reasoning_content:
        message["reasoning_content"] = reply.reasoning_content
    choices = reply.choices
    if choices is None:
        choices = [{"index": 0, "finish_reason": reply.finish_reason, "message": message}]
    prompt, completion = reply.usage
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:8]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": choices,
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


class FakeOpenAI:
    """The server. Use as a context manager; ``base_url`` ends in ``/v1``."""

    def __init__(
        self,
        responder: Responder = echo_responder,
        latency: float = 0.0,
        port: int = 0,
        backlog: int | None = None,
        tcp_nodelay: bool = False,
    ) -> None:
        """For benchmarks, both off by default:

        * ``backlog``: the listen queue (stdlib default 5). Raise it when more clients
          than that connect at once (``--concurrency 16``): an overflowing queue drops
          SYNs, and each dropped one costs the client a 1 s retransmission.
        * ``tcp_nodelay``: answers go out in two writes (headers, body); with Nagle's
          algorithm on, the body waits for the client's delayed ACK, ~40 ms a request.
        """
        self.replies: deque[Reply] = deque()
        self.responder = responder
        self.latency = latency
        self.seen: list[Seen] = []
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        server_class = ThreadingHTTPServer
        if backlog is not None:
            server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": backlog})
        handler = _handler_for(self)
        if tcp_nodelay:
            handler = type("Handler", (handler,), {"disable_nagle_algorithm": True})
        self._server = server_class(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def chat_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith("/chat/completions")]

    def script(self, *replies: Reply) -> FakeOpenAI:
        self.replies.extend(replies)
        return self

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_reply(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            if self.replies:
                return self.replies.popleft()
        return self.responder(request)

    # -------------------------------------------------- batch API (files + batches)

    def create_batch(self, body: dict[str, Any]) -> dict[str, Any]:
        batch_id = f"batch_{uuid.uuid4().hex[:12]}"
        lines = self.files[body["input_file_id"]].decode("utf-8").splitlines()
        out, err = [], []
        for line in lines:
            item = json.loads(line)
            reply = self.next_reply(item["body"])
            row = {"id": f"req_{uuid.uuid4().hex[:8]}", "custom_id": item["custom_id"]}
            if reply.status == 200:
                response = {"status_code": 200, "request_id": row["id"]}
                response["body"] = completion_body(item["body"], reply)
                out.append({**row, "response": response, "error": None})
            else:
                error = {"code": str(reply.status), "message": "scripted failure"}
                err.append({**row, "response": None, "error": error})
        out.reverse()  # output order is not guaranteed: callers must join on custom_id
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": body["completion_window"],
            "status": "validating",
            "output_file_id": self._store(
                "\n".join(json.dumps(o, ensure_ascii=False) for o in out)
            ),
            "error_file_id": self._store("\n".join(json.dumps(e) for e in err)) if err else None,
            "created_at": int(time.time()),
            "request_counts": {"total": len(lines), "completed": len(out), "failed": len(err)},
        }
        self.batches[batch_id] = batch
        return {**batch, "output_file_id": None, "error_file_id": None}

    def _store(self, text: str) -> str:
        file_id = f"file-{uuid.uuid4().hex[:12]}"
        self.files[file_id] = text.encode("utf-8")
        return file_id


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            fake.seen.append(Seen(self.path, dict(self.headers), None))
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
            elif m := re.search(r"/files/([^/]+)/content$", self.path):
                self._send(200, fake.files.get(m.group(1), b""))
            elif m := re.search(r"/batches/([^/]+)$", self.path):
                batch = fake.batches.get(m.group(1))
                if batch is None:
                    self._send(404, {"error": {"message": "no such batch"}})
                else:
                    batch["status"] = "completed"
                    self._send(200, batch)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            arrived = time.monotonic()
            raw = self._body()
            if self.path.endswith("/files"):
                fake.seen.append(Seen(self.path, dict(self.headers), None))
                self._upload(raw)
                return
            body = json.loads(raw or b"{}")
            fake.seen.append(Seen(self.path, dict(self.headers), body))
            if self.path.endswith("/batches"):
                self._send(200, fake.create_batch(body))
            elif self.path.endswith("/chat/completions"):
                self._chat(body, arrived)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def _upload(self, raw: bytes) -> None:
            boundary = self.headers.get_content_type() and self.headers.get_param("boundary")
            content = b""
            for part in raw.split(b"--" + str(boundary).encode()):
                if b'name="file"' in part:
                    content = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
            file_id = fake._store(content.decode("utf-8"))
            self._send(
                200, {"id": file_id, "object": "file", "purpose": "batch", "bytes": len(content)}
            )

        def _chat(self, body: dict[str, Any], arrived: float) -> None:
            """Answer ``reply.delay + latency`` seconds after the request arrived: the
            server's own work (parsing, answering, under this process's GIL, beside
            every other request's) is part of that time, as a real server's is part
            of its latency, rather than added to it."""
            reply = fake.next_reply(body)
            status, payload = 200, reply.body
            if reply.status != 200:
                status = reply.status
                payload = payload or {"error": {"message": f"scripted HTTP {reply.status}"}}
            elif not reply.drop:
                payload = payload or completion_body(body, reply)
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
            wait = arrived + reply.delay + fake.latency - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if reply.drop:
                self.close_connection = True
                self.connection.close()
                return
            self._send(status, data, reply.headers)

    return Handler
