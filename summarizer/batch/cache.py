"""The batch job's SQLite database: chunk answers, finished reports, modes, provider batches.

One file (``DIR/.summarizer.db``, or ``--db PATH`` shared across nights), in WAL
mode with every write committed at once, so a run killed at any moment loses at
most the request in flight. Tables::

    meta(key PK, value)                       -- the database schema version
    chunks(key PK, report, prompt_tokens, completion_tokens, requests,
           corrective_turns, created)         -- one answer per chunk request
    reports(sha256, backend, model, prompt_version, schema_version, options,
            document, json_sha256, md_sha256, created)  -- PK: the first six
    modes(base_url, model, mode, updated)     -- PK (base_url, model)
    provider_batches(id PK, kind, status, settings, mode, created)
    provider_sources(batch_id, path, name, sha256)           -- PK (batch_id, path)
    provider_items(batch_id, custom_id, sha256, chunk_index,
                   chunk_key, error)                         -- PK (batch_id, custom_id)

``chunks.key`` is :func:`summarizer.cachekey.chunk_key` (chunk text, request text,
backend, model, prompt and schema version). ``reports.options`` is a hash of the
settings that change a document but are not in the key (chunk size, passes...).
Nothing here holds the API key: base URLs are stored without user info or query.

>>> db = BatchCache.open(Path(":memory:"))
>>> db.get_mode("http://u:secret@h/v1?key=k", "m") is None
True
>>> db.put_mode("http://u:secret@h/v1?key=k", "m", "json")
>>> db.get_mode("http://h/v1", "m")
'json'
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import BatchError
from ..extract import ChunkResult
from ..models import SummaryDocument, UnionWorkReport, Usage
from .outputs import Written

DB_SCHEMA_VERSION = "1"
DEFAULT_DB_NAME = ".summarizer.db"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    key TEXT PRIMARY KEY,
    report TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    corrective_turns INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    options TEXT NOT NULL,
    document TEXT NOT NULL,
    json_sha256 TEXT NOT NULL,
    md_sha256 TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (sha256, backend, model, prompt_version, schema_version, options)
);
CREATE TABLE IF NOT EXISTS modes (
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    mode TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (base_url, model)
);
CREATE TABLE IF NOT EXISTS provider_batches (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    settings TEXT NOT NULL,
    mode TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS provider_sources (
    batch_id TEXT NOT NULL,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (batch_id, path)
);
CREATE TABLE IF NOT EXISTS provider_items (
    batch_id TEXT NOT NULL,
    custom_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    chunk_index INTEGER NOT NULL,
    chunk_key TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (batch_id, custom_id)
);
CREATE INDEX IF NOT EXISTS provider_items_custom_id ON provider_items (custom_id);
"""


@dataclass(frozen=True)
class ReportKey:
    """What makes a finished report reusable: same bytes, same backend, model, prompts."""

    sha256: str
    backend: str
    model: str
    prompt_version: str
    schema_version: str
    options: str

    def row(self) -> tuple[str, ...]:
        return (
            self.sha256,
            self.backend,
            self.model,
            self.prompt_version,
            self.schema_version,
            self.options,
        )


@dataclass(frozen=True)
class BatchSource:
    """A report of a provider batch: re-read and re-cleaned at collect time."""

    path: str
    name: str
    sha256: str


@dataclass(frozen=True)
class BatchItem:
    """One JSONL line of a provider batch: which chunk of which report it asks for."""

    custom_id: str
    sha256: str
    chunk_index: int
    chunk_key: str
    error: str | None = None


@dataclass(frozen=True)
class BatchRecord:
    """A submitted or exported provider batch, as stored."""

    id: str
    kind: str  # "openai-batch" | "jsonl"
    status: str
    settings: dict[str, Any]
    mode: str
    sources: tuple[BatchSource, ...]
    items: tuple[BatchItem, ...]


