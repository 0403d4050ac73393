"""The live preview's builder: one project built again and again at every save, reusing
every result whose inputs did not change (one Memo kept from build to build)."""

from __future__ import annotations

import sys
from pathlib import Path

from jiedu.memo import Memo
from jiedu.project import Project, load_project_importing_new_seeds
from jiedu.site import build_files, page_renderer


class SiteBuilder:
    """Builds one project again and again, reusing every result whose inputs did not change."""

    def __init__(
        self,
        root: Path,
        base_url: str | None = None,
        with_search: bool = True,
        editor_pages: bool = False,
    ):
        self.root = root
        self.base_url = base_url
        self.with_search = with_search
        # The preview's pages for editors (the glossary gaps page), never in a built site.
        self.editor_pages = editor_pages
        self.gap_counts: dict[str, int] | None = None
        self.memo = Memo()
        self.project: Project | None = None

    def build(self) -> dict[str, bytes]:
        project, imported = load_project_importing_new_seeds(self.root, self.base_url, self.memo)
        for line in imported:
            print(line, flush=True)
        shown = self.project.warnings if self.project else ()
        for warning in project.warnings:
            if warning not in shown:  # once, not again at every save
                print(f"warning: {warning}", file=sys.stderr, flush=True)
        gaps = None
        if self.editor_pages:
            from jiedu.gaps.page import preview_gaps

            gaps = preview_gaps(project, self.memo)
        self.gap_counts = gaps.counts if gaps else None
        files = build_files(project, self.memo, self.with_search, self.gap_counts)
        if gaps is not None:
            files.update(gaps.files(page_renderer(project, self.memo, self.gap_counts)[0]))
        self.project = project
        self.memo.sweep()
        return files

    def search_files(self) -> dict[str, bytes]:
        """The search index of the latest build (every other file comes from the memo)."""
        if self.project is None:
            return {}
        files = build_files(self.project, self.memo, True, self.gap_counts)
        return {
            p: data
            for p, data in files.items()
            if p.startswith("search/") and p != "search/index.html"  # that is the search page
        }
