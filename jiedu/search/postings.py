"""The bigram index: for every pair of adjacent characters, every offset where it occurs.

Everything here works on whole arrays (numpy); there is no Python loop per character.

Byte format (numbers are unsigned LEB128 varints unless said, as read by static/search.js):

    shard file   = count, then per bigram (ascending by code points): c1, c2, size;
                   then the bigrams' posting lists, in the same order, `size` bytes each
    posting list = n * 32 + k (n: the occurrence count, k <= MAX_K), the first offset, then
                   the n - 1 steps to the next offsets, each less one, as Rice codes of
                   parameter k, most significant bit first, padded to a whole byte
    Rice code of v = v >> k zero bits, a one bit, then the k low bits of v

Rice codes take about a sixth less than varints here: the steps of one bigram's list are
spread about like a geometric distribution, which is what they suit, and k (chosen per
list, the best of three around log2 of the mean step) scales them to it. A code is written
whole: its one bit and low bits are one field of k + 1 bits, the zeros before it are just
where it starts (see _encode_some; coding bit by bit made the index twice as slow).

A bigram goes to shard fnv1a(c1, c2) % shard_count, so a query fetches only the shards of
its own bigrams. Offsets count code points in the normalised documents joined with "\n";
meta.json has the documents' lengths, to tell which document an offset falls in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from .arrays import present, slices, take
from .corpus import BMP, NEWLINE

RICE_PARAMETERS = 32  # k is stored with the count: n * 32 + k
MAX_K = 24  # so a code's one bit and low bits, at any bit of a byte, lie in 4 bytes
MAX_COUNT = (1 << 32) // RICE_PARAMETERS  # so that n * 32 + k is one 32-bit varint
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def shard_of(first: np.ndarray, second: np.ndarray, shard_count: int) -> np.ndarray:
    """32-bit FNV-1a over the two code points (each taken as one 32-bit unit)."""
    h = np.full(len(first), FNV_OFFSET, dtype=np.uint64)
    for code in (first, second):
        h = ((h ^ code.astype(np.uint64)) * FNV_PRIME) & 0xFFFFFFFF
    return (h % shard_count).astype(np.int64)


def encode_varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128 bytes of each value (unsigned, below 2**32), concatenated; and each one's size."""
    values = values.astype(np.uint32, copy=False)
    sizes = np.ones(len(values), dtype=np.uint8)
    for bits in (7, 14, 21, 28):
        sizes += values >= (1 << bits)
    out = np.empty(int(sizes.sum(dtype=np.int64)), dtype=np.uint8)
    written = 0
    for part in slices(len(values)):
        part_sizes = sizes[part]
        part_values = values[part]
        ends = np.cumsum(part_sizes, dtype=np.int64)
        starts = ends - part_sizes + written
        # Byte k of every value that has one: its next 7 bits, and a high bit if more follow.
        for byte in range(int(part_sizes.max())):
            has = slice(None) if byte == 0 else np.flatnonzero(part_sizes > byte)
            seven = (part_values[has] >> np.uint32(7 * byte)).astype(np.uint8) & np.uint8(0x7F)
            more = (part_sizes[has] > byte + 1).astype(np.uint8) << np.uint8(7)
            out[starts[has] + byte] = seven | more
        written += int(ends[-1])
    return out, sizes


@dataclass(frozen=True)
class Postings:
    """Every indexed bigram, sorted, with the byte range of its posting list in `data`."""

    first: np.ndarray  # code point of each bigram's first character
    second: np.ndarray  # and of its second
    offsets: np.ndarray  # int64, len + 1: posting list i is data[offsets[i]:offsets[i + 1]]
    data: np.ndarray  # uint8


GROUP = 4 << 20  # bigrams sorted at a time (about 32 MB of sort keys), see build_postings


def build_postings(codes: np.ndarray) -> Postings:
    """Posting lists of every bigram of `codes` that does not touch a "\\n".

    `codes` are the normalised documents joined with "\\n", so no bigram spans two of them
    and an offset into `codes` says both the document and the place in it.

    The bigrams are sorted a group at a time, each group those whose first characters lie in
    one range, about GROUP bigrams: groups in ascending order give the lists in bigram
    order, and a corpus of 10,000 reports needs a few hundred MB less than one sort of all.
    """
    return PostingLists(*dense_ids(codes)).build()


