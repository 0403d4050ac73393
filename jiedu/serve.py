"""Live preview: serve the site from memory, rebuild on every save, reload the browser.

ChangeWatcher learns which files changed and runs Preview.rebuild; Preview keeps the last
good build in memory, or the error that stopped the newest one, which every page then shows.
"""

from __future__ import annotations

import html
import mimetypes
import os
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from jiedu.errors import JieduError

POLL_MS = 100  # how often the watcher looks for saves; a burst within it is one rebuild


class Preview:
    """The state of the live preview: the newest good site, or why the newest build failed."""

    def __init__(
        self,
        build: Callable[..., dict[str, bytes]],
        base_path: str = "/",
        build_on_request: dict[str, Callable[[], dict[str, bytes]]] | None = None,
    ):
        self.build = build
        self.base_path = base_path
        # Files too slow to make again at every save (the search index, the glossary gaps),
        # by the folder they are in: made when a browser first asks for one after a build.
        self.build_on_request = build_on_request or {}
        self.files: dict[str, bytes] = {}
        self.requested_built: set[str] = set()  # those folders, since the last build
        self.error: str | None = None

    def rebuild(self, changed: frozenset[str] | None = None) -> None:
        """Build again: everything, or (from the watcher) knowing that only the files at
        these paths may have changed since the last build began."""
        try:
            self.files = self.build() if changed is None else self.build(changed)
            self.requested_built = set()
            self.error = None
        except JieduError as error:
            self.error = str(error)
        except Exception:  # a bug must not take the preview down; show it like any error
            self.error = traceback.format_exc()
        if self.error:
            print(f"Build failed, showing the error in the browser:\n{self.error}", flush=True)
        else:
            print(f"Rebuilt ({len(self.files)} files).", flush=True)

    def respond(self, url_path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        if not url_path.startswith(self.base_path):
            if url_path in ("/", ""):
                return 302, self.base_path, b""
            return 404, "text/plain; charset=utf-8", f"Not under {self.base_path}".encode()
        path = url_path[len(self.base_path) :]
        if path == "" or path.endswith("/"):
            path += "index.html"
        is_page = path.endswith(".html")
        if self.error is not None and is_page:
            return 500, "text/html; charset=utf-8", error_page(self.error)
        for folder, make in self.build_on_request.items():
            made = folder in self.requested_built
            if path.startswith(folder) and path not in self.files and not made:
                self.files.update(make())
                self.requested_built.add(folder)
        if path not in self.files and path + "/index.html" in self.files:
            return 302, url_path + "/", b""
        if path not in self.files:
            return 404, "text/html; charset=utf-8", self.files.get("404.html", b"Not found")
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return 200, kind, self.files[path]

    def wsgi(self, environ, start_response):
        status, kind, body = self.respond(environ.get("PATH_INFO", "/"))
        reason = {200: "OK", 302: "Found", 404: "Not Found", 500: "Build Error"}[status]
        headers = [("Cache-Control", "no-store")]
        if status == 302:
            headers.append(("Location", kind))
        else:
            headers.append(("Content-Type", kind))
        start_response(f"{status} {reason}", headers)
        return [body]


def error_page(message: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>构建出错 · Build error</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.6}pre{white-space:pre-wrap;background:#fbeaea;"
        "border-left:4px solid #a3281d;padding:1rem;overflow-x:auto}</style>\n</head>\n<body>\n"
        "<h1>构建出错</h1>\n<p>The site could not be built. Fix the problem below and save: "
        "this page reloads by itself.</p>\n"
        f'<pre class="build-error">{html.escape(message)}</pre>\n</body>\n</html>\n'
    ).encode()


class ChangeWatcher(Watcher):
    """What livereload watches, told by the operating system (watchdog: inotify on Linux)
    instead of polled: livereload's own watcher stats every file ten times a second, which
    took a whole core at 10,000 reports. Every POLL_MS, the paths changed since the last
    look go to one rebuild, which then reads only those (SiteBuilder.build).

    Saves that land within one poll (a burst, or several files at once) give one rebuild;
    a save during a rebuild gives one more at the next poll.
    """

    def __init__(self, rebuild: Callable[[frozenset[str]], None]):
        super().__init__()
        self.rebuild = rebuild
        self._observer = Observer()
        self._changed = _ChangedPaths()

    def watch(self, path, func=None, delay=0, ignore=None):
        """A folder with everything in it, or a file (by watching its folder), or a path that
        does not exist yet (by watching the folder it would appear in)."""
        super().watch(path, func, delay, ignore)  # livereload would watch "." without it
        path = os.path.abspath(path)
        folder, recursive = path, True
        if not os.path.isdir(path):
            folder, recursive = os.path.dirname(path), not os.path.exists(path)
            while not os.path.isdir(folder):
                folder = os.path.dirname(folder)
        self._changed.watched.append(path)
        self._observer.schedule(self._changed, folder, recursive=recursive)

    def start_observing(self) -> None:
        """Before the first build, so that no save made during it is missed."""
        self._observer.daemon = True
        self._observer.start()

    def start(self, callback):
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self):
        changed = self._changed.take()
        if not changed:
            return None, None
        self.rebuild(changed)
        return min(changed), None  # livereload then reloads the browsers


class _ChangedPaths(FileSystemEventHandler):
    """The paths under the watched ones that changed, gathered on watchdog's thread."""

    IGNORED = frozenset(("opened", "closed_no_write"))  # reads, not changes

    def __init__(self):
        self.watched: list[str] = []
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def on_any_event(self, event):
        if event.event_type in self.IGNORED or (
            event.is_directory and event.event_type == "modified"
        ):
            return  # a folder is "modified" when a file in it is, which has its own event
        paths = [p for p in (event.src_path, event.dest_path) if p and self._is_watched(p)]
        with self._lock:
            self._paths.update(os.fsdecode(p) for p in paths)

    def _is_watched(self, path) -> bool:
        path = os.fsdecode(path)
        return any(path == w or path.startswith(w + os.sep) for w in self.watched)

    def take(self) -> frozenset[str]:
        with self._lock:
            paths, self._paths = frozenset(self._paths), set()
        return paths


def serve(preview: Preview, watched: list[Path], host: str, port: int) -> None:
    watcher = ChangeWatcher(preview.rebuild)
    for path in watched:
        watcher.watch(str(path))
    watcher.start_observing()
    preview.rebuild()
    server = Server(app=preview.wsgi, watcher=watcher)
    # livereload skips reloads within 3 s of the last one; an editor saves faster than that.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    print(f"Serving on http://{host}:{port}{preview.base_path} (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
