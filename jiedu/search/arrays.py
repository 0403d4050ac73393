"""Array helpers that keep temporary memory small on corpora of millions of characters.

numpy turns an index array into 64-bit integers before it gathers, so gathering 9 million
values with a 32-bit index briefly costs 72 MB more; doing it a slice at a time does not.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

SLICE = 1 << 20


def slices(length: int, size: int | None = None) -> Iterator[slice]:
    size = size or SLICE  # read at each call, so that tests can make slices small
    for start in range(0, length, size):
        yield slice(start, min(start + size, length))


def take(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """table[index], a slice of `index` at a time."""
    out = np.empty(len(index), dtype=table.dtype)
    for part in slices(len(index)):
        out[part] = table[index[part]]
    return out


def present(codes: np.ndarray, size: int) -> np.ndarray:
    """A mask of which values below `size` occur in `codes`."""
    seen = np.zeros(size, dtype=bool)
    for part in slices(len(codes)):
        values = codes[part]
        seen |= np.bincount(values[values < size], minlength=size)[:size] > 0
    return seen