def public_url(url: str) -> str:
    """A base URL without user info, query or fragment (they may carry a key).

    >>> public_url("https://user:sk-1@api.example.com/v1?api-key=sk-2#x")
    'https://api.example.com/v1'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class BatchCache:
    """The database. Implements the extractor's ``ChunkCache`` and ``ModeMemory``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> BatchCache:
        """Open (creating if needed) the database at ``path``, in WAL mode."""
        try:
            if str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_DDL)
        except (sqlite3.Error, OSError) as e:
            raise _db_error(path, e) from e
        cache = cls(db, path)
        cache._check_version()
        return cache

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> BatchCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- chunk answers

    def get_chunk(self, key: str) -> ChunkResult | None:
        """The stored answer for one chunk request, or None."""
        row = self._one(
            "SELECT report, prompt_tokens, completion_tokens, requests, "
            "corrective_turns FROM chunks WHERE key = ?",
            (key,),
        )
        if row is None:
            return None
        usage = Usage(prompt_tokens=row[1], completion_tokens=row[2])
        report = UnionWorkReport.model_validate_json(row[0])
        return ChunkResult(-1, report, usage=usage, requests=row[3], corrective_turns=row[4])

    def get_failure(self, key: str) -> tuple[str, str] | None:
        """The remembered lasting failure of one chunk request: (error type, message)."""
        row = self._one("SELECT kind, message FROM failures WHERE key = ?", (key,))
        return (str(row[0]), str(row[1])) if row else None

    def put_failure(self, key: str, kind: str, message: str) -> None:
        """Remember a failure that the same request would repeat (committed at once)."""
        self._run(
            "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", (key, kind, message, time.time())
        )

    def put_chunk(self, key: str, result: ChunkResult) -> None:
        """Store one chunk answer (committed at once: a crash after this keeps it)."""
        usage = result.usage
        self._run(
            "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                result.report.model_dump_json(),
                usage.prompt_tokens,
                usage.completion_tokens,
                result.requests,
                result.corrective_turns,
                time.time(),
            ),
        )

    # -------------------------------------------------------------- finished reports

    def get_report(self, key: ReportKey) -> tuple[SummaryDocument, Written] | None:
        """The finished document and the hashes of the files last written for it."""
        where = "sha256=? AND backend=? AND model=? AND prompt_version=? AND schema_version=? "
        row = self._one(
            f"SELECT document, json_sha256, md_sha256 FROM reports WHERE {where} AND options=?",
            key.row(),
        )
        if row is None:
            return None
        return SummaryDocument.model_validate_json(row[0]), Written(row[1], row[2])

    def put_report(self, key: ReportKey, document: SummaryDocument, written: Written) -> None:
        self._run(
            "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *key.row(),
                document.model_dump_json(),
                written.json_sha256,
                written.md_sha256,
                time.time(),
            ),
        )

    # -------------------------------------------------------------- mode memory

    def get_mode(self, base_url: str, model: str) -> str | None:
        row = self._one(
            "SELECT mode FROM modes WHERE base_url = ? AND model = ?", (public_url(base_url), model)
        )
        return str(row[0]) if row else None

    def put_mode(self, base_url: str, model: str, mode: str) -> None:
        self._run(
            "INSERT OR REPLACE INTO modes VALUES (?, ?, ?, ?)",
            (public_url(base_url), model, mode, time.time()),
        )

    # -------------------------------------------------------------- provider batches

    def put_batch(self, record: BatchRecord) -> None:
        """Store a provider batch and what each of its lines asks for, in one transaction."""
        settings = json.dumps(record.settings, ensure_ascii=False, sort_keys=True)
        with self._transaction():
            self._run(
                "INSERT OR REPLACE INTO provider_batches VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, record.kind, record.status, settings, record.mode, time.time()),
            )
            self._many(
                "INSERT OR REPLACE INTO provider_sources VALUES (?, ?, ?, ?, ?)",
                [(record.id, s.path, s.name, s.sha256, k) for k, s in enumerate(record.sources)],
            )
            self._many(
                "INSERT OR REPLACE INTO provider_items VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (record.id, i.custom_id, i.sha256, i.chunk_index, i.chunk_key, i.error)
                    for i in record.items
                ],
            )

    def get_batch(self, batch_id: str) -> BatchRecord | None:
        row = self._one(
            "SELECT id, kind, status, settings, mode FROM provider_batches WHERE id = ?",
            (batch_id,),
        )
        if row is None:
            return None
        sources = self._all(
            "SELECT path, name, sha256 FROM provider_sources WHERE batch_id = ? ORDER BY position",
            (batch_id,),
        )
        items = self._all(
            "SELECT custom_id, sha256, chunk_index, chunk_key, error FROM provider_items "
            "WHERE batch_id = ? ORDER BY custom_id",
            (batch_id,),
        )
        return BatchRecord(
            id=row[0],
            kind=row[1],
            status=row[2],
            settings=json.loads(row[3]),
            mode=row[4],
            sources=tuple(BatchSource(*s) for s in sources),
            items=tuple(BatchItem(*i) for i in items),
        )

    def find_batch(self, custom_ids: Sequence[str]) -> str | None:
        """The newest batch holding the most of ``custom_ids`` (for ``--from-jsonl``)."""
        if not custom_ids:
            return None
        ids = list(dict.fromkeys(custom_ids))[:900]  # SQLite's bound-parameter limit
        marks = ",".join("?" * len(ids))
        row = self._one(
            "SELECT i.batch_id FROM provider_items i JOIN provider_batches b ON b.id = i.batch_id "
            f"WHERE i.custom_id IN ({marks}) GROUP BY i.batch_id "
            "ORDER BY COUNT(*) DESC, MAX(b.created) DESC LIMIT 1",
            ids,
        )
        return str(row[0]) if row else None

    def set_batch_status(self, batch_id: str, status: str) -> None:
        self._run("UPDATE provider_batches SET status = ? WHERE id = ?", (status, batch_id))

    def set_item_error(self, batch_id: str, custom_id: str, error: str | None) -> None:
        self._run(
            "UPDATE provider_items SET error = ? WHERE batch_id = ? AND custom_id = ?",
            (error, batch_id, custom_id),
        )

    # -------------------------------------------------------------- internals

    def _check_version(self) -> None:
        row = self._one("SELECT value FROM meta WHERE key = 'schema'", ())
        if row is None:
            self._run("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (DB_SCHEMA_VERSION,))
        elif row[0] != DB_SCHEMA_VERSION:
            raise BatchError(
                f"Cache database {self.path} has layout {row[0]}, this version uses "
                f"{DB_SCHEMA_VERSION}: pass a new --db path or delete the file"
            )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._run("BEGIN IMMEDIATE", ())
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._run("COMMIT", ())

    def _run(self, sql: str, params: Sequence[Any]) -> None:
        try:
            self._db.execute(sql, params)
        except sqlite3.Error as e:
            raise _db_error(self.path, e) from e

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as e:
            raise _db_error(self.path, e) from e

    def _one(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self._db.execute(sql, params).fetchone()
        except sqlite3.Error as e:
            raise _db_error(self.path, e) from e

    def _all(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise _db_error(self.path, e) from e


def _db_error(path: Path, error: BaseException) -> BatchError:
    return BatchError(
        f"Cache database {path}: {error}: check --db (a writable path), or delete a damaged file",
        original=error,
    )
