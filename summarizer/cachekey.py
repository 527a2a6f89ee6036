"""Cache keys: what makes two requests the same request.

A chunk answer is reused only when the chunk text, the request text, the backend,
the model, the prompt version and the schema version are all equal. The API key
and the base URL's credentials never enter a key.
"""

from __future__ import annotations

import hashlib
import json

from .models import SCHEMA_VERSION


def chunk_key(
    *, text: str, request: str, kind: str, backend: str, model: str, prompt_version: str
) -> str:
    """A stable hex key for one chunk request.

    >>> k = chunk_key(text="新增会员504人", request="抽取", kind="extract", backend="llm",
    ...               model="m", prompt_version="v1")
    >>> len(k)
    64
    """
    payload = {
        "text": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "request": hashlib.sha256(request.encode("utf-8")).hexdigest(),
        "kind": kind,
        "backend": backend,
        "model": model,
        "prompt_version": prompt_version,
        "schema_version": SCHEMA_VERSION,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()
