"""Results as the build cache stores them: bytes, and back.

JSON, not pickle: reading a cache file can never run code, whoever wrote it.
"""

from __future__ import annotations

import dataclasses
import json

from jiedu.markdown import Rendered, TocEntry
from jiedu.occurrences import Occurrences
from jiedu.targets.model import Target

_TARGET_FIELDS = tuple(field.name for field in dataclasses.fields(Target))


def body_bytes(rendered: Rendered) -> bytes:
    """What a page's neighbours need of a rendered body (its HTML is inside its page)."""
    plain = {
        # Fields by name: dataclasses.astuple deep-copies, and took 4 s of 10,000 bodies.
        "toc": [[entry.level, entry.id, entry.text] for entry in rendered.toc],
        "text": rendered.text,
        "occurrences": rendered.occurrences.to_plain(),
        "targets": [[getattr(t, name) for name in _TARGET_FIELDS] for t in rendered.targets],
    }
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()


def body_from_bytes(data: bytes) -> Rendered | None:
    """The body body_bytes() stored (its html empty), or None if it is not one."""
    try:
        plain = json.loads(data)
        return Rendered(
            "",
            tuple(TocEntry(*entry) for entry in plain["toc"]),
            plain["text"],
            Occurrences.from_plain(plain["occurrences"]),
            tuple(Target(*target) for target in plain["targets"]),
        )
    except (ValueError, TypeError, KeyError, OverflowError):  # OverflowError: array("I")
        return None
