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
from jiedu.write import SiteWriter


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
    else in a forked process when a one-off build has many reports (about 1.7 s per
    thousand), which writes the files to disk itself when the site goes to disk; or in this
    process, remembered by the memo (the live preview)."""

    def __init__(
        self,
        project: Project,
        entries: list[ReportEntry],
        memo: Memo,
        out,
        cache: BuildCache | None = None,
    ):
        self._key = memo_keys.search([e.digest for e in entries], project.glossary_digest)
        self._cache = cache
        self._cached = cache.get_digests(self._key) if cache is not None else None
        self._background = None
        if self._cached is None and not memo.remember and workers.worth_forking(len(entries)):
            on_disk = out if isinstance(out, SiteWriter) else None
            self._background = _IndexInBackground(search_inputs(project, entries), on_disk)
        self._build = lambda: memo.get(
            self._key, lambda: build_search_index(*search_inputs(project, entries))
        )

    def write(self, out) -> None:
        """Add every file of the index to out."""
        cached = self._cached or {}
        if cached and all(out.add_object(path, digest) for path, digest in cached.items()):
            return
        if self._background is not None:
            made = self._background.result()
            if isinstance(made, list):  # written to disk by the process: (path, digest)
                for path, digest in made:
                    out.register(path, digest)
                if self._cache is not None:
                    self._cache.put_digests(self._key, dict(made))
                return
        else:
            made = self._build()
        digests = {}
        for path, data in sorted(made.items()):
            digest = out.add("search/" + path, data)
            if self._cache is not None:
                digests["search/" + path] = digest or self._cache.put_object(data)
        if self._cache is not None:
            self._cache.put_digests(self._key, digests)

    def stop(self) -> None:
        """End the forked process if the build failed before it needed the index."""
        if self._background is not None:
            self._background.stop()


class _IndexInBackground:
    """build_search_index() in a forked process: its files are sent back, or, given a
    SiteWriter, written by the process (a list of (path, cache object) is sent back)."""

    def __init__(self, job: tuple, writer: SiteWriter | None):
        global _search_job
        _search_job = (job, writer)  # inherited by the process, not sent
        self._receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        try:
            self._process = workers.start_forked(_build_search_index_job, send)
        finally:
            send.close()

    def result(self) -> dict[str, bytes] | list[tuple[str, str | None]]:
        try:
            made = self._receive.recv()
        finally:
            self._process.join()
        if isinstance(made, BaseException):
            raise made
        return made

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._receive.close()


_search_job: tuple | None = None


def _build_search_index_job(send) -> None:
    (docs, terms), writer = _search_job
    try:
        index = build_search_index(docs, terms)
        if writer is None:
            send.send(index)
        else:
            paths = ["search/" + path for path in sorted(index)]
            send.send([(path, writer.add(path, index.pop(path[7:]))) for path in paths])
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        send.send(error)
    finally:
        send.close()
