"""jieba, loaded on first use (its dictionary takes about a second to load)."""

from __future__ import annotations

import functools
import logging


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Dictionary words of `text` with their spans (no guessing of unknown words)."""
    return list(_jieba().tokenize(text, HMM=False))


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs; "ns" marks place names, "nr" person names."""
    return [(pair.word, pair.flag) for pair in _jieba().posseg.cut(text)]