class PostingLists:
    """build_postings() from dense_ids(codes), in steps: the caller can let the codes go
    in between, and make the lists of some groups elsewhere (in another process):

        lists = PostingLists(chars, ids)  # then let the codes go
        postings = lists.join(lists.made(range(lists.group_count)))

    join() lets go of the ids and groups before it joins the lists into one array."""

    def __init__(self, chars: np.ndarray, ids: np.ndarray) -> None:
        if len(ids) >= 1 << 32 or len(chars) ** 2 >= 1 << (64 - _position_bits(ids)):
            raise ValueError("the corpus is too large to index")
        self.chars = chars
        self.ids: np.ndarray | None = ids
        self.groups, self.group_count = _groups(
            ids, len(chars), int(np.searchsorted(chars, NEWLINE))
        )

    def build(self) -> Postings:
        return self.join(self.made(range(self.group_count)))

    def made(self, groups: range) -> Iterator[tuple[np.ndarray, ...]]:
        """The lists of these groups, a group at a time: first and second characters of its
        bigrams, their lists' sizes in bytes, and the lists."""
        chars, ids = self.chars, self.ids
        assert ids is not None, "join() let go of the ids"
        for group in groups:
            positions = _positions_in(self.groups, group)
            if not len(positions):
                continue
            keys, positions = _sorted_bigrams(ids, len(chars), positions)
            unique_keys, list_sizes, data = _encode_lists(keys, positions)
            yield (
                chars[unique_keys // len(chars)],
                chars[unique_keys % len(chars)],
                list_sizes,
                data,
            )

    def join(self, made: Iterable[tuple[np.ndarray, ...]]) -> Postings:
        """Postings of every group's lists (from made(), in group order)."""
        firsts, seconds, sizes, datas = [], [], [], []
        for first, second, list_sizes, data in made:
            firsts.append(first)
            seconds.append(second)
            sizes.append(list_sizes)
            datas.append(data)
        self.ids = self.groups = None  # before the lists are joined into one array
        if not datas:
            empty = np.zeros(0, dtype=np.uint32)
            offsets = np.zeros(1, dtype=np.int64)
            return Postings(empty, empty, offsets, np.zeros(0, dtype=np.uint8))
        return Postings(
            first=np.concatenate(firsts),
            second=np.concatenate(seconds),
            offsets=np.concatenate(([0], np.cumsum(np.concatenate(sizes)))),
            data=np.concatenate(datas),
        )


def _groups(ids: np.ndarray, char_count: int, newline: int) -> tuple[np.ndarray, int]:
    """Each offset's group: consecutive ranges of first characters holding about GROUP
    bigrams each; the type's largest value where no bigram starts (at or before a "\\n",
    at the end). And how many groups there are. One byte per offset below 255 groups (a
    billion characters): after the ids, it is the largest array while the lists are made."""
    counts = np.zeros(char_count, dtype=np.int64)
    for part in slices(len(ids)):
        counts += np.bincount(ids[part], minlength=char_count)
    counts[newline] = 0
    group_of_char = (np.cumsum(counts) - counts) // GROUP
    group_count = int(group_of_char.max(initial=0)) + 1
    group_type = np.uint8 if group_count < 0xFF else np.uint16
    if group_count >= np.iinfo(group_type).max:
        raise ValueError("the corpus is too large to index")
    group_of_char = group_of_char.astype(group_type)
    no_group = np.iinfo(group_type).max
    group_of_char[newline] = no_group
    groups = take(group_of_char, ids)
    for part in slices(len(ids) - 1):
        before_newline = ids[part.start + 1 : part.stop + 1] == newline
        groups[part][before_newline] = no_group
    if len(groups):
        groups[-1] = no_group
    return groups, group_count


def _positions_in(groups: np.ndarray, group: int) -> np.ndarray:
    return np.concatenate(
        [np.zeros(0, dtype=np.int64)]
        + [np.flatnonzero(groups[part] == group) + part.start for part in slices(len(groups))]
    )


def _position_bits(ids: np.ndarray) -> int:
    return max(1, int(len(ids)).bit_length())


def _encode_lists(keys: np.ndarray, positions: np.ndarray):
    """The distinct keys, the byte size of each one's posting list, and the lists' bytes."""
    new_key = np.ones(len(keys), dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    key_starts = np.flatnonzero(new_key)
    del new_key
    data, list_sizes = encode_lists(positions, np.diff(np.append(key_starts, len(keys))))
    return keys[key_starts].astype(np.int64), list_sizes, data


ENCODE_AT_ONCE = 1 << 20  # offsets coded at a time: some 100 MB of work arrays


def encode_lists(positions: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The posting lists of `positions`, ascending runs of counts[i] (each at least one)
    offsets: their bytes, concatenated, and each list's size in bytes. A few lists at a
    time, about ENCODE_AT_ONCE offsets, so that memory does not grow with the corpus."""
    counts = counts.astype(np.int64)
    if not len(counts):
        return np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64)
    if counts.max() >= MAX_COUNT:
        raise ValueError("the corpus is too large to index")
    ends = np.cumsum(counts)
    cuts = np.searchsorted(ends, np.arange(ENCODE_AT_ONCE, ends[-1], ENCODE_AT_ONCE))
    bounds = [0, *sorted({int(c) + 1 for c in cuts if c + 1 < len(counts)}), len(counts)]
    datas, sizes = [], []
    for first, last in itertools.pairwise(bounds):
        at = int(ends[first - 1]) if first else 0
        data, size = _encode_some(positions[at : int(ends[last - 1])], counts[first:last])
        datas.append(data)
        sizes.append(size)
    return np.concatenate(datas), np.concatenate(sizes)


def _encode_some(positions: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lists = len(counts)
    starts = np.cumsum(counts) - counts
    positions = positions.astype(np.int64)
    # The Rice-coded values: each offset but a list's first, less the one before, less one.
    later = np.ones(len(positions), dtype=bool)
    later[starts] = False
    values = (positions[1:] - positions[:-1] - 1)[later[1:]]
    del later
    tail_counts = counts - 1
    list_of = np.repeat(np.arange(lists), tail_counts)
    k = _rice_parameters(values, tail_counts)
    value_k = k[list_of]
    quotients = values >> value_k
    code_bits = quotients + 1 + value_k
    tail_bits = _run_sums(code_bits, tail_counts)
    head = np.column_stack((counts * RICE_PARAMETERS + k, positions[starts])).ravel()
    head, head_sizes = encode_varints(head)
    head_bytes = head_sizes.reshape(-1, 2).sum(axis=1, dtype=np.int64)
    sizes = head_bytes + (tail_bits + 7) // 8
    list_at = np.cumsum(sizes) - sizes

    # Each code's one bit, in the bits of all the lists: the codes of a list follow its
    # head, and the quotient's zeros come before the one bit.
    one_at = np.cumsum(code_bits) - code_bits + quotients
    one_at += (8 * (list_at + head_bytes) - (np.cumsum(tail_bits) - tail_bits))[list_of]
    del code_bits, quotients, list_of
    # The one bit and the k low bits as one field, shifted to its place in the 4 bytes from
    # the one bit's byte on (its bit there plus k + 1 is at most 32); the bytes are added
    # into place, which is OR, as no two fields share a bit.
    field = (values & ((1 << value_k) - 1)) | (1 << value_k)
    field <<= 32 - (one_at & 7) - (value_k + 1)
    window = field.astype(">u4").view(np.uint8).reshape(-1, 4)  # most significant first
    del values, value_k
    byte_at = one_at >> 3
    data = np.zeros(int(sizes.sum()) + 3, dtype=np.uint8)
    for i in range(4):
        np.add.at(data, byte_at + i, window[:, i])
    data[_gather_ranges(list_at, head_bytes)] = head
    return data[: len(data) - 3], sizes


def _rice_parameters(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each list's k (its values are runs of counts[i] in `values`): of the three around
    log2 of its mean value, the one giving fewest bits."""
    sums = _run_sums(values, counts)
    guess = np.floor(np.log2(np.maximum(sums / np.maximum(counts, 1), 1))).astype(np.int64)
    best_k = best_bits = None
    for delta in (-1, 0, 1):
        k = np.clip(guess + delta, 0, MAX_K)
        bits = counts * (k + 1) + _run_sums(values >> np.repeat(k, counts), counts)
        if best_bits is None:
            best_k, best_bits = k, bits
        else:
            better = bits < best_bits
            best_k, best_bits = np.where(better, k, best_k), np.minimum(bits, best_bits)
    return np.where(counts > 0, best_k, 0)


def _run_sums(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The sum of each run of counts[i] consecutive values (0 for an empty run)."""
    sums = np.zeros(len(counts), dtype=np.int64)
    filled = counts > 0
    if filled.any():
        sums[filled] = np.add.reduceat(values, (np.cumsum(counts) - counts)[filled])
    return sums


def dense_ids(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct code points (ascending) and each code's index among them (uint16 when
    there are fewer than 65,536 distinct ones, as in any real corpus); a slice at a time."""
    beyond = np.unique(codes[codes >= BMP])
    seen = present(codes, BMP)
    chars = np.concatenate((np.flatnonzero(seen), beyond)).astype(np.uint32)
    id_type = np.uint16 if len(chars) <= 1 << 16 else np.uint32
    lookup = (np.cumsum(seen, dtype=np.int64) - 1).astype(id_type)
    if not len(beyond):
        return chars, take(lookup, codes)
    ids = np.empty(len(codes), dtype=id_type)
    for part in slices(len(codes)):
        part_codes, part_ids = codes[part], ids[part]
        small = part_codes < BMP
        part_ids[small] = lookup[part_codes[small]]
        part_ids[~small] = int(seen.sum()) + np.searchsorted(beyond, part_codes[~small])
    return chars, ids


def _sorted_bigrams(ids: np.ndarray, char_count: int, positions: np.ndarray):
    """The keys (first * char_count + second) and positions of the bigrams starting at
    `positions`, sorted by key then position.

    Key and position share one 64-bit number, so a plain (unstable, fast) sort orders both.
    """
    position_bits = _position_bits(ids)
    combined = np.empty(len(positions), dtype=np.uint64)
    for part in slices(len(positions)):
        at = positions[part]
        key = ids[at].astype(np.uint64)
        key *= np.uint64(char_count)
        key += ids[at + 1]
        key <<= np.uint64(position_bits)
        key |= at.view(np.uint64)
        combined[part] = key
    del positions
    combined.sort()
    positions = np.empty(len(combined), dtype=np.uint32)
    keys = np.empty(len(combined), dtype=np.uint32 if char_count < 1 << 16 else np.uint64)
    mask = np.uint64((1 << position_bits) - 1)
    for part in slices(len(combined)):
        positions[part] = combined[part] & mask
        keys[part] = combined[part] >> np.uint64(position_bits)
    return keys, positions


def build_shards(postings: Postings, shard_count: int) -> list[bytes]:
    """The shard files' bytes, shard 0 first; every shard exists, even if empty."""
    shards = shard_of(postings.first, postings.second, shard_count)
    order = np.argsort(shards, kind="stable")  # stable: bigrams stay ascending per shard
    counts = np.bincount(shards, minlength=shard_count)
    sizes = np.diff(postings.offsets)

    # The headers of all shards as one stream of numbers: per shard its bigram count, then
    # (c1, c2, size) for each of its bigrams.
    header_lengths = 1 + 3 * counts
    header_starts = np.cumsum(header_lengths) - header_lengths
    values = np.empty(int(header_lengths.sum()), dtype=np.uint32)
    values[header_starts] = counts
    rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    slots = np.repeat(header_starts + 1, counts) + 3 * rank
    values[slots] = postings.first[order]
    values[slots + 1] = postings.second[order]
    values[slots + 2] = sizes[order]
    header_bytes, value_sizes = encode_varints(values)
    header_ends = np.cumsum(value_sizes, dtype=np.int64)[header_starts + header_lengths - 1]
    header_blob = header_bytes.tobytes()

    # Each shard's posting lists, gathered from `data` in the shard's bigram order.
    bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
    header_from = 0
    files = []
    for shard, header_to in enumerate(header_ends.tolist()):
        members = order[bounds[shard] : bounds[shard + 1]]
        body = postings.data[_gather_ranges(postings.offsets[members], sizes[members])]
        files.append(header_blob[header_from:header_to] + body.tobytes())
        header_from = header_to
    return files


def _gather_ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Indexes of the concatenated ranges [starts[i], starts[i] + sizes[i])."""
    range_starts = np.cumsum(sizes) - sizes
    return np.repeat(starts - range_starts, sizes) + np.arange(int(sizes.sum()))
