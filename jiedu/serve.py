"""Live preview: serve the site from memory, rebuild on every save, reload the browser.

livereload watches the project and runs Preview.rebuild; Preview keeps the last good build
in memory, or the error that stopped the newest one, which every page then shows.
"""

from __future__ import annotations

import html
import mimetypes
import traceback
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop

from jiedu.errors import JieduError

POLL_MS = 100  # how often the watcher looks for saves; a burst within it is one rebuild


class Preview:
    """The state of the live preview: the newest good site, or why the newest build failed."""

    def __init__(
        self,
        build: Callable[[], dict[str, bytes]],
        base_path: str = "/",
        build_on_request: Callable[[], dict[str, bytes]] | None = None,
    ):
        self.build = build
        self.base_path = base_path
        # Files too slow to rebuild on every save (the search index): made when first asked.
        self.build_on_request = build_on_request
        self.files: dict[str, bytes] = {}
        self.requested_built = False
        self.error: str | None = None

    def rebuild(self) -> None:
        try:
            self.files = self.build()
            self.requested_built = False
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
        if path not in self.files and self.build_on_request and not self.requested_built:
            self.files.update(self.build_on_request())
            self.requested_built = True
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


class RebuildingWatcher(Watcher):
    """livereload's polling watcher, polled every POLL_MS, with one rebuild per poll.

    Saves that land within one poll (a burst, or several files at once) give one rebuild;
    a save during a rebuild has a newer mtime and so gives one more at the next poll.
    """

    def __init__(self, rebuild: Callable[[], None]):
        super().__init__()
        self.rebuild = rebuild

    def start(self, callback):
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self):
        changed, delay = super().examine()
        if changed and changed != "__livereload__":
            self.rebuild()
        return changed, delay


def serve(preview: Preview, watched: list[Path], host: str, port: int) -> None:
    preview.rebuild()
    server = Server(app=preview.wsgi, watcher=RebuildingWatcher(preview.rebuild))
    for path in watched:
        server.watch(str(path))
    # livereload skips reloads within 3 s of the last one; an editor saves faster than that.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    print(f"Serving on http://{host}:{port}{preview.base_path} (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
