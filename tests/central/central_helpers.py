"""Shared pieces of the central store tests (conftest holds only fixtures)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore


def sqlite_store(path: Path) -> CentralStore:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return CentralStore(engine, public_url="http://kiosk.test")


@dataclass
class Server:
    url: str
    store: CentralStore

    def client(self, token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)
