"""Central store benchmark: push throughput and pull latency at 1×, 3× and 10× the national
load model, on SQLite and PostgreSQL, next to the raw insert rate of the same database.

Load model (notes/reliability-sync-privacy.md §5.1): 1500 kiosks polling every 30 s ≈ 50
pulls/s, and about 7 writes/s at peak. The server runs as its own process
(``buurtkiosk-central serve``, ``--workers`` uvicorn processes) on 127.0.0.1; the load comes from an
open-loop asyncio generator in this process, so latencies are measured from the *scheduled*
send time (queueing in the generator counts against us, not for us). Both share the machine.

    python -m bench.central [--seconds 10] [--backends sqlite,postgresql]

Prints a markdown table and writes ``bench/results/central.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, text

from kiosk import domain
from kiosk.central.db import make_engine, migrate, normalise_url
from kiosk.central.service import CentralStore, NewMember
from kiosk.central.testing import free_port, postgres_url_or_reason

PULLS_PER_S = 50.0
WRITES_PER_S = 7.0
LEVELS = (1, 3, 10)
KIOSKS = 30
RESULTS = Path(__file__).resolve().parent / "results" / "central.md"


def signed_in(store: CentralStore, token: str, member: NewMember) -> str:
    """The member's card scanned at the kiosk with that token: a session for its claims."""
    kiosk = store.authenticate(token)
    assert kiosk is not None
    session = store.identify_card(kiosk, member.card_token).session
    assert session is not None
    return session


def ask_event() -> dict[str, Any]:
    ask_id = str(uuid.uuid4())
    return {
        "event_id": str(uuid.uuid4()),
        "type": "ask.create",
        "entity_id": ask_id,
        "payload": {
            "id": ask_id,
            "number": domain.new_request_number(),
            "category": "groceries",
            "when": {"kind": "tomorrow", "day": None},
            "first_name": "Buur",
            "phone": "+31612345678",
            "for_neighbour": False,
            "circle": None,
            "token_hash": domain.hash_token(domain.new_followup_token()),
            "created_at": datetime.now(UTC).isoformat(),
        },
    }


def claim_event(ask_id: str, session: str) -> dict[str, Any]:
    """A claim by the member signed in at the kiosk with that session."""
    return {
        "event_id": str(uuid.uuid4()),
        "type": "ask.claim",
        "entity_id": ask_id,
        "payload": {"id": ask_id, "session": session},
    }


@dataclass
class Backend:
    name: str
    url: str  # for the server process
    engine_url: str  # for raw inserts in this process
    cleanup: Any = None


@contextmanager
def backend(name: str, workdir: Path) -> Iterator[Backend]:
    if name == "sqlite":
        path = workdir / "central.sqlite3"
        yield Backend(name, f"sqlite:///{path}", f"sqlite:///{path}")
        return
    url, reason = postgres_url_or_reason()
    if url is None:
        raise SystemExit(reason)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    scoped = normalise_url(url) + f"?options=-csearch_path%3D{schema}"
    try:
        yield Backend(name, scoped, scoped)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def raw_insert_rate(engine_url: str, seconds: float) -> float:
    """Rows/s: one row per transaction, one writer, the same engine settings as the server."""
    engine = make_engine(engine_url)
    table = Table(
        "bench_raw",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("body", String(400)),
    )
    table.create(engine, checkfirst=True)
    count = 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    body = "x" * 300
    writer = engine.execution_options(sqlite_begin="IMMEDIATE")
    while time.perf_counter() < deadline:
        with writer.begin() as connection:
            connection.execute(table.insert().values(body=body))
        count += 1
    rate = count / (time.perf_counter() - started)
    table.drop(engine)
    engine.dispose()
    return rate


@contextmanager
def server(db_url: str, workers: int = 1) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk.central.cli",
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--workers",
            str(workers),
            # 30 tokens stand in for 1500 kiosks here, so the per-kiosk limit is lifted.
            "--kiosk-rate",
            "100000",
            "--kiosk-burst",
            "100000",
        ],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(30)


