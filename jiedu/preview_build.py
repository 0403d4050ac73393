"""The live preview's builder: one project built again and again at every save, reusing
every result whose inputs did not change (one Memo kept from build to build)."""

from __future__ import annotations

import sys
from collections.abc import Collection
from pathlib import Path

from jiedu.memo import Memo
from jiedu.project import Project, load_project_importing_new_seeds
from jiedu.site import build_files, page_renderer
from jiedu.theme import outdated_copy_note


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
        # The preview's pages for editors (the glossary gaps), never in a built site.
        self.editor_pages = editor_pages
        self.memo = Memo()
        self.gaps_memo = Memo()  # the gap finder's, kept while builds come and go
        self.project: Project | None = None
        # Paths told changed since the last good build: a failed build may not have read
        # them all (a broken report stops the loading), so the next one looks at them too.
        self._unbuilt: set[str] = set()

    def build(self, changed: Collection[str] | None = None) -> dict[str, bytes]:
        """changed: the only paths that may have changed since the last build began (the
        preview's watcher knows them), so that no other report file is looked at again."""
        if changed is not None:
            self._unbuilt.update(changed)
            changed = frozenset(self._unbuilt)
        project, imported = load_project_importing_new_seeds(
            self.root, self.base_url, self.memo, changed=changed
        )
        for line in imported:
            print(line, flush=True)
        shown = self.project.warnings if self.project else ()
        for warning in project.warnings:
            if warning not in shown:  # once, not again at every save
                print(f"warning: {warning}", file=sys.stderr, flush=True)
        noted = self.project.outdated_copies if self.project else ()
        for name in project.outdated_copies:
            if name not in noted:
                print(outdated_copy_note(self.root, name), file=sys.stderr, flush=True)
        files = build_files(project, self.memo, self.with_search, self.editor_pages)
        self.project = project
        self.memo.sweep()
        self._unbuilt.clear()
        return files

    def search_files(self) -> dict[str, bytes]:
        """The search index of the latest build (every other file comes from the memo)."""
        if self.project is None:
            return {}
        files = build_files(self.project, self.memo, True, self.editor_pages)
        return {
            p: data
            for p, data in files.items()
            if p.startswith("search/") and p != "search/index.html"  # that is the search page
        }

    def gap_files(self) -> dict[str, bytes]:
        """The glossary gaps of the latest build: its page and each report's count."""
        if self.project is None or not self.editor_pages:
            return {}
        from jiedu.gaps.page import preview_gaps

        gaps = preview_gaps(self.project, self.gaps_memo)
        return gaps.files(page_renderer(self.project, self.memo, editor_pages=True)[0])
