"""The live preview, run as an editor runs it: a real server process, real file edits."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from jiedu.search.pieces import decode_piece

from .conftest import REPO

REPORT = Path("content") / "2022-zhangdian.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


class Server:
    def __init__(self, project: Path, *args: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "--root",
                str(project),
                "serve",
                "--port",
                str(self.port),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str = "/") -> tuple[int, str]:
        return fetch(self.url(path))

    def wait_until_up(self, path: str = "/") -> None:
        def up() -> bool:
            try:
                return self.get(path)[0] in (200, 500)
            except OSError:
                return False

        wait_for(up, 30)

    def stop(self) -> str:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=10)
        return output


@pytest.fixture
def server(project):
    running = Server(project)
    running.wait_until_up()
    yield running
    running.stop()


def edit(project: Path, relative: Path, old: str, new: str) -> None:
    path = project / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_serves_pages_and_injects_live_reload_only_in_preview(server, project):
    status, home = server.get("/")
    assert status == 200
    assert "五个“聚力”全方位提升民生品质" in home
    assert "livereload.js" in home
    status, page = server.get("/reports/2022-zhangdian/")
    assert status == 200 and "张店区第十八届人民代表大会" in page
    assert server.get("/no/such/page/")[0] == 404
    # The same site built for publishing carries no live-reload script.
    subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project)],
        check=True,
        capture_output=True,
    )
    built = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "livereload" not in built


def test_an_edit_is_served_without_restarting(server, project):
    edit(project, REPORT, "会议开幕。", "会议开幕。编辑后新加的一句话。")
    wait_for(lambda: "编辑后新加的一句话" in server.get("/reports/2022-zhangdian/")[1])
    # The home page lists the new title once the title changes.
    edit(project, REPORT, "title: 五个“聚力”", "title: 六个“聚力”")
    wait_for(lambda: "六个“聚力”" in server.get("/")[1])


def test_errors_show_in_the_page_and_the_server_recovers(server, project):
    edit(project, REPORT, "kind: news", "kind: speech")
    wait_for(lambda: server.get("/")[0] == 500)
    status, page = server.get("/reports/2022-zhangdian/")
    assert status == 500
    assert "2022-zhangdian.md:7" in page and "&#x27;kind&#x27; must be one of" in page
    edit(project, REPORT, "kind: speech", "kind: news")
    wait_for(lambda: server.get("/")[0] == 200)

    template = Path("templates") / "home.html"
    edit(project, template, "{% endblock %}", "{{ no_such_variable }}{% endblock %}")
    wait_for(lambda: server.get("/")[0] == 500)
    assert "home.html:" in server.get("/")[1] and "no_such_variable" in server.get("/")[1]
    edit(project, template, "{{ no_such_variable }}", "")
    wait_for(lambda: server.get("/")[0] == 200)


def test_a_burst_of_saves_ends_in_a_consistent_site(server, project):
    path = project / REPORT
    original = path.read_text(encoding="utf-8")
    for n in range(25):
        path.write_text(original.replace("五个“聚力”", f"第{n}版“聚力”"), encoding="utf-8")
        time.sleep(0.02)
    wait_for(lambda: "第24版“聚力”" in server.get("/reports/2022-zhangdian/")[1])
    home = server.get("/")[1]
    assert "第24版“聚力”" in home
    assert "第23版" not in home


def test_new_report_file_appears(server, project):
    (project / "content" / "2022-new.md").write_text(
        "---\ntitle: 新加的报告\nregion: 张店区\n---\n新报告的正文。\n", encoding="utf-8"
    )
    wait_for(lambda: "新加的报告" in server.get("/")[1])
    assert "新报告的正文" in server.get("/reports/2022-new/")[1]


def test_saves_by_rename_and_removed_reports_are_seen(server, project):
    path = project / REPORT
    saved = path.with_name(".2022-zhangdian.md.swp")  # as editors save: write, then rename
    saved.write_text(path.read_text(encoding="utf-8").replace("五个“聚力”", "七个“聚力”"), "utf-8")
    os.replace(saved, path)
    wait_for(lambda: "七个“聚力”" in server.get("/reports/2022-zhangdian/")[1])
    path.unlink()
    wait_for(lambda: server.get("/reports/2022-zhangdian/")[0] == 404)
    assert "七个“聚力”" not in server.get("/")[1]


def test_preview_honours_the_base_url_path(project):
    running = Server(project, "--base-url", "https://example.org/repo/")
    try:
        running.wait_until_up("/repo/")
        status, home = running.get("/repo/")
        assert status == 200 and "五个“聚力”" in home
        assert running.get("/repo/reports/2022-zhangdian/")[0] == 200
        assert "repo" in urllib.request.urlopen(running.url("/"), timeout=5).url
    finally:
        running.stop()


def search_piece(server: Server, path: str) -> str:
    """A compressed text piece of the search index: its page's URL, then its text."""
    with urllib.request.urlopen(server.url(path), timeout=5) as response:
        header, text = decode_piece(response.read(), path)
    return header["page"]["url"] + "\n" + text


def test_search_index_is_built_when_the_preview_is_asked_for_it(server, project):
    status, page = server.get("/search/")
    assert status == 200 and 'id="search-results"' in page
    assert server.get("/search/meta.json")[0] == 200
    texts = [search_piece(server, f"/search/text/{n}-0.bin") for n in range(3)]
    assert any("reports/2022-zhangdian/" in text for text in texts)
    edit(project, REPORT, "会议开幕。", "会议开幕。新加的检索词语珍稀词。")
    wait_for(lambda: "珍稀词" in server.get("/reports/2022-zhangdian/")[1])
    # The index is rebuilt when asked for after the edit.
    texts = [search_piece(server, f"/search/text/{n}-0.bin") for n in range(3)]
    assert any("珍稀词" in text for text in texts)


def test_a_broken_glossary_shows_its_line_and_the_fix_restores_the_site(server, project):
    glossary = project / "glossary.yml"
    glossary.write_text(
        "- term: 两个100%\n  definition: 开工率和投资完成率均达100%。\n"
        "  source:\n    editorial: 测试\n",
        encoding="utf-8",
    )
    wait_for(lambda: 'href="#t_' in server.get("/reports/2021-linzi-report/")[1])
    glossary.write_text("- term: 两个100%\n  definiton: 拼错的键\n", encoding="utf-8")
    wait_for(lambda: server.get("/")[0] == 500)
    page = server.get("/reports/2021-linzi-report/")[1]
    assert "glossary.yml:2:" in page and "definiton" in page
    glossary.write_text(
        "- term: 两个100%\n  definition: 修好了的释义。\n  source:\n    editorial: 测试\n",
        encoding="utf-8",
    )
    wait_for(lambda: "修好了的释义" in server.get("/reports/2021-linzi-report/")[1])


def test_a_seed_dropped_into_seeds_is_imported_and_appears(server, project):
    shutil.copy(REPO / "seeds" / "002_22c87bdb59693694.txt", project / "seeds")
    wait_for(lambda: "张店" in server.get("/reports/2022-01-20-zhangdianqu-summary/")[1], 30)
    assert (project / "content" / "2022-01-20-zhangdianqu-summary.md").is_file()