class Connection:
    """A bare HTTP/1.1 keep-alive connection on asyncio streams.

    httpx's async client spent more CPU than the server under this load (it became the
    bottleneck and inflated every latency), so the generator speaks HTTP itself.
    """

    def __init__(self, url: str) -> None:
        address = url.split("://", 1)[1]
        self.host, port = address.split(":")
        self.port = int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, token: str, body: Any = None
    ) -> tuple[int, Any]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
        data = await self.reader.readexactly(length)
        return status, json.loads(data) if data else None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def push_throughput(
    url: str, tokens: list[str], seconds: float, batch: int = 1, clients: int = 8
) -> float:
    """Events/s with ``clients`` kiosks pushing ``batch`` creates at a time, closed loop."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def kiosk(token: str) -> None:
        nonlocal done
        connection = Connection(url)
        while time.perf_counter() < deadline:
            events = [ask_event() for _ in range(batch)]
            status, _body = await connection.request(
                "POST", "/api/v1/events", token, {"events": events}
            )
            if status != 200:
                raise RuntimeError(f"push answered {status}")
            done += batch
        connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(kiosk(tokens[i % len(tokens)]) for i in range(clients)))
    return done / (time.perf_counter() - started)


@dataclass
class LevelResult:
    level: int
    pulls_target: float
    pulls_done: float
    pull_p50: float
    pull_p99: float
    push_p50: float
    push_p99: float
    errors: int


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def mixed_load(
    url: str,
    tokens: list[str],
    level: int,
    seconds: float,
    volunteers: dict[str, str],  # kiosk token → a member session opened there
    connections: int = 64,
) -> LevelResult:
    """Open loop: requests are due at fixed times; latency counts from the due time."""
    pull_rate, write_rate = PULLS_PER_S * level, WRITES_PER_S * level
    pulls: list[float] = []
    pushes: list[float] = []
    errors = 0
    cursors = dict.fromkeys(tokens, 0)
    open_asks: list[str] = []
    queue: asyncio.Queue[tuple[float, str] | None] = asyncio.Queue()

    async def worker() -> None:
        nonlocal errors
        connection = Connection(url)
        while (job := await queue.get()) is not None:
            due, kind = job
            token = random.choice(tokens)
            try:
                if kind == "pull":
                    status, body = await connection.request(
                        "GET", f"/api/v1/changes?after={cursors[token]}", token
                    )
                    if status == 200:
                        cursors[token] = max(cursors[token], body["next"])
                        pulls.append(time.perf_counter() - due)
                    else:
                        errors += 1
                else:
                    if open_asks and random.random() < 0.4:
                        ask_id = open_asks.pop(random.randrange(len(open_asks)))
                        event = claim_event(ask_id, volunteers[token])
                    else:
                        event = ask_event()
                        open_asks.append(event["entity_id"])
                    status, _body = await connection.request(
                        "POST", "/api/v1/events", token, {"events": [event]}
                    )
                    if status == 200:
                        pushes.append(time.perf_counter() - due)
                    else:
                        errors += 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                connection.close()
                connection = Connection(url)
        connection.close()

    # Kiosks in the field are caught up; a first full sync is not what a poll costs.
    warm = Connection(url)
    for token in tokens:
        more = True
        while more:
            _status, body = await warm.request(
                "GET", f"/api/v1/changes?after={cursors[token]}", token
            )
            cursors[token], more = body["next"], body["more"]
    warm.close()

    schedule = sorted(
        [(i / pull_rate, "pull") for i in range(int(pull_rate * seconds))]
        + [(i / write_rate, "push") for i in range(int(write_rate * seconds))]
    )
    workers = [asyncio.ensure_future(worker()) for _ in range(connections)]
    start = time.perf_counter()
    for offset, kind in schedule:
        delay = start + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((start + offset, kind))
    for _worker in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    return LevelResult(
        level,
        pull_rate,
        len(pulls) / elapsed,
        pct(pulls, 0.5),
        pct(pulls, 0.99),
        pct(pushes, 0.5),
        pct(pushes, 0.99),
        errors,
    )


def run_backend(
    name: str, seconds: float, workers: int
) -> tuple[float, float, float, list[LevelResult]]:
    with tempfile.TemporaryDirectory() as tmp, backend(name, Path(tmp)) as db:
        engine = make_engine(db.url)
        migrate(engine)
        store = CentralStore(engine)
        tokens = [store.add_kiosk(f"bench-{i}", f"buurthuis-{i % 10}") for i in range(KIOSKS)]
        # a claim needs a member session opened at the claiming kiosk (they last 15 minutes)
        members = [store.add_member(f"buurthuis-{b}", "Bench", "0612345678") for b in range(10)]
        volunteers = {
            token: signed_in(store, token, members[i % 10]) for i, token in enumerate(tokens)
        }
        engine.dispose()
        raw = raw_insert_rate(db.engine_url, seconds)
        with server(db.url, workers) as url:
            single = asyncio.run(push_throughput(url, tokens, seconds, batch=1))
            batched = asyncio.run(push_throughput(url, tokens, seconds, batch=20))
            levels = [
                asyncio.run(mixed_load(url, tokens, level, seconds, volunteers)) for level in LEVELS
            ]
        return raw, single, batched, levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args(argv)
    lines = [
        "| backend | load | pulls/s target | pulls/s done | pull p50 ms | pull p99 ms "
        "| push p50 ms | push p99 ms | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    ingest_lines = [
        "| backend | raw inserts/s | pushed events/s, 1 per push | ingest / raw "
        "| pushed events/s, 20 per push | ingest / raw |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in args.backends.split(","):
        raw, single, batched, levels = run_backend(name, args.seconds, args.workers)
        ingest_lines.append(
            f"| {name} | {raw:.0f} | {single:.0f} | {100 * single / raw:.0f} % "
            f"| {batched:.0f} | {100 * batched / raw:.0f} % |"
        )
        for r in levels:
            lines.append(
                f"| {name} | {r.level}× | {r.pulls_target:.0f} | {r.pulls_done:.0f} "
                f"| {r.pull_p50:.1f} | {r.pull_p99:.1f} | {r.push_p50:.1f} | {r.push_p99:.1f} "
                f"| {r.errors} |"
            )
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared), Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    report = "\n".join(
        [
            "# Central store benchmark",
            "",
            f"Machine: {machine}. Loopback, {args.workers} uvicorn worker(s); "
            f"{args.seconds:.0f} s per measurement; load generator in the same machine.",
            "",
            "## Ingest (8 kiosks pushing in a closed loop) vs raw inserts "
            "(one row per transaction, one writer)",
            "",
            *ingest_lines,
            "",
            "## Mixed open-loop load (1× = 50 pulls/s + 7 writes/s)",
            "",
            *lines,
            "",
        ]
    )
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
