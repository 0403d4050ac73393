"""The site's search index (search/*): its inputs taken from the rendered reports and the
glossary; from the build cache, or built in this process (remembered by the preview) or in
a forked process while the other pages are rendered."""

from __future__ import annotations

import multiprocessing

from jiedu import memo_keys, workers
from jiedu.cache import BuildCache
from jiedu.memo import Memo
from jiedu.pages import ReportEntry
from jiedu.project import Project
from jiedu.search import SearchDocument, SearchTerm, build_search_index
from jiedu.usage import term_url


def search_inputs(
    project: Project, entries: list[ReportEntry]
) -> tuple[list[SearchDocument], list[SearchTerm]]:
    docs = [
        SearchDocument(
            e.url,
            e.report.title,
            e.report.region,
            e.report.date.isoformat() if e.report.date else None,
            e.rendered.text,
        )
        for e in entries
    ]
    terms = [
        SearchTerm(
            t.term,
            t.spellings,
            term_url(t.slug),
            (t.definition_for(None) or t.entries[0]).definition,
        )
        for t in project.glossary.terms
    ]
    return docs, terms


class SearchFiles:
    """The search index's files (search/*), made while the other pages are rendered.

    From the build cache when its key (every report's digest and glossary.yml) is there;
    else in a forked process when a one-off build has many reports (about a second per
    thousand), or in this process, remembered by the memo (the live preview)."""

    def __init__(
        self,
        project: Project,
        entries: list[ReportEntry],
        memo: Memo,
        cache: BuildCache | None = None,
    ):
        self._key = memo_keys.search([e.digest for e in entries], project.glossary_digest)
        self._cache = cache
        self._cached = cache.get(self._key) if cache is not None else None
        self._background = None
        if self._cached is None and not memo.remember and workers.worth_forking(len(entries)):
            self._background = _IndexInBackground(search_inputs(project, entries))
        self._build = lambda: memo.get(
            self._key, lambda: build_search_index(*search_inputs(project, entries))
        )

    def files(self) -> dict[str, bytes]:
        if self._cached is not None:
            return _in_search_folder(self._cached)
        index = self._background.index() if self._background else self._build()
        if self._cache is not None:
            self._cache.put(self._key, index)
        return _in_search_folder(index)

    def stop(self) -> None:
        """End the forked process if the build failed before it needed the index."""
        if self._background is not None:
            self._background.stop()


class _IndexInBackground:
    """build_search_index() in a forked process."""

    def __init__(self, job: tuple):
        global _search_job
        _search_job = job  # inherited by the process, not sent
        self._receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        try:
            self._process = workers.start_forked(_build_search_index_job, send)
        finally:
            send.close()

    def index(self) -> dict[str, bytes]:
        try:
            index = self._receive.recv()
        finally:
            self._process.join()
        if isinstance(index, BaseException):
            raise index
        return index

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._receive.close()


_search_job: tuple | None = None


def _build_search_index_job(send) -> None:
    try:
        send.send(build_search_index(*_search_job))
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        send.send(error)
    finally:
        send.close()


def _in_search_folder(index: dict[str, bytes]) -> dict[str, bytes]:
    return {"search/" + path: data for path, data in index.items()}
