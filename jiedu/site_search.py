"""The site's search index (search/*): its inputs taken from the rendered reports and the
glossary; from the build cache, or built in this process (remembered by the preview) or in
a forked process while the other pages are rendered."""

from __future__ import annotations

import multiprocessing
import queue
import threading

from jiedu import memo_keys, workers
from jiedu.cache import BuildCache
from jiedu.memo import Memo
from jiedu.pages import ReportEntry
from jiedu.project import Project
from jiedu.report_pages import report_url
from jiedu.search import SearchDocument, SearchTerm, build_search_index
from jiedu.search.index import BLOCK, FEED_BATCH, IndexBuilder, order_documents, page_record
from jiedu.usage import term_url
from jiedu.write import SiteWriter


def search_inputs(
    project: Project, entries: list[ReportEntry]
) -> tuple[list[SearchDocument], list[SearchTerm]]:
    return search_documents(project, [e.rendered.text for e in entries]), search_terms(project)


def search_documents(project: Project, texts: list[str]) -> list[SearchDocument]:
    """The reports as search documents, with the given texts (in the project's order)."""
    return [
        SearchDocument(
            report_url(report),
            report.title,
            report.region,
            report.date.isoformat() if report.date else None,
            text,
        )
        for report, text in zip(project.reports, texts, strict=True)
    ]


def search_terms(project: Project) -> list[SearchTerm]:
    return [
        SearchTerm(
            t.term,
            t.spellings,
            term_url(t.slug),
            (t.definition_for(None) or t.entries[0]).definition,
        )
        for t in project.glossary.terms
    ]


class SearchFiles:
    """The search index's files (search/*), made while the other pages are rendered.

    From the build cache when its key (every report's digest and glossary.yml) is there;
    else, when a one-off build has many reports, in a process forked before the reports
    are rendered (it holds none of their results): it is sent the reports' texts, and
    writes the files to disk itself when the site goes to disk. Or in this process,
    remembered by the memo (the live preview)."""

    def __init__(self, project: Project, memo: Memo, out, cache: BuildCache | None = None):
        self._project = project
        self._memo = memo
        self._key = memo_keys.search(list(project.report_digests), project.glossary_digest)
        self._cache = cache
        self._cached = cache.get_digests(self._key) if cache is not None else None
        self._entries: list[ReportEntry] = []
        self._background = None
        if (
            self._cached is None
            and not memo.remember
            and workers.worth_forking(len(project.reports))
        ):
            on_disk = out if isinstance(out, SiteWriter) else None
            self._background = _IndexInBackground(project, on_disk)

    def feed(self, entries: list[ReportEntry]) -> None:
        """The rendered reports, in the project's order."""
        if self._background is not None:
            self._background.feed([e.rendered.text for e in entries])
        else:
            self._entries = entries

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
            made = self._memo.get(
                self._key,
                lambda: build_search_index(*search_inputs(self._project, self._entries)),
            )
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
    """build_search_index() in a forked process, fed the texts in batches: its files are
    sent back, or, given a SiteWriter, written by the process (a list of (path, cache
    object) is sent back)."""

    def __init__(self, project: Project, writer: SiteWriter | None):
        global _search_job
        _search_job = (project, writer)  # inherited by the process, not sent
        context = multiprocessing.get_context("fork")
        texts_in, self._texts_out = context.Pipe(duplex=False)
        self._receive, send = context.Pipe(duplex=False)
        try:
            self._process = workers.start_forked(_build_search_index_job, texts_in, send)
        finally:
            send.close()
            texts_in.close()
            _search_job = None

    def feed(self, texts: list[str]) -> None:
        for start in range(0, len(texts), FEED_BATCH):
            self._texts_out.send(texts[start : start + FEED_BATCH])
        self._texts_out.send(None)
        self._texts_out.close()

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
        self._texts_out.close()


_search_job: tuple | None = None


def _build_search_index_job(texts_in, send) -> None:
    """The forked process: the index of the texts as they come, in the project's order."""
    project, writer = _search_job
    batches: queue.SimpleQueue = queue.SimpleQueue()
    # Read every batch as soon as it is sent, so that the sender never waits for this
    # process to normalise the one before.
    threading.Thread(target=_receive_batches, args=(texts_in, batches), daemon=True).start()
    try:
        ordered = order_documents(search_documents(project, [""] * len(project.reports)))
        numbers = {doc.url: number for number, doc in enumerate(ordered)}
        number_of = [numbers[report_url(report)] for report in project.reports]
        files: dict[str, bytes] = {}
        made: list[tuple[str, str | None]] = []

        def write(path: str, data: bytes) -> None:
            if writer is None:
                files[path] = data
            else:
                made.append(("search/" + path, writer.add("search/" + path, data)))

        index = IndexBuilder([page_record(doc) for doc in ordered], write, BLOCK)
        fed = 0
        while (batch := batches.get()) is not None:
            index.add([(number_of[fed + k], text) for k, text in enumerate(batch)])
            fed += len(batch)
        index.finish(search_terms(project), elsewhere=workers.iterate_in_fork)
        send.send(files if writer is None else sorted(made))
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        send.send(error)
    finally:
        send.close()


def _receive_batches(texts_in, batches: queue.SimpleQueue) -> None:
    try:
        while (batch := texts_in.recv()) is not None:
            batches.put(batch)
    except EOFError:  # the build stopped before sending them all
        pass
    batches.put(None)
