"""The site's search index (search/*): its inputs taken from the rendered reports and the
glossary, built in this process (remembered by the preview) or in a forked process while
the other pages are rendered (SearchIndexInBackground)."""

from __future__ import annotations

import multiprocessing

from jiedu import memo_keys, workers
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


def search_files(project: Project, entries: list[ReportEntry], memo: Memo) -> dict[str, bytes]:
    """The search index, rebuilt only when a report's text or the glossary changed."""
    key = memo_keys.search([e.digest for e in entries], project.glossary_digest)
    index = memo.get(key, lambda: build_search_index(*search_inputs(project, entries)))
    return _in_search_folder(index)


class SearchIndexInBackground:
    """search_files(), built in a forked process while the other pages are rendered (about
    a second per thousand reports)."""

    def __init__(self, project: Project, entries: list[ReportEntry]):
        global _search_job
        _search_job = search_inputs(project, entries)  # inherited by the process, not sent
        self._receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        try:
            self._process = workers.start_forked(_build_search_index_job, send)
        finally:
            send.close()

    def files(self) -> dict[str, bytes]:
        try:
            index = self._receive.recv()
        finally:
            self._process.join()
        if isinstance(index, BaseException):
            raise index
        return _in_search_folder(index)

    def stop(self) -> None:
        """End the process if the build failed before it needed the index."""
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
