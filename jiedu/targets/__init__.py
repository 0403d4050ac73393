"""主要预期目标 as data: each report's targets for its year, read from its body.

extract.py finds them in the rendered body's blocks, corrections.py applies an editor's
`targets:` front matter, site_files.py makes the 目标对比 page and the downloads.
"""

from __future__ import annotations

from jiedu.targets.extract import Block, body_blocks, extract_targets
from jiedu.targets.model import INDICATORS, Correction, Target

__all__ = ["INDICATORS", "Block", "Correction", "Target", "body_blocks", "extract_targets"]
