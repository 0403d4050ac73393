"""A report's body rendered with its targets: they are read from the same text runs the
glossary annotation sees, while the body renders (no second parse)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from jiedu.markdown import Body, Rendered, render_markdown
from jiedu.targets.corrections import apply_corrections
from jiedu.targets.extract import body_blocks, extract_targets


def render_with_targets(
    report,
    annotate: Callable[[Body], list] | None = None,
    render=render_markdown,
    body: str | None = None,
) -> Rendered:
    """render(body, annotate, …), with Rendered.targets: the extracted targets as the
    report's `targets:` front matter corrects them. The body is report.body unless given;
    `render` is jiedu.markdown's render_markdown, or what the caller renders with."""
    found: dict[str, tuple] = {}

    def read_targets_then_annotate(body: Body) -> list:
        blocks = body_blocks(body)
        extracted = extract_targets(blocks)
        found["targets"] = apply_corrections(extracted, report.targets, blocks, report.path)
        return annotate(body) if annotate else []

    body = report.body if body is None else body
    rendered = render(body, read_targets_then_annotate, report.path, report.body_line)
    return dataclasses.replace(rendered, targets=found["targets"])
