"""An editor's corrections to the extracted targets: the `targets:` front matter field.

    targets:
      - {indicator: gdp, value: 7%左右}                  # replaces the extracted gdp target
      - {indicator: other, label: 实际利用外资, value: 5%左右}  # adds (or replaces) one
      - {indicator: trade, remove: true}                 # drops the extracted trade target
      - {remove: true}                                   # drops every extracted target

A correction lives in the content file, so it survives rebuilds, and the importer never
overwrites a content file edited by hand. A value must be quoted from the report's text.
"""

from __future__ import annotations

from pathlib import Path

from jiedu.errors import JieduError
from jiedu.targets.extract import Block
from jiedu.targets.model import INDICATORS, Correction, Target
from jiedu.targets.values import Value, find_relation, find_values

KEYS = ("indicator", "label", "value", "remove")


def parse_corrections(entries: list, path: Path, line: int | None) -> tuple[Correction, ...]:
    """The `targets:` field checked entry by entry; errors name the entry."""
    return tuple(_parse_entry(entry, n, path, line) for n, entry in enumerate(entries, 1))


def _parse_entry(entry, n: int, path: Path, line: int | None) -> Correction:
    def fail(message: str) -> JieduError:
        return JieduError(path, f"field 'targets', entry {n}: {message}", line=line)

    if not isinstance(entry, dict):
        raise fail("must be a mapping such as {indicator: gdp, value: 7%左右}")
    unknown = [key for key in entry if key not in KEYS]
    if unknown:
        raise fail(f"unknown key '{unknown[0]}'; known keys: {', '.join(KEYS)}")
    indicator, label, value = entry.get("indicator"), entry.get("label"), entry.get("value")
    remove = entry.get("remove", False)
    if not isinstance(remove, bool):
        raise fail(f"'remove' must be true or false, not {remove!r}")
    if indicator is None and not remove:
        raise fail("needs an 'indicator' (or 'remove: true' to drop every extracted target)")
    if indicator is not None and indicator not in INDICATORS:
        raise fail(f"indicator must be one of {', '.join(INDICATORS)}, not {indicator!r}")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise fail(f"'label' must be text, not {label!r}")
    if indicator == "other" and not label:
        raise fail("an 'other' target needs its 'label' (the indicator as the report words it)")
    if remove == (value is not None):
        raise fail("give either a 'value' (quoted from the report) or 'remove: true'")
    if value is not None:
        if not isinstance(value, str):
            raise fail(f"'value' must be text quoted from the report, e.g. 7%左右, not {value!r}")
        if _read_value(value) is None:
            raise fail(f"value '{value}' has no figure: write it as the report does (7%左右)")
    return Correction(indicator, label, value, remove, line)


def apply_corrections(
    targets: tuple[Target, ...], corrections: tuple[Correction, ...], blocks: list[Block], path
) -> tuple[Target, ...]:
    """The extracted targets with the corrections applied, in order."""
    result = list(targets)
    for correction in corrections:
        matched = [t for t in result if _matches(t, correction)]
        if correction.remove:
            result = [t for t in result if t not in matched]
            continue
        replacement = _target(correction, matched, blocks, path)
        if matched:
            at = result.index(matched[0])
            result = [t for t in result if t not in matched]
            result.insert(at, replacement)
        else:
            result.append(replacement)
    return tuple(result)


def _matches(target: Target, correction: Correction) -> bool:
    if correction.indicator is None:
        return True
    if target.indicator != correction.indicator:
        return False
    return correction.label is None or target.label == correction.label


def _target(correction: Correction, matched: list[Target], blocks, path) -> Target:
    value = _read_value(correction.value)
    label = correction.label or (matched[0].label if matched else INDICATORS[correction.indicator])
    anchor = _anchor(correction.value, label, blocks)
    if anchor is False:
        raise JieduError(
            path,
            f"field 'targets': value '{correction.value}' is not in the report's text "
            "(quote the value as the report writes it)",
            line=correction.line,
        )
    change = matched[0].change if matched else ""
    return Target(
        correction.indicator,
        label,
        correction.value,
        value.low,
        value.high,
        value.comparator,
        value.unit,
        anchor,
        change,
    )


def _anchor(value: str, label: str, blocks: list[Block]):
    """The paragraph that holds the value (with the label, where one does); False if none."""
    holding = [block for block in blocks if value in block.text]
    if not holding:
        return False
    with_label = [block for block in holding if label in block.text]
    return (with_label or holding)[0].anchor


def _read_value(text: str) -> Value | None:
    values = find_values(text)
    if len(values) == 1:
        return values[0]
    return find_relation(text) if not values else None
