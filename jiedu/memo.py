"""Remember results by a fingerprint of their inputs, so a rebuild redoes only what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def fingerprint(*parts: object) -> str:
    """A short digest of plain data (str, bytes, numbers, tuples, None, dataclasses by repr)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Memo:
    """A cache that keeps only what the latest build used (sweep() drops the rest)."""

    def __init__(self) -> None:
        self._entries: dict[str, object] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str, compute: Callable[[], T]) -> T:
        self._used.add(key)
        if key in self._entries:
            self.hits += 1
            return self._entries[key]  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        self._entries[key] = value
        return value

    def has(self, key: str) -> bool:
        return key in self._entries

    def put(self, key: str, value: object) -> None:
        self._used.add(key)
        self._entries[key] = value

    def sweep(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()
        self.hits = self.misses = 0
